import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from './helpers.js';
import type { Snapshot } from '../aws/snapshot.js';
import type { Finding } from './types.js';

/**
 * One GuardDuty protection plan (a GetDetector `Features` entry) on every detector of the region. No
 * detector, or a suspended one, is not judged here (`guardduty_enabled` fails it): a plan switched on in a
 * suspended detector watches nothing, so it never passes. A plan the detector does not list at all is
 * not offered in the region: not applicable, never a pass.
 */
export function protectionPlanFindings(s: Snapshot, feature: string, plan: string): Finding[] {
  const resource = regionResource(s);
  return withData(s, 'guardduty', resource, (gd) =>
    fromRead(gd.detectors, resource, (detectors) => {
      if (detectors.length === 0)
        return [notApplicable(resource, `GuardDuty is not enabled in ${s.region} (account ${s.accountId}), so ${plan} is off (see guardduty_enabled).`)];
      return detectors.map((d): Finding => {
        if (!d.status.ok) return errorFinding(d.arn, d.status.error);
        if (d.status.value !== 'ENABLED')
          return notApplicable(d.arn, `GuardDuty detector ${d.id} in ${s.region} is suspended, so ${plan} watches nothing (see guardduty_enabled).`);
        if (!d.features.ok) return errorFinding(d.arn, d.features.error);
        const f = d.features.value.find((x) => x.name === feature);
        if (!f)
          return notApplicable(
            d.arn,
            `GuardDuty detector ${d.id} in ${s.region} does not list ${plan} (${feature}) among its features: the plan is not offered in this region.`,
          );
        return f.status === 'ENABLED'
          ? pass(d.arn, `GuardDuty ${plan} (${feature}) is enabled on detector ${d.id} in ${s.region}.`)
          : fail(d.arn, `GuardDuty ${plan} (${feature}) is ${f.status || 'not enabled'} on detector ${d.id} in ${s.region}.`);
      });
    }),
  );
}
