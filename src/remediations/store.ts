import type { Redis } from 'ioredis';
import type { RecordIntegrity } from '../redis/integrity.js';
import { auditPendingKey } from '../audit/log.js';
import type { Keys } from '../redis/keys.js';
import { compareAndSet, CONFLICT, retryOnConflict } from '../approvals/store.js';
import { refusalText } from './messages.js';
import { FINAL_STATUSES, transition, type RemediationRequest, type RequestEvent, type TransitionResult } from './state.js';

/** How long a request record is kept after it was last changed (the audit log keeps the history for good). */
const RECORD_TTL_SECONDS = 90 * 24 * 3600;

/** The audit entries of a change, staged (`AuditLog.stage`) so they are written in the same step as the change. */
export type StagedAudit = (result: TransitionResult) => string[];

/** A transition as the store applied it: with its refusal in words (`refusalText`), for the clicker and the job result. */
export interface AppliedTransition extends TransitionResult {
  refused?: string;
}

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
  async apply(id: string, event: RequestEvent, now: () => Date, audit?: StagedAudit): Promise<AppliedTransition | undefined> {
    const worded = (result: TransitionResult): AppliedTransition => (result.refusal ? { ...result, refused: refusalText(result.refusal, event.type) } : result);
    return retryOnConflict(`remediation request ${id}`, async () => {
      const raw = await this.redis.get(this.key(id));
      if (!raw) return undefined;
      const before = await this.integrity.open<RemediationRequest>('remediation-request', id, raw);
      const result = transition(before, event, now());
      if (!result.changed) return worded(result);
      const next = result.request;
      // The versioned compare-and-set (src/approvals/store.ts), the open index and the staged audit entries in one atomic step.
      const written = await compareAndSet(this.redis, {
        record: this.key(id),
        id,
        expectedVersion: before.version,
        next: this.integrity.sealed('remediation-request', next),
        ttlMs: RECORD_TTL_SECONDS * 1000,
        indexes: [FINAL_STATUSES.has(next.status) ? { key: this.openKey, op: 'zrem' } : { key: this.openKey, op: 'zadd', score: Date.parse(next.expiresAt) }],
        auditPending: auditPendingKey(this.keys),
        audit: audit?.(result) ?? [],
      });
      if (written === 'missing') return undefined;
      return written === 'written' ? worded(result) : CONFLICT;
    });
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
