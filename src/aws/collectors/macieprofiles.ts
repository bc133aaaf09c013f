import { GetResourceProfileCommand, Macie2Client, paginateDescribeBuckets, paginateListResourceProfileDetections } from '@aws-sdk/client-macie2';
import { MACIE_PROFILE_CAP, MACIE_PROFILE_MIN_SCORE } from '../facts.js';
import { CallErrorKind, CallFailed, type CollectContext, type Read } from './context.js';
import { MACIE_NOT_ENABLED, readAutomatedDiscovery, readMacieStatus, type AutomatedDiscovery } from './macie.js';
import type { Collector } from './types.js';

/** One kind of sensitive data Macie found in a bucket (ListResourceProfileDetections). */
export interface MacieDetection {
  /** The managed data identifier's id (`EMAIL_ADDRESS`, `AWS_CREDENTIALS`, …) or a custom identifier's id. */
  id: string;
  name: string;
  /** `MANAGED` or `CUSTOM`. */
  type: string;
  count: number;
  /** Excluded from the bucket's score by someone (still found in the bucket). */
  suppressed: boolean;
}

/** GetResourceProfile: Macie's discovery statistics for a bucket. */
export interface MacieProfile {
  sensitivityScore?: number;
  /** The score was set by hand (to 100). */
  overridden: boolean;
  updatedAt?: string;
  totalDetections?: number;
  itemsSensitive?: number;
}

/** A bucket of this account that Macie's automated discovery scored as holding sensitive data, with its profile. */
export interface MacieProfiledBucket {
  name: string;
  arn: string;
  /** As DescribeBuckets reports it (absent: Macie gave none). */
  region?: string;
  sensitivityScore: number;
  /** Macie's view of the default encryption (`NONE`, `AES256`, `aws:kms`, `aws:kms:dsse`). */
  encryption?: string;
  /** Macie's `publicAccess.effectivePermission`: `PUBLIC`, `NOT_PUBLIC` or `UNKNOWN`. */
  publicAccess?: string;
  classifiableSizeInBytes?: number;
  /** `MONITORED` or `NOT_MONITORED` by automated discovery. */
  monitoring?: string;
  /**
   * GetResourceProfile and ListResourceProfileDetections (every page). Absent when the bucket was over
   * the account's cap ({@link MACIE_PROFILE_CAP}) and was not read; `null` when Macie has no profile yet.
   */
  profile?: Read<MacieProfile | null>;
  detections?: Read<MacieDetection[] | null>;
}

/** One region of the account as Macie sees it. */
export interface MacieRegionProfiles {
  /** `ENABLED`, `PAUSED`, `null` when Macie is not enabled. */
  session: Read<string | null>;
  /** `null` when Macie is not enabled. */
  automatedDiscovery: Read<AutomatedDiscovery | null>;
  /**
   * This account's buckets with a sensitivity score of at least {@link MACIE_PROFILE_MIN_SCORE}, highest
   * score first; `null` when Macie or its automated discovery is off (then no score means anything).
   */
  buckets: Read<MacieProfiledBucket[] | null>;
  /** This account's buckets in the inventory below that score (not profiled), and those scored -1 (Macie could not analyse them). */
  belowThreshold: number;
  unanalysed: string[];
}

export interface MacieProfilesData {
  /** Every scanned region, by region. */
  byRegion: Record<string, MacieRegionProfiles>;
  /** Buckets left without a profile read because the account's cap was reached. */
  overCap: number;
}

const NOT_FOUND = ['ResourceNotFoundException'];

/** Paged reads cannot go through `macieCall` (one request each): the same "Macie is not enabled" rule, for `ctx.pages`. */
async function notEnabledAsNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof CallFailed && error.error.kind === CallErrorKind.Denied && MACIE_NOT_ENABLED.test(error.error.message)) return null;
    throw error;
  }
}

async function readProfile(ctx: CollectContext, macie: Macie2Client, arn: string): Promise<Pick<MacieProfiledBucket, 'profile' | 'detections'>> {
  const profile = await ctx.read(async (): Promise<MacieProfile | null> => {
    const out = await ctx.call('macie2:GetResourceProfile', () => macie.send(new GetResourceProfileCommand({ resourceArn: arn })), NOT_FOUND);
    if (out === null) return null;
    return {
      ...(typeof out.sensitivityScore === 'number' ? { sensitivityScore: out.sensitivityScore } : {}),
      overridden: out.sensitivityScoreOverridden === true,
      ...(out.profileUpdatedAt ? { updatedAt: new Date(out.profileUpdatedAt).toISOString() } : {}),
      ...(typeof out.statistics?.totalDetections === 'number' ? { totalDetections: out.statistics.totalDetections } : {}),
      ...(typeof out.statistics?.totalItemsSensitive === 'number' ? { itemsSensitive: out.statistics.totalItemsSensitive } : {}),
    };
  });
  const detections = await ctx.read(async (): Promise<MacieDetection[] | null> => {
    try {
      const list = await ctx.pages(
        'macie2:ListResourceProfileDetections',
        paginateListResourceProfileDetections({ client: macie }, { resourceArn: arn }),
        (p) => p.detections,
      );
      return list.map((d) => ({
        id: d.id ?? d.name ?? '',
        name: d.name ?? d.id ?? '',
        type: d.type ?? 'MANAGED',
        count: d.count ?? 0,
        suppressed: d.suppressed === true,
      }));
    } catch (error) {
      // No profile yet: no detections to list (never "none found").
      if (error instanceof CallFailed && NOT_FOUND.includes(error.error.code)) return null;
      throw error;
    }
  });
  return { profile, detections };
}

/**
 * The buckets that Macie's automated sensitive data discovery scores as holding sensitive data, in every
 * scanned region (account-wide, so the data map can be joined with S3's and CloudTrail's account-wide
 * facts): DescribeBuckets (every page), then for each of this account's buckets scored
 * {@link MACIE_PROFILE_MIN_SCORE} or more, highest first, GetResourceProfile and every page of
 * ListResourceProfileDetections, up to {@link MACIE_PROFILE_CAP} buckets per account (the rest keep their
 * score, without categories). Where Macie or its automated discovery is off, no bucket is judged: scores
 * then mean nothing (Macie gives 50 to every bucket it has not analysed).
 */
export const macieProfilesCollector: Collector<MacieProfilesData> = {
  id: 'macieprofiles',
  scope: 'account',
  async collect(ctx) {
    const regions = ctx.regions.length > 0 ? ctx.regions : [ctx.region];
    const byRegion: Record<string, MacieRegionProfiles> = {};
    const toProfile: { macie: Macie2Client; bucket: MacieProfiledBucket }[] = [];
    await Promise.all(
      regions.map(async (region) => {
        const macie = ctx.clients.get(Macie2Client, region);
        const session = await readMacieStatus(ctx, region);
        const off = session.ok && session.value === null;
        const automatedDiscovery: Read<AutomatedDiscovery | null> = off ? { ok: true, value: null } : await ctx.read(() => readAutomatedDiscovery(ctx, macie));
        const entry: MacieRegionProfiles = { session, automatedDiscovery, buckets: { ok: true, value: null }, belowThreshold: 0, unanalysed: [] };
        byRegion[region] = entry;
        if (off || !automatedDiscovery.ok || automatedDiscovery.value?.status !== 'ENABLED') return;
        entry.buckets = await ctx.read(async () => {
          const listed = await notEnabledAsNull(() => ctx.pages('macie2:DescribeBuckets', paginateDescribeBuckets({ client: macie }, {}), (p) => p.buckets));
          const own = (listed ?? []).filter((b) => b.accountId === ctx.accountId && b.bucketName);
          const out: MacieProfiledBucket[] = [];
          for (const b of own) {
            const score = typeof b.sensitivityScore === 'number' ? b.sensitivityScore : -1;
            if (score < 0) entry.unanalysed.push(b.bucketName!);
            else if (score < MACIE_PROFILE_MIN_SCORE) entry.belowThreshold += 1;
            else {
              out.push({
                name: b.bucketName!,
                arn: b.bucketArn ?? `arn:aws:s3:::${b.bucketName}`,
                ...(b.region ? { region: b.region } : {}),
                sensitivityScore: score,
                ...(b.serverSideEncryption?.type ? { encryption: b.serverSideEncryption.type } : {}),
                ...(b.publicAccess?.effectivePermission ? { publicAccess: b.publicAccess.effectivePermission } : {}),
                ...(typeof b.classifiableSizeInBytes === 'number' ? { classifiableSizeInBytes: b.classifiableSizeInBytes } : {}),
                ...(b.automatedDiscoveryMonitoringStatus ? { monitoring: b.automatedDiscoveryMonitoringStatus } : {}),
              });
            }
          }
          out.sort((a, b) => b.sensitivityScore - a.sensitivityScore || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
          for (const bucket of out) toProfile.push({ macie, bucket });
          return out;
        });
      }),
    );
    // The cap is per account: the highest scores of all regions first.
    toProfile.sort((a, b) => b.bucket.sensitivityScore - a.bucket.sensitivityScore || (a.bucket.arn < b.bucket.arn ? -1 : 1));
    const chosen = toProfile.slice(0, MACIE_PROFILE_CAP);
    await Promise.all(chosen.map(async ({ macie, bucket }) => Object.assign(bucket, await readProfile(ctx, macie, bucket.arn))));
    return { byRegion, overCap: toProfile.length - chosen.length };
  },
};
