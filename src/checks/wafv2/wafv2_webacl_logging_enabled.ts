import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** Every WAF web ACL logs the requests it inspects (a logging configuration with a destination). */
export const wafv2_webacl_logging_enabled = defineCheck({
  id: 'wafv2_webacl_logging_enabled',
  title: 'WAF web ACLs log their traffic',
  demands:
    'Every WAFv2 web ACL of the region (and, in us-east-1, every CloudFront web ACL) has a logging configuration with a destination (CloudWatch Logs, S3 or Firehose).',
  actionItem: 9,
  gdpr: ['Art. 30', 'Art. 33'],
  severity: 'low',
  scope: 'region',
  needs: ['wafv2'],
  permissions: ['wafv2:ListWebACLs', 'wafv2:ListLoggingConfigurations'],
  rationale:
    'WAF logs show which requests reached or were blocked from the applications that handle personal data: the evidence for scoping an attack on them.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'wafv2', resource, (waf) =>
      fromRead(waf.webAcls, resource, (acls) => {
        if (acls.length === 0) return [notApplicable(resource, `No WAF web ACLs in ${s.region} (account ${s.accountId}).`)];
        return acls.map((a): Finding => {
          if (!waf.logging.ok) return errorFinding(a.arn, waf.logging.error);
          const destinations = waf.logging.value[a.arn] ?? [];
          const where = a.scope === 'CLOUDFRONT' ? 'CloudFront web ACL' : `web ACL in ${s.region}`;
          return destinations.length > 0
            ? pass(a.arn, `WAF ${where} ${a.name} logs to ${destinations.join(', ')}.`)
            : fail(a.arn, `WAF ${where} ${a.name} has no logging configuration: the requests it allows and blocks are not recorded.`);
        });
      }),
    );
  },
});
