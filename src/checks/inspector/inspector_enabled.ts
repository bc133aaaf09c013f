import { fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck } from '../types.js';

/**
 * Inspector's account state is `ENABLED` and it scans EC2 and ECR (`ENABLED`; `ENABLING`,
 * `DISABLING`, `SUSPENDING` and `SUSPENDED` do not scan). A state missing from the answer, or the
 * account in `failedAccounts`, is an error.
 */
export const inspector_enabled = defineCheck({
  id: 'inspector_enabled',
  title: 'Amazon Inspector is enabled',
  demands: 'Inspector is ENABLED for the account with EC2 and ECR scanning ENABLED; an account in `failedAccounts`, or a missing status, is `error`.',
  actionItem: 11,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['inspector'],
  permissions: ['inspector2:BatchGetAccountStatus'],
  rationale: 'Unpatched software on instances and images is a common way into systems that hold personal data.',
  evaluate(s) {
    const resource = regionResource(s);
    const where = `in ${s.region} (account ${s.accountId})`;
    return withData(s, 'inspector', resource, (ins) =>
      fromRead(ins.status, resource, (st) => {
        const unknown = (what: string) => [
          { status: CheckStatus.Error, resource, message: `Could not check ${resource}: inspector2:BatchGetAccountStatus gave no ${what} ${where}.` },
        ];
        if (!st.overall) return unknown('account state');
        const wanted = [
          ['EC2', st.ec2],
          ['ECR', st.ecr],
        ] as const;
        const off = wanted.filter(([, v]) => v !== undefined && v !== 'ENABLED').map(([k, v]) => `${k} scanning is ${v!.toLowerCase()}`);
        if (st.overall !== 'ENABLED')
          return [fail(resource, `Inspector is ${st.overall.toLowerCase()} ${where}${off.length > 0 ? `; ${off.join(', ')}` : ''}.`)];
        if (off.length > 0) return [fail(resource, `Inspector is enabled ${where}, but ${off.join(' and ')}.`)];
        const missing = wanted.filter(([, v]) => v === undefined).map(([k]) => k);
        if (missing.length > 0) return unknown(`${missing.join(' or ')} scan status`);
        return [pass(resource, `Inspector scans EC2 and ECR ${where}.`)];
      }),
    );
  },
});
