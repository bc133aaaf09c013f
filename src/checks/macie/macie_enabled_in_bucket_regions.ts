import { accountResource, errorFinding, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/**
 * Every region that holds S3 buckets of the account (ListBuckets `BucketRegion`, account-wide) has Macie
 * ENABLED (PAUSED fails). A region with buckets that the scan does not cover is an error naming it, never
 * a pass; a bucket whose region is unknown is an error too.
 */
export const macie_enabled_in_bucket_regions = defineCheck({
  id: 'macie_enabled_in_bucket_regions',
  title: 'Macie is enabled wherever there are buckets',
  demands: 'Every region that holds S3 buckets of the account has Macie ENABLED (a bucket region the scan does not cover: error naming it).',
  actionItem: 10,
  gdpr: ['Art. 25', 'Art. 30', 'Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['s3', 'maciesessions'],
  permissions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', 'macie2:GetMacieSession'],
  rationale:
    'Macie inventories and classifies only the buckets of the regions it is enabled in; a region with buckets and no Macie is personal data nobody looks for.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 's3', account, (s3) =>
      withData(s, 'maciesessions', account, (sessions) =>
        fromRead(s3.buckets, account, (buckets) => {
          if (buckets.length === 0) return [notApplicable(account, `Account ${s.accountId} has no S3 buckets.`)];
          const out: Finding[] = [];
          const byRegion = new Map<string, string[]>();
          for (const b of buckets) {
            if (!b.region.ok) out.push(errorFinding(b.arn, b.region.error));
            else {
              // Appended in place: copying the list for every bucket was quadratic (seconds at 10,000 buckets).
              const names = byRegion.get(b.region.value);
              if (names) names.push(b.name);
              else byRegion.set(b.region.value, [b.name]);
            }
          }
          for (const [region, names] of [...byRegion].sort(([a], [b]) => a.localeCompare(b))) {
            const resource = `${s.accountId}/${region}`;
            const some = `${names.length} bucket(s) (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`;
            const session = sessions.byRegion[region];
            if (!session) {
              out.push({
                status: CheckStatus.Error,
                resource,
                message: `Not checked: ${region} holds ${some} of account ${s.accountId} but is not scanned; add ${region} to scan.regions to see whether Macie is enabled there.`,
              });
              continue;
            }
            out.push(
              ...fromRead(session, resource, (status) => [
                status === 'ENABLED'
                  ? pass(resource, `Macie is enabled in ${region}, which holds ${some} of account ${s.accountId}.`)
                  : fail(resource, `Macie is ${status ?? 'not enabled'} in ${region}, which holds ${some} of account ${s.accountId}: enable Macie there.`),
              ]),
            );
          }
          return out;
        }),
      ),
    );
  },
});
