/**
 * Every BullMQ queue of the program, with the data its jobs carry and what they return. Job data
 * carries ids, never secrets or personal data: BullMQ stores it in clear text.
 *
 * A feature adds its queue here and its processor in `jobs/`.
 */
import type { CheckSelector } from '../checks/registry.js';

export interface JobTypes {
  /** Delivers what is waiting in one channel's outbound list (see src/slack/outbound.ts). */
  'slack-outbound': {
    name: 'drain' | 'sweep';
    data: { channel?: string };
    result: { sent: number; busy?: boolean; deferredMs?: number; swept?: number };
  };
  /** Approve-to-fix (see src/remediations): compute a request's plan, apply an approved fix, expire old requests. */
  remediation: {
    name: 'plan' | 'apply' | 'sweep';
    data: { requestId?: string };
    result: { status: string; skipped?: string; expired?: number; requeued?: number };
  };
  /** Just-in-time access: activation, expiry warnings, expiry of requests and grants (src/access/flow.ts). */
  'access-lifecycle': {
    name: 'advance' | 'sweep';
    data: { requestId?: string };
    result: { applied: string[]; swept?: number };
  };
  /**
   * Mints one STS session for an active grant and answers the clicker ephemerally. The data is the
   * grant id, the kind and where to answer: the credentials exist only inside the job run.
   */
  'access-credentials': {
    name: 'mint';
    /**
     * `userId` is who clicked (the grantee), `issuedAt` when; `seal` is the integrity seal of the rest
     * (src/redis/integrity.ts), so data written into Redis by anyone else is refused.
     */
    data: { grantId: string; kind: 'console' | 'cli'; userId?: string; issuedAt?: number; responseUrl?: string; channel?: string; seal?: string };
    result: { delivered: boolean; reason?: string; expiresAt?: string };
  };
  /** Puts the deny statement of a revoked grant on its role, and later removes it. */
  'access-revoke': {
    name: 'revoke' | 'cleanup';
    data: { grantId: string; issuedBefore?: number };
    result: { outcome: string; cleanupAt?: number };
  };
  /**
   * `export`: uploads the audit log to the requester as JSON Lines; `ship`: copies new entries to S3;
   * `verify`: walks the hash chain, compares it with the last anchor and answers the approver who asked;
   * `anchor`: chains staged entries and anchors the head in `channels.audit` and S3 (src/audit/). The response_url of
   * `verify` is where Slack takes the answer (the outbox stores it too); it is not a credential.
   */
  audit: {
    name: 'export' | 'ship' | 'verify' | 'anchor';
    /** `requestedBy`: the Slack user id of the approver who asked. */
    data: { requestedBy?: string; channel?: string; responseUrl?: string; issuedAt?: number };
    result: {
      entries?: number;
      fileId?: string;
      shipped?: number;
      watermark?: number;
      broken?: number;
      intact?: boolean;
      drained?: number;
      anchored?: number;
      skipped?: string;
    };
  };
  /**
   * A posture scan (`scan`: plans one `scan-target` child per account × region, waits for them, then
   * summarises), an evidence report upload (`report`) or the posture charts of `/gdpr status chart` (`chart`).
   */
  scan: {
    name: 'scan' | 'report' | 'chart';
    data: {
      /** Absent for scheduled scans (the job id is used). */
      scanId?: string;
      selector?: CheckSelector;
      regions?: string[];
      channel?: string;
      user?: string;
      trigger?: 'slack' | 'schedule' | 'rescan';
      step?: 'plan' | 'wait';
      format?: 'md' | 'csv' | 'json' | 'sarif';
    };
    result: { scanId?: string; score?: number; targets?: number; skipped?: string; uploaded?: string };
  };
  /**
   * Collects and checks one (account, region) of a scan (`target`), or one bucket job of an account with
   * more buckets than `scan.bucketShardSize` (`shard`: its number; the buckets are staged in Redis, see
   * src/checks/shards.ts).
   */
  'scan-target': {
    name: 'target' | 'shard';
    data: { scanId: string; accountId: string; roleArn?: string; region: string; home: boolean; regions: string[]; checkIds: string[]; shard?: number };
    result: { results: number; errors: number; calls: number };
  };
  /** Polls GuardDuty and Macie findings of one (account, region); `account` is a config account id or `self`. */
  'findings-poll': {
    name: 'poll';
    data: { account: string; region: string };
    result: {
      skipped?: 'busy';
      sources: Record<string, { status: string; fetched: number; posted: number; updated: number; unchanged: number; deferred: number; digests: number }>;
    };
  };
  /** Archives one GuardDuty finding after an approver pressed Archive (a write; see src/findings/archive.ts). */
  'findings-archive': {
    name: 'archive';
    data: { findingId: string; requestedBy: string };
    result: { archived: boolean };
  };
  /**
   * The Art. 33 breach clock (src/breach/flow.ts): `mark` sends one reminder or the deadline of an
   * assessment (job id `breach-<id>-<mark>`), `sweep` fires what is due and refreshes status messages,
   * `export` uploads the notification draft to `requestedBy`. Ids only: the assessment text stays in its record.
   */
  breach: {
    name: 'mark' | 'sweep' | 'export';
    data: { breachId?: string; mark?: string; requestedBy?: string };
    result: { outcome?: string; fired?: number; refreshed?: number; files?: string[] };
  };
  /** Waivers (src/waivers/): the recurring sweep that expires them, warns before they end and posts the notices. */
  waivers: {
    name: 'sweep';
    data: Record<string, never>;
    result: { expired: number; warned: number; notices: number; skipped?: string };
  };
}

export type QueueName = keyof JobTypes;
export type JobData<N extends QueueName> = JobTypes[N]['data'];
export type JobResult<N extends QueueName> = JobTypes[N]['result'];
export type JobName<N extends QueueName> = JobTypes[N]['name'];

/** The queue names, for iteration (metrics, workers). */
export const QUEUE_NAMES: readonly QueueName[] = [
  'slack-outbound',
  'scan',
  'scan-target',
  'remediation',
  'access-lifecycle',
  'access-credentials',
  'access-revoke',
  'audit',
  'findings-poll',
  'findings-archive',
  'breach',
  'waivers',
];
