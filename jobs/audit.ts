import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { exportAuditLog, verifySummary } from '../src/audit/export.js';
import { AuditAnchors } from '../src/audit/anchor.js';
import { AuditS3Shipper } from '../src/audit/s3-shipper.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import type { WorkerServices } from '../src/services.js';

type AuditJob = Job<JobData<'audit'>, JobResult<'audit'>, JobName<'audit'>>;

/**
 * `verify`: walks the whole hash chain (CPU and Redis work that grows with the log, so never in a Slack
 * listener) and answers the approver on the click's response_url, through the outbox if Slack did not
 * take it at once.
 * `export`: uploads the audit log to the approver who asked (src/audit/export.ts).
 * `ship`: copies new entries to the configured S3 bucket (src/audit/s3-shipper.ts), and anchors what it shipped.
 * `anchor`: chains staged entries and closes refusal windows, then anchors the head outside Redis
 * (src/audit/anchor.ts): every `audit.anchorInterval`, and after every `audit.anchorEvery` entries.
 */
export function makeAuditProcessor(deps: Pick<WorkerServices, 'audit' | 'auditKey' | 'slack' | 'outbox' | 'delivery' | 'log' | 'now' | 'redis' | 'keys' | 'aws' | 'config'>) {
  const bucket = deps.config.audit.s3Bucket;
  const s3 = bucket ? { bucket, prefix: deps.config.audit.s3Prefix, region: deps.config.audit.s3Region } : undefined;
  const shipper = s3
    ? new AuditS3Shipper(deps.redis, deps.keys, deps.audit, deps.aws, deps.log.child({ component: 'audit-s3' }), { ...s3, batchSize: deps.config.audit.batchSize })
    : undefined;
  const anchors = new AuditAnchors({
    ...deps,
    key: deps.auditKey,
    log: deps.log.child({ component: 'audit-anchor' }),
    channel: deps.config.channels.audit,
    s3,
    intervalMs: deps.config.audit.anchorInterval,
  });
  return async (job: AuditJob): Promise<JobResult<'audit'>> => {
    if (job.name === 'verify') {
      const { requestedBy, channel, responseUrl, issuedAt } = job.data;
      if (!requestedBy || !channel || !responseUrl) throw new UnrecoverableError('verify job without requestedBy, channel or responseUrl');
      const verified = await anchors.verify();
      const result = verified.result;
      const answer = {
        kind: 'respond' as const,
        channel,
        responseUrl,
        issuedAt: issuedAt ?? Date.now(),
        replaceOriginal: false,
        text: verifySummary(verified),
        fallback: { user: requestedBy },
      };
      // Straight to the response_url; the outbox (which retries) when Slack did not take it.
      if (!(await deps.delivery.respondNow(answer))) await deps.outbox.send(answer);
      return { entries: result.entries, intact: result.ok };
    }
    if (job.name === 'export') {
      if (!job.data.requestedBy) throw new UnrecoverableError('export job without requestedBy');
      const result = await exportAuditLog({ ...deps, anchors }, job.data.requestedBy);
      return { entries: result.entries, fileId: result.fileId };
    }
    if (job.name === 'anchor') {
      await deps.audit.flushRefusals();
      const drained = await deps.audit.drain();
      const { anchored, skipped } = await anchors.anchor();
      return { drained, ...(anchored ? { anchored: anchored.seq } : {}), ...(skipped ? { skipped } : {}) };
    }
    if (!shipper) return { shipped: 0 }; // audit.s3Bucket was removed from the config after the job was queued
    const result = await shipper.ship();
    // What reached S3 is anchored there too (the S3 watermark that verify compares with).
    if (result.shipped > 0) await anchors.anchor();
    return { shipped: result.shipped, watermark: result.watermark, broken: result.broken?.seq };
  };
}
