import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { AwsClients } from '../aws/clients.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { OutboundMessage, Outbox } from '../notify/outbox.js';
import type { JobData, JobResult } from '../queues/definitions.js';
import type { Keys } from '../redis/keys.js';
import { StopRetrying } from '../queues/retry.js';
import { AuditAnchors } from './anchor.js';
import { exportAuditLog, verifySummary } from './export.js';
import type { AuditKey } from './key.js';
import type { AuditLog } from './log.js';
import { AuditS3Shipper } from './s3-shipper.js';

/** What the audit jobs use. */
export interface AuditJobsDeps {
  config: Pick<Config, 'audit' | 'channels'>;
  audit: AuditLog;
  auditKey: AuditKey;
  slack: WebClient;
  outbox: Outbox;
  /** Posts a response_url answer at once; false when Slack did not take it (it then goes through the outbox). */
  delivery: { respondNow(m: Extract<OutboundMessage, { kind: 'respond' }>): Promise<boolean> };
  log: Logger;
  now: () => Date;
  redis: Redis;
  keys: Keys;
  aws: AwsClients;
}

/**
 * `verify`: walks the whole hash chain (CPU and Redis work that grows with the log, so never in a Slack
 * listener) and answers the approver on the click's response_url, through the outbox if Slack did not
 * take it at once.
 * `export`: uploads the audit log to the approver who asked (src/audit/export.ts).
 * `ship`: copies new entries to the configured S3 bucket (src/audit/s3-shipper.ts), and anchors what it shipped.
 * `anchor`: chains staged entries and closes refusal windows, then anchors the head outside Redis
 * (src/audit/anchor.ts): every `audit.anchorInterval`, and after every `audit.anchorEvery` entries.
 */
export class AuditJobs {
  private readonly anchors: AuditAnchors;
  private readonly shipper: AuditS3Shipper | undefined;

  constructor(private readonly deps: AuditJobsDeps) {
    const bucket = deps.config.audit.s3Bucket;
    const s3 = bucket ? { bucket, prefix: deps.config.audit.s3Prefix, region: deps.config.audit.s3Region } : undefined;
    this.shipper = s3
      ? new AuditS3Shipper(deps.redis, deps.keys, deps.audit, deps.aws, deps.log.child({ component: 'audit-s3' }), {
          ...s3,
          batchSize: deps.config.audit.batchSize,
        })
      : undefined;
    this.anchors = new AuditAnchors({
      ...deps,
      key: deps.auditKey,
      log: deps.log.child({ component: 'audit-anchor' }),
      channel: deps.config.channels.audit,
      s3,
      intervalMs: deps.config.audit.anchorInterval,
    });
  }

  async verify(data: JobData<'audit'>): Promise<JobResult<'audit'>> {
    const { requestedBy, channel, responseUrl, issuedAt } = data;
    if (!requestedBy || !channel || !responseUrl) throw new StopRetrying('verify job without requestedBy, channel or responseUrl');
    const verified = await this.anchors.verify();
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
    if (!(await this.deps.delivery.respondNow(answer))) await this.deps.outbox.send(answer);
    return { entries: result.entries, intact: result.ok };
  }

  async export(requestedBy: string | undefined): Promise<JobResult<'audit'>> {
    if (!requestedBy) throw new StopRetrying('export job without requestedBy');
    const result = await exportAuditLog({ ...this.deps, anchors: this.anchors }, requestedBy);
    return { entries: result.entries, fileId: result.fileId };
  }

  async anchor(): Promise<JobResult<'audit'>> {
    await this.deps.audit.flushRefusals();
    const drained = await this.deps.audit.drain();
    const { anchored, skipped } = await this.anchors.anchor();
    return { drained, ...(anchored ? { anchored: anchored.seq } : {}), ...(skipped ? { skipped } : {}) };
  }

  async ship(): Promise<JobResult<'audit'>> {
    if (!this.shipper) return { shipped: 0 }; // audit.s3Bucket was removed from the config after the job was queued
    const result = await this.shipper.ship();
    // What reached S3 is anchored there too (the S3 watermark that verify compares with).
    if (result.shipped > 0) await this.anchors.anchor();
    return { shipped: result.shipped, watermark: result.watermark, broken: result.broken?.seq };
  }
}
