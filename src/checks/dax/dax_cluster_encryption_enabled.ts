import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/**
 * Every DAX cluster (the DynamoDB cache, which holds copies of the items it serves) has server-side
 * encryption ENABLED. It can only be turned on when the cluster is created.
 */
export const dax_cluster_encryption_enabled = defineCheck({
  id: 'dax_cluster_encryption_enabled',
  title: 'DAX clusters are encrypted at rest',
  demands: 'Every DAX cluster (deleting ones aside) has server-side encryption with status ENABLED (ENABLING, DISABLING, DISABLED or none do not count).',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['dax'],
  permissions: ['dax:DescribeClusters'],
  rationale:
    'A DAX cluster caches DynamoDB items, personal data included, on its nodes; an encrypted table behind an unencrypted cache leaves the copies in clear.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'dax', resource, (dax) =>
      fromRead(dax.clusters, resource, (all) => {
        const clusters = all.filter((c) => c.status !== 'deleting');
        if (clusters.length === 0) return [notApplicable(resource, `No DAX clusters in ${s.region} (account ${s.accountId}).`)];
        return clusters.map((c) =>
          c.sseStatus === 'ENABLED'
            ? pass(c.arn, `DAX cluster ${c.name} is encrypted at rest.`)
            : fail(
                c.arn,
                `DAX cluster ${c.name} in ${s.region} is not encrypted at rest (server-side encryption ${c.sseStatus ?? 'never enabled'}); recreate it with encryption on.`,
              ),
        );
      }),
    );
  },
});
