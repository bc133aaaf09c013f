import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../audit/canonical.js';
import type { Logger } from '../log.js';

/**
 * Redis is storage, not a root of trust (DESIGN.md, principle 8). The records that authorise an effect
 * (a grant that mints STS sessions, a remediation request that changes AWS, the data of a credentials
 * job) carry a seal: HMAC-SHA256 under a key that Redis does not hold, over the canonical JSON of the
 * record and the kind of record it is. Whoever can write Redis but does not hold the key cannot flip a
 * status to approved, forge an approver, swap a role ARN or a requester without the seal failing, and a
 * record that fails (or has no seal: written before seals existed) is refused, logged and audited,
 * never acted on.
 *
 * The key is `GDPR_BOT_STATE_KEY`, or (when that is unset) derived from the Slack signing secret with
 * HKDF; either way through HKDF, so the signing secret itself is never used as the HMAC key.
 *
 * What a seal cannot tell: that a record is the latest one. Someone who can write Redis can put back an
 * older, genuinely sealed version of the same record (a rollback); the audit log records every change.
 */

/** The kinds of sealed records; part of what is sealed, so a seal of one kind never opens another. */
export type SealedKind = 'access-request' | 'remediation-request' | 'access-credentials-job' | 'waiver';

/** Where the key came from (for the startup log line; never the key). */
export type StateKeySource = 'GDPR_BOT_STATE_KEY' | 'SLACK_SIGNING_SECRET';

/** The version tag of seals written by this code. */
const SEAL_VERSION = 'v1';
const HKDF_SALT = 'gdpr-bot state integrity';
const HKDF_INFO = 'record seal v1';

/** The field of a stored record that holds its seal. */
export const SEAL_FIELD = 'seal';

/** Why a record was refused. */
export type SealProblem = 'unsealed' | 'mismatch' | 'wrong-id' | 'unreadable';

/** A record that failed its integrity check (or has none); its message is for people, never the record itself. */
export class TamperedRecordError extends Error {
  constructor(
    readonly kind: SealedKind,
    readonly id: string,
    readonly problem: SealProblem,
  ) {
    super(`${kind} ${id}: ${describeProblem(problem)}`);
    this.name = 'TamperedRecordError';
  }
}

/** A sentence for the log and the audit entry. */
export function describeProblem(problem: SealProblem): string {
  switch (problem) {
    case 'unsealed':
      return 'stored without an integrity seal (written before seals existed, or by someone without the key)';
    case 'mismatch':
      return 'its integrity seal does not match: it was changed outside gdpr-bot';
    case 'wrong-id':
      return 'the stored record names another id: it was copied there outside gdpr-bot';
    case 'unreadable':
      return 'the stored record is not valid JSON';
  }
}

/** HMAC-SHA256 seals under a key derived with HKDF-SHA256 from a secret that Redis does not hold. */
export class RecordSeal {
  private constructor(private readonly key: Buffer) {}

  /** Derives the sealing key from `secret` (GDPR_BOT_STATE_KEY, or the Slack signing secret). */
  static fromSecret(secret: string): RecordSeal {
    if (!secret) throw new Error('the state key must not be empty');
    return new RecordSeal(Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), HKDF_SALT, HKDF_INFO, 32)));
  }

  /** The seal of `record` (without its own seal field) as `kind`. */
  seal(kind: SealedKind, record: object): string {
    const body = { ...(record as Record<string, unknown>) };
    delete body[SEAL_FIELD];
    const mac = createHmac('sha256', this.key)
      .update(canonicalJson({ kind, record: body }))
      .digest('hex');
    return `${SEAL_VERSION}.${mac}`;
  }

  /** Whether `seal` is the seal of `record` as `kind` (constant-time comparison). */
  verify(kind: SealedKind, record: object, seal: unknown): boolean {
    if (typeof seal !== 'string') return false;
    const expected = Buffer.from(this.seal(kind, record));
    const given = Buffer.from(seal);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** Something that takes an audit entry (the audit log); kept narrow so this module does not depend on it. */
export interface AuditSink {
  append(entry: { actor: string; action: string; subject?: string; detail?: Record<string, unknown> }): Promise<unknown>;
}

/** How many refusals are remembered so that a sweep passing the same bad record again does not report it again. */
const REPORTED_LIMIT = 1000;

/**
 * Seals records before they are written and opens them when they are read: a record that does not
 * open is reported (error log line, `integrity.refused` audit entry when the audit log answers) once per
 * process and stored value, and a {@link TamperedRecordError} is thrown so that nothing acts on it.
 */
export class RecordIntegrity {
  private readonly reported = new Set<string>();

  constructor(
    readonly seal: RecordSeal,
    private readonly report: { log?: Logger; audit?: AuditSink } = {},
  ) {}

  /** `record` with its seal, as the JSON to store. */
  sealed<T extends object>(kind: SealedKind, record: T): string {
    return JSON.stringify({ ...record, [SEAL_FIELD]: this.seal.seal(kind, record) });
  }

  /** The seal of `record`, for data that is stored by someone else (job data). */
  sealOf(kind: SealedKind, record: object): string {
    return this.seal.seal(kind, record);
  }

  /**
   * Opens the stored JSON `raw` of the record `id`: the record without its seal, or (after reporting)
   * a thrown {@link TamperedRecordError}.
   */
  async open<T extends { id: string }>(kind: SealedKind, id: string, raw: string): Promise<T> {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw await this.refuse(kind, id, 'unreadable', raw);
    }
    const seal = parsed[SEAL_FIELD];
    const record = { ...parsed };
    delete record[SEAL_FIELD];
    if (seal === undefined) throw await this.refuse(kind, id, 'unsealed', raw);
    if (!this.seal.verify(kind, record, seal)) throw await this.refuse(kind, id, 'mismatch', raw);
    if (record.id !== id) throw await this.refuse(kind, id, 'wrong-id', raw);
    return record as T;
  }

  /** Checks the seal of data stored by someone else (job data); reports and throws like {@link open}. */
  async check(kind: SealedKind, id: string, record: object, seal: unknown): Promise<void> {
    if (seal === undefined) throw await this.refuse(kind, id, 'unsealed', canonicalJson(record));
    if (!this.seal.verify(kind, record, seal)) throw await this.refuse(kind, id, 'mismatch', canonicalJson(record));
  }

  private async refuse(kind: SealedKind, id: string, problem: SealProblem, raw: string): Promise<TamperedRecordError> {
    const error = new TamperedRecordError(kind, id, problem);
    const fingerprint = `${kind}:${id}:${createHash('sha256').update(raw).digest('hex')}`;
    if (this.reported.has(fingerprint)) return error;
    if (this.reported.size >= REPORTED_LIMIT) this.reported.clear();
    this.reported.add(fingerprint);
    // The record itself is not logged: it may be anything someone wrote into Redis.
    this.report.log?.error({ record: kind, id: id.slice(0, 80), problem }, `refused a ${kind} that failed its integrity check: ${describeProblem(problem)}`);
    try {
      await this.report.audit?.append({
        actor: 'system',
        action: 'integrity.refused',
        subject: id.slice(0, 80),
        detail: { record: kind, problem, reason: describeProblem(problem) },
      });
    } catch (err) {
      this.report.log?.error({ err: { message: (err as Error).message }, record: kind, id: id.slice(0, 80) }, 'could not audit a refused record');
    }
    return error;
  }
}
