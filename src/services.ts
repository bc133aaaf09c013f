import type { LimitFunction } from 'p-limit';
import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Approvers } from './access/approvers.js';
import type { AuditKey } from './audit/key.js';
import type { AuditLog } from './audit/log.js';
import type { AwsClients } from './aws/clients.js';
import type { Config } from './config/schema.js';
import type { FixRequestInput, FixRequestOutcome } from './findings/types.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import type { Queues } from './queues/queues.js';
import type { FixResolver, FixVerifier } from './remediations/engine.js';
import type { RecordIntegrity } from './redis/integrity.js';
import type { Keys } from './redis/keys.js';
import type { SlackDelivery } from './slack/delivery.js';
import type { SlackOutbox } from './slack/outbound.js';
import type { ResponseUrlPolicy } from './slack/response-urls.js';

/**
 * The shared pieces every listener and job is given by the composition root (src/main.ts). Nothing
 * in here is built at import time; tests build their own.
 */
export interface Services {
  config: Config;
  log: Logger;
  /** Fail-fast connection for work done while answering Slack; in job processors, the jobs connection (src/redis/connection.ts). */
  redis: Redis;
  keys: Keys;
  queues: Queues;
  outbox: SlackOutbox;
  audit: AuditLog;
  /** The audit chain's key (from the environment; signs and checks the anchors). */
  auditKey: AuditKey;
  approvers: Approvers;
  metrics: Metrics;
  /** Web API client (token and API URL already set). */
  slack: WebClient;
  /** AWS SDK clients for the bot's own account (and, through `forAccount`, member accounts). */
  aws: AwsClients;
  now: () => Date;
  /** Seals the records that authorise an effect and checks them when they are read (src/redis/integrity.ts). */
  integrity: RecordIntegrity;
  /** Which response_urls may be POSTed to: Slack's own hosts (src/slack/response-urls.ts). */
  responseUrls: ResponseUrlPolicy;
  /** Maps a failing check result to its fix (the check engine; see src/remediations/engine.ts). */
  fixResolver: FixResolver;
  /** Re-checks a fixed target; anything but `pass` makes the fix `failed`. */
  fixVerifier: FixVerifier;
  /** What the findings feed's Approve fix button calls (the remediation flow; tests inject doubles). */
  findingFixes: FindingFixRequester;
}

/**
 * The seam between the findings feed and the remediation flow: the **Approve fix** button calls this.
 * The composition root wires it to the remediation requests (`createRemediationRequest`); it only
 * stores a request and posts it for approval, it never changes AWS itself.
 */
export interface FindingFixRequester {
  requestFix(services: Services, input: FixRequestInput): Promise<FixRequestOutcome>;
}

/** What job processors are given on top of the shared services. */
export interface WorkerServices extends Services {
  delivery: SlackDelivery;
  /**
   * In a process that also answers Slack (ROLE=all): the one limit of AWS requests in flight that all its
   * scan jobs share (`scan.concurrency`). Absent in a ROLE=worker process, whose jobs hold that many each.
   */
  scanLimit?: LimitFunction;
}
