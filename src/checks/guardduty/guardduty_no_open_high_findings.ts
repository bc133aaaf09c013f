import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** No open (unarchived) GuardDuty findings of high or critical severity (≥ 7), on any detector of the region, suspended or not. */
export const guardduty_no_open_high_findings = defineCheck({
  id: 'guardduty_no_open_high_findings',
  title: 'No open high-severity GuardDuty findings',
  demands: 'No open (unarchived) GuardDuty finding of severity 7 or more (high and critical) on any detector.',
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
        if (detectors.length === 0)
          return [notApplicable(resource, `GuardDuty is not enabled in ${s.region} (account ${s.accountId}); no findings to review.`)];
        return detectors.map((d): Finding => {
          if (!d.openHighFindings.ok) return errorFinding(d.arn, d.openHighFindings.error);
          const n = d.openHighFindings.value.ids.length;
          if (n === 0 && d.openHighFindings.value.more) {
            return {
              status: CheckStatus.Error,
              resource: d.arn,
              message: `Could not check GuardDuty detector ${d.id} in ${s.region}: guardduty:ListFindings kept answering empty pages with a NextToken, so "no open high-severity findings" cannot be told.`,
            };
          }
          return n > 0
            ? fail(
                d.arn,
                `GuardDuty detector ${d.id} in ${s.region} has ${n}${d.openHighFindings.value.more ? '+' : ''} open high or critical finding(s) (severity ≥ 7).`,
              )
            : pass(d.arn, `GuardDuty detector ${d.id} in ${s.region} has no open high-severity findings.`);
        });
      }),
    );
  },
});
