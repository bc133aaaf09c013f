import type { Redis } from 'ioredis';
import { TamperedRecordError, type RecordIntegrity } from '../redis/integrity.js';
import { isId, newId } from '../approvals/ids.js';
import { compareAndSet, CONFLICT, retryOnConflict } from '../approvals/store.js';
import { auditPendingKey } from '../audit/log.js';
import type { Keys } from '../redis/keys.js';
import { tamperedRequestText, unknownRequestText } from './messages.js';
import { ACCESS_IDS } from './request.js';
import { AccessError, nextDeadline, OPEN_STATUSES, TERMINAL_STATUSES, transition, type AccessEvent, type AccessRequest } from './state.js';

/** How long a finished request stays readable (lists, revocation cleanup); the audit log keeps it for good. */
export const FINISHED_RETENTION_MS = 30 * 86_400_000;

/** The audit entries of a change, staged (`AuditLog.stage`) so they are written in the same step as the change. */
export type StagedAudit = (applied: Applied) => string[];

/** The result of an applied transition. */
export interface Applied {
  before: AccessRequest;
  after: AccessRequest;
}

/** A new request id: short enough to type in `/gdpr access revoke <id>`. */
export function newRequestId(): string {
  return newId(ACCESS_IDS);
}

/** What is not found. */
export class UnknownRequestError extends AccessError {
  constructor(id: string) {
    super('invalid-status', unknownRequestText(id));
  }
}

/**
 * A stored request that failed its integrity check (changed in Redis, or stored before seals existed):
 * refused for everything (minting, approving, revoking, expiring); the refusal is already logged and
 * audited by {@link RecordIntegrity}.
 */
export class TamperedRequestError extends AccessError {
  constructor(readonly tampered: TamperedRecordError) {
    super('tampered', tamperedRequestText(tampered.id, tampered.problem === 'unsealed'));
  }
}

/**
 * Access requests and grants in Redis. Every record is sealed (src/redis/integrity.ts) and opened
 * before it is used: a request edited in Redis, or one without a seal, is refused. Every change goes through {@link AccessStore.apply}, which runs the
 * pure `transition` and commits it with compare-and-set, retrying on a concurrent change. A double click,
 * a Slack retry or two approvers clicking at once therefore produce exactly one effect: the loser
 * re-reads the new state and its transition is refused (e.g. `already-approved`, `invalid-status`).
 */
export class AccessStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    /** Lead time of the expiry warning, for the deadline index. */
    private readonly warningMs: number,
    /** Seals records on write and checks them on read. */
    private readonly integrity: RecordIntegrity,
  ) {}

  private async openRecord(id: string, raw: string): Promise<AccessRequest> {
    try {
      return await this.integrity.open<AccessRequest>('access-request', id, raw);
    } catch (error) {
      if (error instanceof TamperedRecordError) throw new TamperedRequestError(error);
      throw error;
    }
  }

  private requestKey(id: string): string {
    return this.keys.key('access', 'req', id);
  }
  private get openKey(): string {
    return this.keys.key('access', 'open');
  }
  private get deadlinesKey(): string {
    return this.keys.key('access', 'deadlines');
  }
  private userKey(userId: string): string {
    return this.keys.key('access', 'user', userId);
  }

  /** Stores a new request (fails if the id exists), indexes it and stages its audit entries, in one transaction. */
  async create(request: AccessRequest, deadline: number | undefined, audit: string[] = []): Promise<void> {
    const tx = this.redis.multi().set(this.requestKey(request.id), this.integrity.sealed('access-request', request), 'NX');
    tx.zadd(this.userKey(request.requester), request.createdAt, request.id).pexpire(this.userKey(request.requester), FINISHED_RETENTION_MS);
    if (OPEN_STATUSES.has(request.status)) tx.sadd(this.openKey, request.id);
    if (deadline !== undefined) tx.zadd(this.deadlinesKey, deadline, request.id);
    if (audit.length > 0) tx.rpush(auditPendingKey(this.keys), ...audit);
    const results = await tx.exec();
    if (!results || results.some(([err]) => err)) throw new Error('could not store the access request');
    if (results[0]?.[1] !== 'OK') throw new Error(`access request ${request.id} already exists`);
  }

  /** The request, checked; throws {@link TamperedRequestError} when its seal does not hold. */
  async get(id: string): Promise<AccessRequest | undefined> {
    if (!isId(ACCESS_IDS, id)) return undefined;
    const raw = await this.redis.get(this.requestKey(id));
    return raw ? this.openRecord(id, raw) : undefined;
  }

  async require(id: string): Promise<AccessRequest> {
    const request = await this.get(id);
    if (!request) throw new UnknownRequestError(id);
    return request;
  }

  /**
   * Applies `event` atomically. `decide` may turn the current state into the event (e.g. to look at it
   * first); it runs again on every retry, so it sees the state the transition is applied to. `audit` gives
   * the change's audit entries, staged in the same script.
   */
  async apply(id: string, event: AccessEvent | ((current: AccessRequest) => AccessEvent), now: number, audit?: StagedAudit): Promise<Applied> {
    return retryOnConflict(`access request ${id}`, async () => {
      const before = await this.require(id);
      const after = transition(before, typeof event === 'function' ? event(before) : event, now);
      const deadline = nextDeadline(after, this.warningMs);
      const terminal = TERMINAL_STATUSES.has(after.status);
      // The versioned compare-and-set (src/approvals/store.ts): the record, the open grants and the
      // deadlines kept in step, and the change's audit entries staged, in one atomic step.
      const written = await compareAndSet(this.redis, {
        record: this.requestKey(id),
        id,
        expectedVersion: before.version,
        next: this.integrity.sealed('access-request', after),
        ...(terminal ? { ttlMs: FINISHED_RETENTION_MS } : {}),
        indexes: [
          { key: this.openKey, op: OPEN_STATUSES.has(after.status) ? 'sadd' : 'srem' },
          deadline === undefined || terminal ? { key: this.deadlinesKey, op: 'zrem' } : { key: this.deadlinesKey, op: 'zadd', score: deadline },
        ],
        auditPending: auditPendingKey(this.keys),
        audit: audit?.({ before, after }) ?? [],
      });
      if (written === 'missing') throw new UnknownRequestError(id);
      return written === 'written' ? { before, after } : CONFLICT;
    });
  }

  /** The user's requests, newest first. */
  async forUser(userId: string, limit = 20): Promise<AccessRequest[]> {
    const ids = await this.redis.zrevrange(this.userKey(userId), 0, limit - 1);
    return this.many(ids);
  }

  /** Every approved or active grant. */
  async open(): Promise<AccessRequest[]> {
    return this.many(await this.redis.smembers(this.openKey));
  }

  /** Ids whose next deadline is at or before `now`. */
  async due(now: number, limit = 500): Promise<string[]> {
    return this.redis.zrangebyscore(this.deadlinesKey, 0, now, 'LIMIT', 0, limit);
  }

  /** The requests of `ids` that exist and pass their integrity check (the others are reported and left out). */
  private async many(ids: string[]): Promise<AccessRequest[]> {
    if (ids.length === 0) return [];
    const raw = await this.redis.mget(...ids.map((id) => this.requestKey(id)));
    const out: AccessRequest[] = [];
    for (const [i, r] of raw.entries()) {
      if (r === null) continue;
      try {
        out.push(await this.openRecord(ids[i]!, r));
      } catch (error) {
        if (!(error instanceof TamperedRequestError)) throw error;
      }
    }
    return out;
  }
}
