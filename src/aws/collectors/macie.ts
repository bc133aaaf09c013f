import {
  GetAdministratorAccountCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetFindingsCommand,
  GetMacieSessionCommand,
  ListAutomatedDiscoveryAccountsCommand,
  ListFindingsCommand,
  Macie2Client,
  paginateDescribeBuckets,
} from '@aws-sdk/client-macie2';
import { CallErrorKind, CallFailed, type CollectContext, type Read } from './context.js';
import type { Collector } from './types.js';

/** Automated sensitive data discovery as it applies to this account. */
export interface AutomatedDiscovery {
  /** `ENABLED` or `DISABLED`; `NOT_LISTED` when the administrator's list does not name this account. */
  status: string;
  /** The Macie administrator account that manages it, for a member account (its own setting, not the organisation's). */
  administrator?: string;
}

/** The oldest open (unarchived) sensitive-data finding (category CLASSIFICATION) of the region. */
export interface OldestSensitiveFinding {
  id: string;
  /** `SensitiveData:S3Object/Personal`, `SensitiveData:S3Object/Financial`, … */
  type: string;
  createdAt: string;
  bucket?: string;
  /** `Low`, `Medium` or `High`. */
  severity?: string;
}

/** A bucket as Macie's inventory (DescribeBuckets) describes it. */
export interface MacieBucket {
  name: string;
  /** The account that owns it (an administrator's inventory also holds its members' buckets). */
  accountId: string;
  /** As Macie reports it; absent when it gave none (never guessed). */
  region?: string;
  /** 0–100; 50 or more is what Macie calls sensitive. `-1` or absent: not analysed yet. */
  sensitivityScore?: number;
  /** Default encryption type: `NONE`, `AES256`, `aws:kms`, `aws:kms:dsse`; absent when Macie gave none. */
  encryption?: string;
}

export interface MacieData {
  /** Macie status (`ENABLED`, `PAUSED`), `null` when Macie is not enabled. */
  session: Read<string | null>;
  /** Automated sensitive data discovery for this account, `null` when Macie is not enabled. */
  automatedDiscovery: Read<AutomatedDiscovery | null>;
  /**
   * The oldest open sensitive-data finding, `null` when there is none (or Macie is not enabled). `undefined`
   * when ListFindings kept answering empty pages with a nextToken: "none" is not proven.
   */
  oldestSensitiveFinding: Read<OldestSensitiveFinding | null | undefined>;
  /** Macie's S3 bucket inventory of the region (DescribeBuckets, every page), `null` when Macie is not enabled. */
  buckets: Read<MacieBucket[] | null>;
}

/** ListFindings pages read at most looking for the oldest open sensitive-data finding. */
export const MACIE_MAX_EMPTY_PAGES = 20;

/** ListFindings (oldest first, one a page) until a page holds an id, then GetFindings for its date, type and bucket. */
async function oldestSensitiveFinding(ctx: CollectContext, macie: Macie2Client): Promise<OldestSensitiveFinding | null | undefined> {
  let nextToken: string | undefined;
  for (let page = 0; page < MACIE_MAX_EMPTY_PAGES; page += 1) {
    const out = await macieCall(ctx, 'macie2:ListFindings', () =>
      macie.send(
        new ListFindingsCommand({
          findingCriteria: { criterion: { archived: { eq: ['false'] }, category: { eq: ['CLASSIFICATION'] } } },
          sortCriteria: { attributeName: 'createdAt', orderBy: 'ASC' },
          maxResults: 1,
          nextToken,
        }),
      ),
    );
    if (out === null) return null;
    const id = out.findingIds?.[0];
    if (id) {
      const got = await macieCall(ctx, 'macie2:GetFindings', () => macie.send(new GetFindingsCommand({ findingIds: [id] })));
      const f = got?.findings?.find((x) => x.id === id);
      if (!f?.createdAt)
        throw new CallFailed({
          call: 'macie2:GetFindings',
          kind: CallErrorKind.Other,
          code: 'NoFinding',
          message: `GetFindings did not return finding ${id} with its createdAt`,
        });
      return {
        id,
        type: f.type ?? '',
        createdAt: new Date(f.createdAt).toISOString(),
        ...(f.resourcesAffected?.s3Bucket?.name ? { bucket: f.resourcesAffected.s3Bucket.name } : {}),
        ...(f.severity?.description ? { severity: f.severity.description } : {}),
      };
    }
    nextToken = out.nextToken || undefined;
    if (!nextToken) return null;
  }
  return undefined;
}

/** The message Macie gives, with an AccessDeniedException, when it is not enabled in the account and region. */
export const MACIE_NOT_ENABLED = /\bMacie is not enabled\b/i;

/** Relationship statuses under which a member account's Macie is run by its administrator. */
const MANAGED = new Set(['Enabled', 'Paused']);

/**
 * Macie answers "AccessDeniedException: Macie is not enabled" when it is off. That message means
 * "absent"; every other AccessDenied (no IAM permission, an SCP) is a real permission problem.
 */
export async function macieCall<T>(ctx: CollectContext, call: string, send: () => Promise<T>): Promise<T | null> {
  try {
    return await ctx.must(call, send);
  } catch (error) {
    if (error instanceof CallFailed && error.error.kind === CallErrorKind.Denied && MACIE_NOT_ENABLED.test(error.error.message)) return null;
    throw error;
  }
}

/** Macie's status in `region` (GetMacieSession: `ENABLED`, `PAUSED`; `null` when Macie is not enabled there). */
export function readMacieStatus(ctx: CollectContext, region: string): Promise<Read<string | null>> {
  const macie = ctx.clients.get(Macie2Client, region);
  return ctx.read(async () => (await macieCall(ctx, 'macie2:GetMacieSession', () => macie.send(new GetMacieSessionCommand({}))))?.status ?? null);
}

/**
 * Automated sensitive data discovery for this account in the client's region (`null`: Macie not enabled). A
 * standalone or administrator account reads its configuration; a member reads its own status from the
 * administrator's per-account list (the configuration is the administrator's).
 */
export async function readAutomatedDiscovery(ctx: CollectContext, macie: Macie2Client): Promise<AutomatedDiscovery | null> {
  const admin = (await macieCall(ctx, 'macie2:GetAdministratorAccount', () => macie.send(new GetAdministratorAccountCommand({}))))?.administrator;
  if (admin?.accountId && MANAGED.has(admin.relationshipStatus ?? '')) {
    const listed = await macieCall(ctx, 'macie2:ListAutomatedDiscoveryAccounts', () =>
      macie.send(new ListAutomatedDiscoveryAccountsCommand({ accountIds: [ctx.accountId] })),
    );
    if (listed === null) return null;
    const mine = listed.items?.find((a) => a.accountId === ctx.accountId);
    return { status: mine?.status ?? 'NOT_LISTED', administrator: admin.accountId };
  }
  const config = await macieCall(ctx, 'macie2:GetAutomatedDiscoveryConfiguration', () => macie.send(new GetAutomatedDiscoveryConfigurationCommand({})));
  return config === null ? null : { status: config.status ?? 'DISABLED' };
}

/**
 * Macie (regional): whether it is enabled (or paused), and whether automated sensitive data discovery
 * covers this account. A standalone or administrator account reads its configuration; a member reads
 * its own status from the administrator's per-account list (the configuration is the administrator's).
 */
export const macieCollector: Collector<MacieData> = {
  id: 'macie',
  scope: 'region',
  async collect(ctx) {
    const macie = ctx.clients.get(Macie2Client, ctx.region);
    const session = await readMacieStatus(ctx, ctx.region);
    const automatedDiscovery: Read<AutomatedDiscovery | null> =
      session.ok && session.value === null ? { ok: true, value: null } : await ctx.read(() => readAutomatedDiscovery(ctx, macie));
    const oldest: Read<OldestSensitiveFinding | null | undefined> =
      session.ok && session.value === null ? { ok: true, value: null } : await ctx.read(() => oldestSensitiveFinding(ctx, macie));
    const buckets: Read<MacieBucket[] | null> =
      session.ok && session.value === null
        ? { ok: true, value: null }
        : await ctx.read(async () =>
            (await ctx.pages('macie2:DescribeBuckets', paginateDescribeBuckets({ client: macie }, {}), (p) => p.buckets)).map((b) => ({
              name: b.bucketName ?? '',
              accountId: b.accountId ?? '',
              ...(b.region ? { region: b.region } : {}),
              ...(typeof b.sensitivityScore === 'number' ? { sensitivityScore: b.sensitivityScore } : {}),
              ...(b.serverSideEncryption?.type ? { encryption: b.serverSideEncryption.type } : {}),
            })),
          );
    return { session, automatedDiscovery, oldestSensitiveFinding: oldest, buckets };
  },
};
