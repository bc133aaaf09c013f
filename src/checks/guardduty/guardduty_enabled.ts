import { errorFinding, fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** A GuardDuty detector is enabled in the region. */
export const guardduty_enabled = defineCheck({
  id: 'guardduty_enabled',
  title: 'GuardDuty is enabled',
  demands: 'A GuardDuty detector with status ENABLED in every scanned region (a suspended one fails).',
  actionItem: 11,
  gdpr: ['Art. 32', 'Art. 33'],
  severity: 'high',
  scope: 'region',
  needs: ['guardduty'],
  permissions: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
  rationale: 'GuardDuty detects compromised credentials and exfiltration: the events Art. 33 requires you to notice and report.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'guardduty', resource, (gd) =>
      fromRead(gd.detectors, resource, (detectors) => {
        if (detectors.length === 0) return [fail(resource, `GuardDuty is not enabled in ${s.region} (account ${s.accountId}).`)];
        const enabled = detectors.find((d) => d.status.ok && d.status.value === 'ENABLED');
        if (enabled) return [pass(resource, `GuardDuty detector ${enabled.id} is enabled in ${s.region} (account ${s.accountId}).`)];
        const unknown = detectors.find((d) => !d.status.ok);
        if (unknown && !unknown.status.ok) return [errorFinding(resource, unknown.status.error)];
        return [fail(resource, `GuardDuty detector(s) in ${s.region} (account ${s.accountId}) are suspended.`)];
      }),
    );
  },
});
