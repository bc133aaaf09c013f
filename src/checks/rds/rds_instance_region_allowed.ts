import { errorFinding, fail, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/**
 * No RDS DB instance or DB cluster lives in a region outside `scan.allowedRegions`. A regional check: it
 * sees only the regions the scan covers (an unscanned region's databases are not judged).
 */
export const rds_instance_region_allowed = defineCheck({
  id: 'rds_instance_region_allowed',
  title: 'RDS databases are in allowed regions',
  demands:
    'No RDS DB instance or DB cluster in a scanned region outside `scan.allowedRegions` (no list: error asking for one; regions the scan does not cover are not seen).',
  actionItem: 5,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['rds'],
  permissions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
  rationale: 'Databases hold personal data; one in a region outside the approved ones puts that data outside the agreed boundary.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'rds', resource, (rds) => {
      const out: Finding[] = [];
      const dbs: { arn: string; what: string }[] = [];
      if (rds.instances.ok) {
        for (const i of rds.instances.value) if (!i.clusterId) dbs.push({ arn: i.arn, what: `RDS DB instance ${i.id} (${i.engine})` });
      } else out.push(errorFinding(resource, rds.instances.error));
      if (rds.clusters.ok) for (const c of rds.clusters.value) dbs.push({ arn: c.arn, what: `RDS DB cluster ${c.id} (${c.engine})` });
      else out.push(errorFinding(resource, rds.clusters.error));
      if (dbs.length === 0) return out.length > 0 ? out : [notApplicable(resource, `No RDS DB instances or clusters in ${s.region} (account ${s.accountId}).`)];
      const allowed = s.settings.allowedRegions ?? [];
      if (allowed.length === 0) {
        return [
          ...out,
          {
            status: CheckStatus.Error,
            resource,
            message: `Cannot judge the ${dbs.length} RDS database(s) in ${s.region} (account ${s.accountId}): no scan.allowedRegions is configured. Set scan.allowedRegions to the regions personal data may be stored in.`,
          },
        ];
      }
      const ok = allowed.includes(s.region);
      for (const db of dbs) {
        out.push(
          ok
            ? pass(db.arn, `${db.what} is in ${s.region}, an allowed region.`)
            : fail(
                db.arn,
                `${db.what} is in ${s.region}, which is not in scan.allowedRegions (${allowed.join(', ')}): move it to an allowed region or add the region to the list.`,
              ),
        );
      }
      return out;
    });
  },
});
