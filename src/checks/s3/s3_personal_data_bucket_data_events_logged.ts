import { buildDataMap, categoryLabels } from '../datamap.js';
import { accountResource, fail, notApplicable, pass, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/**
 * Every bucket on the personal data map (Macie's automated discovery scores it sensitive and finds
 * personal data in it, or could not say which kinds) has its object reads and writes recorded by a
 * logging, delivering multi-region trail: for every bucket, or for this bucket by name. A region where
 * Macie (or its automated discovery) is off or unreadable is an error: nobody can tell which of its
 * buckets hold personal data.
 */
export const s3_personal_data_bucket_data_events_logged = defineCheck({
  id: 's3_personal_data_bucket_data_events_logged',
  title: 'Buckets holding personal data have their object reads and writes logged',
  demands:
    "Every bucket Macie's automated discovery finds personal data in (score 50+) is covered by S3 read and write data events of a logging, delivering multi-region trail (Macie or its automated discovery off or unreadable in a scanned region: error).",
  actionItem: 8,
  gdpr: ['Art. 30', 'Art. 33'],
  severity: 'high',
  scope: 'account',
  needs: ['macieprofiles', 'cloudtrail'],
  permissions: [
    'macie2:GetMacieSession',
    'macie2:GetAdministratorAccount',
    'macie2:GetAutomatedDiscoveryConfiguration',
    'macie2:ListAutomatedDiscoveryAccounts',
    'macie2:DescribeBuckets',
    'macie2:GetResourceProfile',
    'macie2:ListResourceProfileDetections',
    'cloudtrail:DescribeTrails',
    'cloudtrail:GetTrailStatus',
    'cloudtrail:GetEventSelectors',
  ],
  rationale:
    'When personal data leaks from a bucket, a breach notification (Art. 33) must say whose data was read; only object-level data events of that bucket can tell.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'macieprofiles', resource, () =>
      withData(s, 'cloudtrail', resource, () => {
        const map = buildDataMap(s)!;
        const out: Finding[] = map.gaps.map((g) => ({
          status: CheckStatus.Error,
          resource: g.region === 'all' ? resource : `${s.accountId}/${g.region}`,
          message: `Could not check ${g.region === 'all' ? `account ${s.accountId}` : `${g.region} (account ${s.accountId})`}: ${g.message}`,
        }));
        for (const st of map.stores) {
          const what = `Bucket ${st.name} holds personal data (${categoryLabels(st)}; Macie score ${st.sensitivityScore})`;
          if (st.dataEvents.state === 'logged') out.push(pass(st.arn, `${what}: ${st.dataEvents.detail}.`));
          else if (st.dataEvents.state === 'unknown')
            out.push({ status: CheckStatus.Error, resource: st.arn, message: `Could not check bucket ${st.name}: ${st.dataEvents.detail}.` });
          else
            out.push(
              fail(st.arn, `${what} but ${st.dataEvents.detail}: log S3 read and write data events for it (a trail's data event selector on AWS::S3::Object).`),
            );
        }
        if (out.length === 0) {
          out.push(
            notApplicable(
              resource,
              `Macie's automated discovery finds no bucket of account ${s.accountId} holding personal data in ${map.regions.join(', ') || s.region} (${map.belowThreshold} bucket(s) scored below 50).`,
            ),
          );
        }
        return out;
      }),
    );
  },
});
