import { fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Inspector scans EC2 and ECR in the region. */
export const inspector_enabled = defineCheck({
  id: 'inspector_enabled',
  title: 'Amazon Inspector is enabled',
  actionItem: 11,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['inspector'],
  permissions: ['inspector2:BatchGetAccountStatus'],
  remediation: 'inspector-enable',
  rationale: 'Unpatched software on instances and images is a common way into systems that hold personal data.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'inspector', resource, (ins) =>
      fromRead(ins.status, resource, (st) => {
        const off = (['ec2', 'ecr'] as const).filter((k) => st[k] !== 'ENABLED');
        return st.overall === 'ENABLED' && off.length === 0
          ? [pass(resource, `Inspector scans EC2 and ECR in ${s.region} (account ${s.accountId}).`)]
          : [fail(resource, `Inspector is ${st.overall.toLowerCase()} in ${s.region} (account ${s.accountId})${off.length > 0 ? `; not scanning ${off.join(' and ').toUpperCase()}` : ''}.`)];
      }),
    );
  },
});
