import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Days of automated snapshots the GDPR benchmarks ask for (Steampipe: at least 7). */
const MIN_DAYS = 7;

/** Every provisioned Redshift cluster keeps automated snapshots for at least 7 days. */
export const redshift_cluster_automated_snapshot = defineCheck({
  id: 'redshift_cluster_automated_snapshot',
  title: 'Redshift clusters keep automated snapshots',
  demands: `Every provisioned Redshift cluster has an automated snapshot retention period of at least ${MIN_DAYS} days (0 turns them off).`,
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['redshift'],
  permissions: ['redshift:DescribeClusters'],
  rationale:
    'Art. 32(1)(c) asks for the ability to restore personal data in a timely manner; without automated snapshots a cluster cannot be restored to a recent point.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'redshift', resource, (rs) =>
      fromRead(rs.clusters, resource, (clusters) => {
        if (clusters.length === 0) return [notApplicable(resource, `No Redshift clusters in ${s.region} (account ${s.accountId}).`)];
        return clusters.map((c) => {
          const days = c.automatedSnapshotRetentionDays;
          if (days >= MIN_DAYS) return pass(c.arn, `Redshift cluster ${c.id} keeps automated snapshots for ${days} days.`);
          return fail(
            c.arn,
            days === 0
              ? `Redshift cluster ${c.id} in ${s.region} has automated snapshots off.`
              : `Redshift cluster ${c.id} in ${s.region} keeps automated snapshots for ${days} day(s), fewer than ${MIN_DAYS}.`,
          );
        });
      }),
    );
  },
});
