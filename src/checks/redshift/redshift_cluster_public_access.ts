import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** No provisioned Redshift cluster of the region is publicly accessible (`PubliclyAccessible`). */
export const redshift_cluster_public_access = defineCheck({
  id: 'redshift_cluster_public_access',
  title: 'Redshift clusters are not publicly accessible',
  demands: 'No provisioned Redshift cluster has `PubliclyAccessible` true (a public IP address reachable from outside the VPC).',
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['redshift'],
  permissions: ['redshift:DescribeClusters'],
  rationale: 'A public cluster endpoint leaves only the security group and the database password between the internet and the warehouse.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'redshift', resource, (rs) =>
      fromRead(rs.clusters, resource, (clusters) => {
        if (clusters.length === 0) return [notApplicable(resource, `No Redshift clusters in ${s.region} (account ${s.accountId}).`)];
        return clusters.map((c) =>
          c.publiclyAccessible
            ? fail(c.arn, `Redshift cluster ${c.id} in ${s.region} is publicly accessible.`)
            : pass(c.arn, `Redshift cluster ${c.id} is not publicly accessible.`),
        );
      }),
    );
  },
});
