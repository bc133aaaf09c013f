import type { Redis } from 'ioredis';
import type { RecordIntegrity } from '../redis/integrity.js';
import { auditPendingKey } from '../audit/log.js';
import type { Keys } from '../redis/keys.js';
import { remediationCompareAndSet } from '../redis/scripts.js';
import { FINAL_STATUSES, transition, type RemediationRequest, type RequestEvent, type TransitionResult } from './state.js';

/** How long a request record is kept after it was last changed (the audit log keeps the history for good). */
const RECORD_TTL_SECONDS = 90 * 24 * 3600;

/** The audit entries of a change, staged (`AuditLog.stage`) so they are written in the same step as the change. */
export type StagedAudit = (result: TransitionResult) => string[];

/**
 * Remediation requests in Redis. Every status change goes through {@link transition} and an atomic
 * compare-and-set, so two approvers clicking at once, a double click or a Slack retry give exactly one
 * change: the losers re-read and see the new status.
 *
 * Every record is sealed (src/redis/integrity.ts) and checked whenever it is read: a request edited in
 * Redis (marked approved, approvals forged, target or requester changed) or one stored before seals
 * existed makes `get` and `apply` throw {@link TamperedRecordError} (already logged and audited), so
 * nothing plans, applies or expires it.
 */
export class RequestStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    /** Seals records on write and checks them on read. */
    private readonly integrity: RecordIntegrity,
  ) {}

  private key(id: string): string {
    return this.keys.key('remediation', 'request', id);
  }

  /** Open (not final) requests, scored by expiry time (ms). */
  get openKey(): string {
    return this.keys.key('remediation', 'open');
  }

  /** Stores a new request with its staged audit entries (one transaction); false if the id is taken. */
  async create(request: RemediationRequest, audit: string[] = []): Promise<boolean> {
    const tx = this.redis
      .multi()
      .set(this.key(request.id), this.integrity.sealed('remediation-request', request), 'EX', RECORD_TTL_SECONDS, 'NX')
      .zadd(this.openKey, Date.parse(request.expiresAt), request.id);
    if (audit.length > 0) tx.rpush(auditPendingKey(this.keys), ...audit);
    const result = await tx.exec();
    return result?.[0]?.[1] === 'OK';
  }

  /** The request, checked; throws {@link TamperedRecordError} when its seal does not hold. */
  async get(id: string): Promise<RemediationRequest | undefined> {
    const raw = await this.redis.get(this.key(id));
    return raw ? this.integrity.open<RemediationRequest>('remediation-request', id, raw) : undefined;
  }

  /**
   * Applies `event` atomically. Returns undefined when the request does not exist; otherwise the
   * transition's result, where `changed` is true for exactly one of any number of concurrent callers
   * making the same change. `audit` gives the change's audit entries, staged in the same script.
   */
  async apply(id: string, event: RequestEvent, now: () => Date, audit?: StagedAudit): Promise<TransitionResult | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const raw = await this.redis.get(this.key(id));
      if (!raw) return undefined;
      const result = transition(await this.integrity.open<RemediationRequest>('remediation-request', id, raw), event, now());
      if (!result.changed) return result;
      const next = result.request;
      // Compare-and-set, the open index and the staged audit entries in one atomic step.
      const written = await remediationCompareAndSet.run(
        this.redis,
        { record: this.key(id), open: this.openKey, auditPending: auditPendingKey(this.keys) },
        {
          expected: raw,
          next: this.integrity.sealed('remediation-request', next),
          ttlSeconds: RECORD_TTL_SECONDS,
          final: FINAL_STATUSES.has(next.status) ? '1' : '0',
          id,
          expiresAtMs: Date.parse(next.expiresAt),
        },
        audit?.(result),
      );
      if (written) return result;
    }
    throw new Error(`remediation request ${id}: too much contention`);
  }

  /** Ids of open requests whose expiry is at or before `now`. */
  async overdue(now: Date, limit = 100): Promise<string[]> {
    return this.redis.zrangebyscore(this.openKey, '-inf', String(now.getTime()), 'LIMIT', '0', String(limit));
  }

  /** Ids of every open request (for the sweep that re-queues approved requests whose job was lost). */
  async open(limit = 1000): Promise<string[]> {
    return this.redis.zrange(this.openKey, '0', String(limit - 1));
  }
}
