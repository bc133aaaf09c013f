import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type Trail as SdkTrail } from '@aws-sdk/client-cloudtrail';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetBucketLoggingCommand, S3Client } from '@aws-sdk/client-s3';
import { CallFailed, type CallError, type CollectContext, type Read } from './context.js';
import type { Collector } from './types.js';

/** What GetTrailStatus says about a trail (read in the trail's home region). */
export interface TrailStatus {
  isLogging: boolean;
  /** S3 delivery error of the most recent delivery attempt (`LatestDeliveryError`), if any. */
  latestDeliveryError?: string;
  /** ISO time of the latest delivery to CloudWatch Logs (`LatestCloudWatchLogsDeliveryTime`). */
  latestCloudWatchLogsDeliveryTime?: string;
  /** `LatestCloudWatchLogsDeliveryError`, if any. */
  latestCloudWatchLogsDeliveryError?: string;
}

/** A data resource of a classic event selector (`DataResources[]`): a resource type and ARN prefixes. */
export interface ClassicDataResource {
  /** `AWS::S3::Object`, `AWS::Lambda::Function`, `AWS::DynamoDB::Table`. */
  type: string;
  /** ARN prefixes: `arn:aws:s3` (every bucket), `arn:aws:s3:::bucket/` (one bucket), `arn:aws:s3:::bucket/prefix`. */
  values: string[];
}

/** A classic event selector (GetEventSelectors `EventSelectors[]`). */
export interface ClassicEventSelector {
  includeManagementEvents: boolean;
  /** `All`, `ReadOnly` or `WriteOnly` (AWS default `All`). */
  readWriteType: string;
  /** Event sources left out of management events (`kms.amazonaws.com`, `rdsdata.amazonaws.com`). */
  excludeManagementEventSources: string[];
  /** The data events it logs (`ReadWriteType` applies to them too); absent in older fixtures: none. */
  dataResources?: ClassicDataResource[];
}

/** One field condition of an advanced event selector (`AdvancedFieldSelector`). */
export interface AdvancedFieldCondition {
  field: string;
  equals?: string[];
  notEquals?: string[];
  startsWith?: string[];
  notStartsWith?: string[];
  endsWith?: string[];
  notEndsWith?: string[];
}

/** An advanced event selector (GetEventSelectors `AdvancedEventSelectors[]`). */
export interface AdvancedEventSelector {
  name?: string;
  fieldSelectors: AdvancedFieldCondition[];
}

/** The event selectors of a trail: classic or advanced (a trail has one kind or the other). */
export interface TrailSelectors {
  classic: ClassicEventSelector[];
  advanced: AdvancedEventSelector[];
}

/** The KMS key a trail encrypts with, read with kms:DescribeKey in the key's region. */
export interface TrailKey {
  /** `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, `Unavailable`, … */
  state: string;
  /** ISO deletion date of a key pending deletion. */
  deletionDate?: string;
}

/** Server access logging of a trail's S3 bucket (GetBucketLogging `LoggingEnabled`). */
export interface BucketLogging {
  targetBucket: string;
  targetPrefix?: string;
}

export interface Trail {
  name: string;
  arn: string;
  /** The region the trail lives in (its `HomeRegion`); multi-region trails have shadow copies elsewhere. */
  homeRegion: string;
  /** The account that owns the trail (from its ARN): another account for an organisation trail seen from a member. */
  ownerAccountId: string;
  multiRegion: boolean;
  organizationTrail: boolean;
  logFileValidation: boolean;
  kmsKeyId?: string;
  s3BucketName?: string;
  cloudWatchLogsLogGroupArn?: string;
  /**
   * Set when DescribeTrails failed in the trail's home region, so the trail is known only from a shadow
   * copy in another region: its settings above are the copy's, not read where the trail lives.
   */
  homeUnread?: CallError;
  /** GetTrailStatus in the home region, by ARN (members must name an organisation trail by its ARN). */
  status: Read<TrailStatus>;
  /** GetEventSelectors in the home region, by ARN. */
  selectors: Read<TrailSelectors>;
  /** kms:DescribeKey of `kmsKeyId` in the key's region; absent when the trail has no KMS key. */
  kmsKey?: Read<TrailKey>;
  /** s3:GetBucketLogging of `s3BucketName` (`null`: access logging off); absent when the trail has no bucket. */
  bucketLogging?: Read<BucketLogging | null>;
}

/** A region whose DescribeTrails failed: trails living there may be missing from `trails`. */
export interface UnreadRegion {
  region: string;
  error: CallError;
}

export interface CloudTrailData {
  /** Every trail of the account, each once (deduplicated by ARN), described in its home region. A failed read only when no region could be read. */
  trails: Read<Trail[]>;
  /** Regions whose DescribeTrails failed (the trail set may be incomplete). */
  unreadRegions: UnreadRegion[];
}

/** The account id in an ARN (`arn:aws:cloudtrail:eu-west-1:123456789012:trail/x`), or `undefined`. */
function arnAccount(arn: string | undefined): string | undefined {
  const part = arn?.split(':')[4];
  return part ? part : undefined;
}

/** The region in an ARN, or `undefined` (a bare key id has none). */
function arnRegion(arn: string | undefined): string | undefined {
  if (!arn?.startsWith('arn:')) return undefined;
  const part = arn.split(':')[3];
  return part ? part : undefined;
}

const iso = (d: Date | undefined) => (d ? new Date(d).toISOString() : undefined);

async function describeIn(ctx: CollectContext, region: string): Promise<SdkTrail[]> {
  const ct = ctx.clients.get(CloudTrailClient, region);
  // DescribeTrails has no pagination: one answer holds every trail of the region and its shadow copies.
  const out = await ctx.must('cloudtrail:DescribeTrails', () => ct.send(new DescribeTrailsCommand({ includeShadowTrails: true })));
  return out.trailList ?? [];
}

/**
 * CloudTrail (account-wide, run on the home snapshot): DescribeTrails in every scanned region (and in the
 * home region of any trail seen only as a shadow copy), each trail kept once, as described in its home
 * region, with its status, event selectors (both in the home region), the state of its KMS key and the
 * server access logging of its S3 bucket.
 */
export const cloudtrailCollector: Collector<CloudTrailData> = {
  id: 'cloudtrail',
  scope: 'account',
  async collect(ctx) {
    const described = new Map<string, Read<SdkTrail[]>>();
    const describe = async (regions: readonly string[]) => {
      await Promise.all(regions.filter((r) => !described.has(r)).map(async (r) => described.set(r, await ctx.read(() => describeIn(ctx, r)))));
    };
    const regions = ctx.regions.length > 0 ? ctx.regions : [ctx.region];
    await describe(regions);

    /** ARN → the copy seen in its home region (or, until then, any copy). */
    const copies = new Map<string, { trail: SdkTrail; home: boolean; seenIn: string }>();
    const gather = () => {
      for (const [region, read] of described) {
        if (!read.ok) continue;
        for (const t of read.value) {
          const key = t.TrailARN ?? `${region}/${t.Name ?? ''}`;
          // A shadow copy: a trail homed in another region, or an organisation trail of another account.
          const home = (t.HomeRegion ?? region) === region;
          const known = copies.get(key);
          if (!known || (home && !known.home)) copies.set(key, { trail: t, home, seenIn: region });
        }
      }
    };
    gather();
    // A trail seen only as a shadow copy whose home region was not scanned: describe it where it lives.
    const unscannedHomes = [...copies.values()]
      .filter((c) => !c.home && c.trail.HomeRegion && !described.has(c.trail.HomeRegion))
      .map((c) => c.trail.HomeRegion!);
    if (unscannedHomes.length > 0) {
      await describe([...new Set(unscannedHomes)]);
      gather();
    }

    const unreadRegions: UnreadRegion[] = [...described].flatMap(([region, read]) => (read.ok ? [] : [{ region, error: read.error }]));
    if (unreadRegions.length === described.size) {
      // Nothing could be read anywhere: the trail list itself is unknown.
      return { trails: { ok: false, error: unreadRegions[0]!.error }, unreadRegions };
    }

    const keyReads = new Map<string, Promise<Read<TrailKey>>>();
    const readKey = (keyId: string, trailRegion: string) => {
      let pending = keyReads.get(keyId);
      if (!pending) {
        const kms = ctx.clients.get(KMSClient, arnRegion(keyId) ?? trailRegion);
        pending = ctx.read(async () => {
          const meta = (await ctx.must('kms:DescribeKey', () => kms.send(new DescribeKeyCommand({ KeyId: keyId })))).KeyMetadata;
          if (!meta?.KeyState)
            throw new CallFailed({ call: 'kms:DescribeKey', kind: 'other', code: 'NoKeyState', message: `DescribeKey of ${keyId} gave no key state` });
          return { state: meta.KeyState, deletionDate: iso(meta.DeletionDate) };
        });
        keyReads.set(keyId, pending);
      }
      return pending;
    };

    // One read per log bucket, however many trails share it (a bucket of another account is usually denied).
    const loggingReads = new Map<string, Promise<Read<BucketLogging | null>>>();
    const readLogging = (bucket: string, trailRegion: string) => {
      let pending = loggingReads.get(bucket);
      if (!pending) {
        const s3 = ctx.clients.get(S3Client, trailRegion);
        pending = ctx.read(async () => {
          const out = await ctx.must('s3:GetBucketLogging', () => s3.send(new GetBucketLoggingCommand({ Bucket: bucket })));
          const target = out.LoggingEnabled?.TargetBucket;
          return target ? { targetBucket: target, targetPrefix: out.LoggingEnabled?.TargetPrefix || undefined } : null;
        });
        loggingReads.set(bucket, pending);
      }
      return pending;
    };

    const trails = await Promise.all(
      [...copies.values()].map(async ({ trail: t, home, seenIn }): Promise<Trail> => {
        const homeRegion = t.HomeRegion ?? seenIn;
        const name = t.TrailARN ?? t.Name ?? '';
        const client = ctx.clients.get(CloudTrailClient, homeRegion);
        const homeRead = described.get(homeRegion);
        const [status, selectors, kmsKey, bucketLogging] = await Promise.all([
          ctx.read(async (): Promise<TrailStatus> => {
            const s = await ctx.must('cloudtrail:GetTrailStatus', () => client.send(new GetTrailStatusCommand({ Name: name })));
            return {
              isLogging: s.IsLogging === true,
              latestDeliveryError: s.LatestDeliveryError || undefined,
              latestCloudWatchLogsDeliveryTime: iso(s.LatestCloudWatchLogsDeliveryTime),
              latestCloudWatchLogsDeliveryError: s.LatestCloudWatchLogsDeliveryError || undefined,
            };
          }),
          ctx.read(async (): Promise<TrailSelectors> => {
            const s = await ctx.must('cloudtrail:GetEventSelectors', () => client.send(new GetEventSelectorsCommand({ TrailName: name })));
            return {
              classic: (s.EventSelectors ?? []).map((e) => ({
                includeManagementEvents: e.IncludeManagementEvents !== false,
                readWriteType: e.ReadWriteType ?? 'All',
                excludeManagementEventSources: e.ExcludeManagementEventSources ?? [],
                dataResources: (e.DataResources ?? []).map((d) => ({ type: d.Type ?? '', values: d.Values ?? [] })),
              })),
              advanced: (s.AdvancedEventSelectors ?? []).map((a) => ({
                name: a.Name,
                fieldSelectors: (a.FieldSelectors ?? []).map((f) => ({
                  field: f.Field ?? '',
                  equals: f.Equals,
                  notEquals: f.NotEquals,
                  startsWith: f.StartsWith,
                  notStartsWith: f.NotStartsWith,
                  endsWith: f.EndsWith,
                  notEndsWith: f.NotEndsWith,
                })),
              })),
            };
          }),
          t.KmsKeyId ? readKey(t.KmsKeyId, homeRegion) : Promise.resolve(undefined),
          t.S3BucketName ? readLogging(t.S3BucketName, homeRegion) : Promise.resolve(undefined),
        ]);
        return {
          name: t.Name ?? '',
          arn: t.TrailARN ?? '',
          homeRegion,
          ownerAccountId: arnAccount(t.TrailARN) ?? ctx.accountId,
          multiRegion: t.IsMultiRegionTrail === true,
          organizationTrail: t.IsOrganizationTrail === true,
          logFileValidation: t.LogFileValidationEnabled === true,
          kmsKeyId: t.KmsKeyId,
          s3BucketName: t.S3BucketName,
          cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn,
          ...(!home && homeRead && !homeRead.ok ? { homeUnread: homeRead.error } : {}),
          status,
          selectors,
          ...(kmsKey ? { kmsKey } : {}),
          ...(bucketLogging ? { bucketLogging } : {}),
        };
      }),
    );
    return { trails: { ok: true, value: trails }, unreadRegions };
  },
};
