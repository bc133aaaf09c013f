import { setImmediate as nextTurn } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import type { AwsClients } from '../clients.js';
import { AwsErrorKind, awsErrorCode, classifyAwsError } from '../errors.js';

/** Why an AWS call did not give an answer. `absent` is not a failure: the setting simply is not configured. */
export const CallErrorKind = {
  Denied: 'denied',
  Throttled: 'throttled',
  Unreachable: 'unreachable',
  Other: 'other',
} as const;
export type CallErrorKind = (typeof CallErrorKind)[keyof typeof CallErrorKind];

/** A call that failed, recorded on the snapshot: which API call, the AWS error code and its message. */
export interface CallError {
  /** `service:Action`, the IAM action the call needs, e.g. `iam:GenerateCredentialReport`. */
  call: string;
  kind: CallErrorKind;
  /** AWS error code (`AccessDenied`, `ThrottlingException`, …). */
  code: string;
  message: string;
}

/** The outcome of one read: a value (possibly `null` for "setting absent") or the error that prevented it. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: CallError };

/** The AWS error code of an SDK (or network) error (`Error` when it has none). */
export function errorCode(error: unknown): string {
  return awsErrorCode(error) ?? 'Error';
}

/** Turns an error thrown by an AWS call into the record kept on the snapshot. */
export function toCallError(call: string, error: unknown): CallError {
  const code = errorCode(error);
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
  return { call, kind: callErrorKind(classifyAwsError(error)), code, message };
}

/** The snapshot's kinds are coarser than {@link AwsErrorKind}: a server error is recorded as `other`. */
function callErrorKind(kind: AwsErrorKind): CallErrorKind {
  switch (kind) {
    case AwsErrorKind.Denied:
      return CallErrorKind.Denied;
    case AwsErrorKind.Throttled:
      return CallErrorKind.Throttled;
    case AwsErrorKind.Unreachable:
      return CallErrorKind.Unreachable;
    default:
      return CallErrorKind.Other;
  }
}

/** A short human description: `AccessDenied on iam:GenerateCredentialReport`. */
export function describeCallError(error: CallError): string {
  return `${error.code} on ${error.call}`;
}

/** Thrown by {@link CollectContext.call} when a call failed for a reason other than "setting absent". */
export class CallFailed extends Error {
  constructor(readonly error: CallError) {
    super(`${error.code} on ${error.call}: ${error.message}`);
    this.name = 'CallFailed';
  }
}

/** Scan settings the checks read (thresholds and the allowed regions), copied onto every snapshot. */
export interface ScanSettings {
  /**
   * Regions the operator approved for use (`scan.allowedRegions`); absent or empty: none configured.
   * Enabled opt-in regions outside it fail `account_optin_regions_allowed`, and the region SCP of
   * `organizations_scp_region_deny` must leave no other region open. Never derived from the regions
   * that are scanned: scanning a region does not approve it.
   */
  allowedRegions?: string[];
  unusedCredentialDays: number;
  accessKeyMaxAgeDays: number;
  rootRecentUseDays: number;
  certificateExpiryDays: number;
  /** Open (unarchived) Macie sensitive-data findings older than this fail `macie_sensitive_data_findings_reviewed`. */
  macieFindingMaxAgeDays: number;
}

/** The configuration's defaults: the thresholds, and no allowed regions. */
export const DEFAULT_SCAN_SETTINGS: ScanSettings = {
  unusedCredentialDays: 90,
  accessKeyMaxAgeDays: 90,
  rootRecentUseDays: 30,
  certificateExpiryDays: 30,
  macieFindingMaxAgeDays: 30,
};

export interface CollectOptions {
  clients: AwsClients;
  accountId: string;
  /** The region this collection is for (regional collectors) or the account's home region (account-wide ones). */
  region: string;
  /** Every region scanned for this account. */
  regions: readonly string[];
  /** Bounds requests in flight; share one between collectors of an account. */
  limit?: LimitFunction;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** Called after every AWS request (for call counting in the benchmark and progress). */
  onCall?: (call: string) => void;
  /**
   * An account with more S3 buckets than this has its bucket details read by bucket jobs (shards) of
   * this many buckets each, not here (`scan.bucketShardSize`; see src/checks/shards.ts). Absent: all here.
   */
  bucketShardSize?: number;
}

/** Default number of AWS requests in flight per account. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * Requests a context starts between two turns of the event loop (counted inside the concurrency limit,
 * so the requests queued behind it cannot run on in one chain). An SDK answer that is at hand (a cache,
 * an emulator, a mock) resolves in microtasks only, and 60,000 bucket reads chained that way held the
 * loop for seconds (issue #19); answers from the network yield anyway, so this costs them nothing.
 */
export const CALLS_PER_TURN = 8;

/**
 * What a collector works with: the clients of the account, bounded concurrency, and helpers that turn
 * AWS errors into {@link Read} values. Every AWS request of a collector goes through `call` or `pages`.
 */
export class CollectContext {
  readonly clients: AwsClients;
  readonly accountId: string;
  readonly region: string;
  readonly regions: readonly string[];
  readonly limit: LimitFunction;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
  readonly bucketShardSize?: number;
  calls = 0;
  private readonly onCall?: (call: string) => void;
  private sinceTurn = 0;

  constructor(options: CollectOptions) {
    this.clients = options.clients;
    this.accountId = options.accountId;
    this.region = options.region;
    this.regions = options.regions;
    this.limit = options.limit ?? pLimit(DEFAULT_CONCURRENCY);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? (() => new Date());
    this.onCall = options.onCall;
    this.bucketShardSize = options.bucketShardSize;
  }

  private count(call: string): void {
    this.calls += 1;
    this.onCall?.(call);
  }

  /**
   * Makes one request. Errors whose code is in `absent` mean "not configured" and give `null`;
   * every other error throws {@link CallFailed} with the call recorded.
   */
  async call<T>(call: string, send: () => Promise<T>, absent: readonly string[] = []): Promise<T | null> {
    try {
      return await this.limit(async () => {
        await this.turn();
        this.count(call);
        return send();
      });
    } catch (error) {
      if (absent.includes(errorCode(error))) return null;
      throw new CallFailed(toCallError(call, error));
    }
  }

  /** Like `call`, for a request whose answer must exist (no "absent" outcome). */
  async must<T>(call: string, send: () => Promise<T>): Promise<T> {
    return (await this.call(call, send)) as T;
  }

  /** Walks every page of an SDK paginator, one request in flight at a time, each within the account's limit. */
  async pages<P, T>(call: string, paginator: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
    const out: T[] = [];
    const iterator = paginator[Symbol.asyncIterator]();
    for (;;) {
      let step: IteratorResult<P>;
      try {
        step = await this.limit(async () => {
          await this.turn();
          return iterator.next();
        });
      } catch (error) {
        if (error instanceof CallFailed) throw error;
        throw new CallFailed(toCallError(call, error));
      }
      if (step.done) break;
      this.count(call);
      // A page that is not an object is no answer at all (never "no items"): fail the read loudly.
      if (!step.value || typeof step.value !== 'object') {
        throw new CallFailed({ call, kind: CallErrorKind.Other, code: 'EmptyResponse', message: `${call} returned no page` });
      }
      out.push(...(pick(step.value) ?? []));
    }
    return out;
  }

  /** Hands the event loop a turn every {@link CALLS_PER_TURN} requests. */
  private async turn(): Promise<void> {
    if (++this.sinceTurn < CALLS_PER_TURN) return;
    this.sinceTurn = 0;
    await nextTurn();
  }

  /** Runs `read` and captures a {@link CallFailed} as a failed {@link Read}; other errors propagate. */
  async read<T>(read: () => Promise<T>): Promise<Read<T>> {
    try {
      return { ok: true, value: await read() };
    } catch (error) {
      if (error instanceof CallFailed) return { ok: false, error: error.error };
      throw error;
    }
  }
}

/**
 * A resource policy as a service returns it (JSON text; `null` when there is none). Text that is not
 * JSON fails the read as `UnreadablePolicy` on `call`: judged as "no policy", a public one would pass.
 */
export function parsePolicyText(call: string, text: string | undefined | null): unknown {
  if (text === undefined || text === null || text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CallFailed({ call, kind: CallErrorKind.Other, code: 'UnreadablePolicy', message: `the policy is not JSON: ${(error as Error).message}` });
  }
}

/**
 * The pages of an API the SDK has no paginator for (API Gateway v2's NextToken, ELBv2's DescribeSSLPolicies
 * Marker, …), as an iterable for {@link CollectContext.pages}: `send(token)` until an answer has no next
 * token. A token seen before ends the walk with an error instead of looping forever.
 */
export async function* tokenPages<P>(call: string, send: (token: string | undefined) => Promise<P>, next: (page: P) => string | undefined): AsyncGenerator<P> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await send(token);
    yield page;
    token = (page && typeof page === 'object' ? next(page) : undefined) || undefined;
    if (token !== undefined) {
      if (seen.has(token))
        throw new CallFailed({ call, kind: CallErrorKind.Other, code: 'RepeatedToken', message: `${call} returned the same next token twice` });
      seen.add(token);
    }
  } while (token !== undefined);
}
