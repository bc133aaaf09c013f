import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** No open GuardDuty findings of high or critical severity. */
export const guardduty_no_open_high_findings = defineCheck({
  id: 'guardduty_no_open_high_findings',
  title: 'No open high-severity GuardDuty findings',
  actionItem: 11,
  gdpr: ['Art. 33'],
  severity: 'high',
  scope: 'region',
  needs: ['guardduty'],
  permissions: ['guardduty:ListDetectors', 'guardduty:ListFindings'],
  rationale: 'An open high-severity finding may be a personal data breach that must be assessed and, if so, notified within 72 hours.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'guardduty', resource, (gd) =>
      fromRead(gd.detectors, resource, (detectors) => {
        if (detectors.length === 0) return [notApplicable(resource, `GuardDuty is not enabled in ${s.region} (account ${s.accountId}); no findings to review.`)];
        return detectors.map((d): Finding => {
          if (!d.openHighFindings.ok) return errorFinding(d.arn, d.openHighFindings.error);
          const n = d.openHighFindings.value.ids.length;
          return n > 0
            ? fail(d.arn, `GuardDuty detector ${d.id} in ${s.region} has ${n}${d.openHighFindings.value.more ? '+' : ''} open high-severity finding(s).`)
            : pass(d.arn, `GuardDuty detector ${d.id} in ${s.region} has no open high-severity findings.`);
        });
      }),
    );
  },
});
