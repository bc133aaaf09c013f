import type { UserPool, UserPoolDetails } from '../aws/collectors/cognito.js';
import type { Snapshot } from '../aws/snapshot.js';
import { errorFinding, fromRead, notApplicable, regionResource, withData } from './helpers.js';
import type { Finding } from './types.js';

/**
 * The user-pool checks' common walk: one finding per Cognito user pool of the region, `judge` deciding
 * on the pool's DescribeUserPool details. The collector failing, the list failing, or one pool's details
 * failing are errors (that pool's, for the last); a region without pools is not applicable.
 */
export function forEachUserPool(s: Snapshot, judge: (pool: UserPool, details: UserPoolDetails) => Finding): Finding[] {
  const resource = regionResource(s);
  return withData(s, 'cognito', resource, (c) =>
    fromRead(c.userPools, resource, (pools) => {
      if (pools.length === 0) return [notApplicable(resource, `No Cognito user pools in ${s.region} (account ${s.accountId}).`)];
      return pools.map((p) => (p.details.ok ? judge(p, p.details.value) : errorFinding(p.arn, p.details.error)));
    }),
  );
}
