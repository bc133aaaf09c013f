import type { JobData } from './definitions.js';
import type { Queues } from './queues.js';

/**
 * Typed producers, one per job name: each owns its job's id (what keeps a job single) and its retry
 * policy, so a flow says what to run and never spells queue options. Job data carries ids only.
 */

/** Plan and apply of a remediation request: the request id is in the job id, so one request gives one job of each. */
const REMEDIATION_RETRY = { attempts: 5, backoff: { type: 'exponential', delay: 5000 } } as const;
/** Revoke: the deny must land; retried for a good while before it is failed loudly. */
const REVOKE_RETRY = { attempts: 10, backoff: { type: 'exponential', delay: 2000 } } as const;
/** Cleanup of a revocation's deny statement, long after it was written. */
const REVOKE_CLEANUP_RETRY = { attempts: 10, backoff: { type: 'exponential', delay: 5000 } } as const;

/** The `remediation` queue's jobs. */
export function remediationProducer(queues: Pick<Queues, 'get'>) {
  const queue = () => queues.get('remediation');
  return {
    async plan(requestId: string): Promise<void> {
      await queue().add('plan', { requestId }, { jobId: `plan-${requestId}`, ...REMEDIATION_RETRY });
    },
    async apply(requestId: string): Promise<void> {
      await queue().add('apply', { requestId }, { jobId: `apply-${requestId}`, ...REMEDIATION_RETRY });
    },
    /** Where the apply job of a request is (BullMQ's state, `missing` when there is none). */
    async applyState(requestId: string): Promise<{ state: string; failedReason?: string }> {
      const job = await queue().getJob(`apply-${requestId}`);
      const state = job ? await job.getState() : 'missing';
      return { state, ...(job?.failedReason ? { failedReason: job.failedReason } : {}) };
    },
  };
}

/** The just-in-time access queues' jobs (`access-lifecycle`, `access-revoke`, `access-credentials`). */
export function accessProducer(queues: Pick<Queues, 'get'>) {
  return {
    /**
     * Looks at a request again after `delayMs`. `key` tells the looks apart (the request's version, or the
     * deadline): one job per key, however many processes schedule it.
     */
    async advance(requestId: string, key: string, delayMs = 0): Promise<void> {
      await queues.get('access-lifecycle').add('advance', { requestId }, { delay: Math.max(0, delayMs), jobId: `advance-${requestId}-${key}` });
    },
    /** Denies a revoked grant's sessions; `jobId` is the revocation's own (so a revocation is queued once). */
    async revoke(grantId: string, jobId: string): Promise<{ remove(): Promise<void> }> {
      return queues.get('access-revoke').add('revoke', { grantId }, { jobId, ...REVOKE_RETRY });
    },
    /** Removes a revocation's deny statement once every session it denied has expired (one per grant). */
    async cleanup(data: Required<Pick<JobData<'access-revoke'>, 'grantId' | 'issuedBefore'>>, delayMs: number): Promise<void> {
      await queues.get('access-revoke').add('cleanup', data, { delay: delayMs, jobId: `revoke-cleanup-${data.grantId}`, ...REVOKE_CLEANUP_RETRY });
    },
    /** Mints a session for one click, once (`clickId`); never retried: the click's answer is due now. */
    async mint(data: JobData<'access-credentials'>, clickId: string): Promise<void> {
      await queues.get('access-credentials').add('mint', data, { deduplication: { id: `mint-${data.grantId}-${data.kind}-${clickId}` }, attempts: 1 });
    },
  };
}

/** A scan, its (account, region) jobs and its bucket jobs: retried a few times, then counted as not checked. */
const SCAN_RETRY = { attempts: 3, backoff: { type: 'exponential', delay: 5000 } } as const;

/** The job id of a scan's (account, region) job (BullMQ ids may not hold `:`); `failedTargets` reads it back. */
export function scanTargetJobId(scanId: string, accountId: string, region: string): string {
  return `${scanId}-${accountId}-${region}`;
}

/** The job id of an account's bucket job `shard` (BullMQ ids may not hold `:`); `parseShardJobId` (src/checks/shards.ts) reads it back. */
export function shardJobId(scanId: string, accountId: string, region: string, shard: number): string {
  return `${scanId}-${accountId}-${region}-s3-shard${shard}`;
}

/** A parent job (the scan) its children report to: its id and qualified queue name. */
export interface ParentJob {
  id: string;
  queue: string;
}

/** The `scan` and `scan-target` queues' jobs. */
export function scanProducer(queues: Pick<Queues, 'get'>) {
  return {
    /** Runs a registered scan; the scan id is the job id, so a scan is queued once. */
    async scan(data: JobData<'scan'> & { scanId: string }): Promise<void> {
      await queues.get('scan').add('scan', data, { jobId: data.scanId, ...SCAN_RETRY });
    },
    /** The (account, region) jobs of a scan, children of it; one that fails every retry does not fail the scan. */
    async targets(parent: ParentJob, targets: readonly JobData<'scan-target'>[]): Promise<void> {
      await queues.get('scan-target').addBulk(
        targets.map((data) => ({
          name: 'target' as const,
          data,
          opts: { jobId: scanTargetJobId(data.scanId, data.accountId, data.region), parent, ignoreDependencyOnFailure: true, ...SCAN_RETRY },
        })),
      );
    },
    /** An account's bucket jobs (`shards` of them, numbered from 0), children of the scan like its (account, region) jobs. */
    async shards(parent: ParentJob, data: JobData<'scan-target'>, shards: number): Promise<void> {
      await queues.get('scan-target').addBulk(
        Array.from({ length: shards }, (_, shard) => ({
          name: 'shard' as const,
          data: { ...data, shard },
          opts: { jobId: shardJobId(data.scanId, data.accountId, data.region, shard), parent, ignoreDependencyOnFailure: true, ...SCAN_RETRY },
        })),
      );
    },
  };
}

export type ScanProducer = ReturnType<typeof scanProducer>;

/** An upload a person asked for (evidence report, charts, audit export): retried a few times, then reported. */
const UPLOAD_RETRY = { attempts: 3, backoff: { type: 'exponential', delay: 2000 } } as const;

/** What a person asks the `scan` queue for besides a scan: the evidence report and the posture charts, uploaded where asked. */
export function uploadProducer(queues: Pick<Queues, 'get'>) {
  return {
    async report(data: JobData<'scan'> & { format: NonNullable<JobData<'scan'>['format']> }): Promise<void> {
      await queues.get('scan').add('report', data, UPLOAD_RETRY);
    },
    async chart(data: Pick<JobData<'scan'>, 'channel' | 'user'>): Promise<void> {
      await queues.get('scan').add('chart', data, UPLOAD_RETRY);
    },
  };
}

/** The `audit` queue's jobs: the chain's check (answered on the response_url), the export, the anchor. */
export function auditProducer(queues: Pick<Queues, 'get'>) {
  return {
    /** Checks the hash chain for a click; every click is answered, so none is deduplicated. */
    async verify(data: JobData<'audit'>): Promise<void> {
      await queues.get('audit').add('verify', data, { removeOnComplete: true, removeOnFail: 100 });
    },
    /** One export per person at a time: a double click does not upload twice. */
    async export(requestedBy: string): Promise<void> {
      await queues.get('audit').add('export', { requestedBy }, { ...UPLOAD_RETRY, deduplication: { id: `export:${requestedBy}`, ttl: 60_000 } });
    },
    /** Anchors the chain's head outside Redis; one anchor job at a time. */
    async anchor(): Promise<void> {
      await queues.get('audit').add('anchor', {}, { deduplication: { id: 'anchor' }, removeOnComplete: true, removeOnFail: 100 });
    },
  };
}

/** Archiving a finding in its source: one job per finding however often Archive is clicked. */
export function findingsProducer(queues: Pick<Queues, 'get'>) {
  return {
    async archive(findingId: string, requestedBy: string): Promise<void> {
      await queues.get('findings-archive').add('archive', { findingId, requestedBy }, { deduplication: { id: `archive:${findingId}` }, ...UPLOAD_RETRY });
    },
  };
}

/** A breach clock's mark: the reminder or deadline must go out, so it is retried for a good while. */
const BREACH_MARK_RETRY = { attempts: 10, backoff: { type: 'exponential', delay: 2000 } } as const;
/** The notification draft's upload. */
const BREACH_EXPORT_RETRY = { attempts: 3, backoff: { type: 'exponential', delay: 2000 } } as const;

/** The job id of one mark of a breach's clock (one job per mark, however often the clock is scheduled). */
export function breachMarkJobId(breachId: string, mark: string): string {
  return `breach-${breachId}-${mark}`;
}

/** The `breach` queue's jobs. */
export function breachProducer(queues: Pick<Queues, 'get'>) {
  return {
    /** One delayed job per mark (`delayMs` from now). */
    async marks(breachId: string, marks: readonly { key: string; delayMs: number }[]): Promise<void> {
      await queues.get('breach').addBulk(
        marks.map((m) => ({
          name: 'mark' as const,
          data: { breachId, mark: m.key },
          opts: { jobId: breachMarkJobId(breachId, m.key), delay: Math.max(0, m.delayMs), ...BREACH_MARK_RETRY },
        })),
      );
    },
    /** Removes a mark's job (the assessment was closed). */
    async removeMark(breachId: string, mark: string): Promise<void> {
      await queues.get('breach').remove(breachMarkJobId(breachId, mark));
    },
    /** Uploads the notification draft of `breachId` to `requestedBy`; clicks of the same user within 30 s give one job. */
    async export(breachId: string, requestedBy: string): Promise<void> {
      await queues
        .get('breach')
        .add('export', { breachId, requestedBy }, { ...BREACH_EXPORT_RETRY, deduplication: { id: `breach-export-${breachId}-${requestedBy}`, ttl: 30_000 } });
    },
  };
}
