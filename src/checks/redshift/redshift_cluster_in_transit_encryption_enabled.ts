import type { RedshiftCluster, RedshiftData } from '../../aws/collectors/redshift.js';
import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

function judge(c: RedshiftCluster, groups: RedshiftData['parameterGroups'], region: string): Finding {
  const group = c.parameterGroups[0];
  if (!group)
    return { status: CheckStatus.Error, resource: c.arn, message: `Could not check ${c.arn}: DescribeClusters named no cluster parameter group for it.` };
  const read = groups[group.name];
  if (!read) return { status: CheckStatus.Error, resource: c.arn, message: `Could not check ${c.arn}: cluster parameter group ${group.name} was not read.` };
  if (!read.ok) return errorFinding(c.arn, read.error);
  const p = read.value;
  if (!p || p.value === undefined)
    return fail(c.arn, `Redshift cluster ${c.id} in ${region} accepts connections without TLS: ${group.name} sets no require_ssl.`);
  if (p.value.toLowerCase() !== 'true')
    return fail(c.arn, `Redshift cluster ${c.id} in ${region} accepts connections without TLS: require_ssl is ${p.value} in ${group.name}.`);
  if (p.applyType === 'static' && group.status === 'pending-reboot') {
    return fail(
      c.arn,
      `Redshift cluster ${c.id} in ${region} does not require TLS yet: require_ssl is true in ${group.name} but the cluster is pending a reboot to apply it.`,
    );
  }
  return pass(c.arn, `Redshift cluster ${c.id} requires TLS (require_ssl true in ${group.name}).`);
}

/**
 * Every provisioned Redshift cluster refuses connections without TLS: `require_ssl` is true in its cluster
 * parameter group (the default group `default.redshift-1.0` has it false and cannot be changed), and a
 * change is in effect (not pending a reboot).
 */
export const redshift_cluster_in_transit_encryption_enabled = defineCheck({
  id: 'redshift_cluster_in_transit_encryption_enabled',
  title: 'Redshift clusters require TLS',
  demands: 'Every provisioned Redshift cluster has `require_ssl` = true in effect in its cluster parameter group.',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['redshift'],
  permissions: ['redshift:DescribeClusters', 'redshift:DescribeClusterParameters'],
  rationale:
    'Without require_ssl a client that does not ask for TLS gets a plain connection: queries and result sets full of personal data cross the network readable.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'redshift', resource, (rs) =>
      fromRead(rs.clusters, resource, (clusters) => {
        if (clusters.length === 0) return [notApplicable(resource, `No Redshift clusters in ${s.region} (account ${s.accountId}).`)];
        return clusters.map((c) => judge(c, rs.parameterGroups, s.region));
      }),
    );
  },
});
