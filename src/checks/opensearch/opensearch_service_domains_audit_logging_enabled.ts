import type { OpenSearchDomain } from '../../aws/collectors/opensearch.js';
import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

function judge(d: OpenSearchDomain, region: string): Finding {
  if (d.auditLogGroup) return pass(d.arn, `OpenSearch domain ${d.name} publishes audit logs to ${d.auditLogGroup}.`);
  const others = d.otherLogs.length > 0 ? ` (it publishes ${d.otherLogs.join(', ')}, which do not record who accessed what)` : '';
  const why = d.auditLogGroup === '' ? 'reports audit logs enabled but names no log group' : 'does not publish audit logs';
  return fail(d.arn, `OpenSearch domain ${d.name} in ${region} ${why}${others}.`);
}

/**
 * Every OpenSearch Service domain publishes audit logs (`LogPublishingOptions.AUDIT_LOGS`) to CloudWatch
 * Logs. Slow logs and error logs are not audit logs.
 */
export const opensearch_service_domains_audit_logging_enabled = defineCheck({
  id: 'opensearch_service_domains_audit_logging_enabled',
  title: 'OpenSearch domains publish audit logs',
  demands: 'Every OpenSearch Service domain publishes audit logs (AUDIT_LOGS, which needs fine-grained access control) to a CloudWatch Logs group.',
  actionItem: 9,
  gdpr: ['Art. 30', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['opensearch'],
  permissions: ['es:ListDomainNames', 'es:DescribeDomains'],
  rationale: 'Audit logs record who read, searched and changed which indices: what shows whether personal data in them was accessed.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'opensearch', resource, (os) =>
      fromRead(os.domains, resource, (domains) => {
        if (domains.length === 0) return [notApplicable(resource, `No OpenSearch Service domains in ${s.region} (account ${s.accountId}).`)];
        return domains.map((d) => judge(d, s.region));
      }),
    );
  },
});
