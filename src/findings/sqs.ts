import { createHash } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import type { AuditLog } from '../audit/log.js';
import type { AwsClients } from '../aws/clients.js';
import { deleteFindingMessages, receiveFindingMessages } from '../aws/collectors/findings-queue.js';
import type { Config } from '../config/schema.js';
import type { Metrics } from '../metrics.js';
import { Lease } from '../redis/lease.js';
import { parseFindingEvent } from './events.js';
import { handOverFindings, type PollDeps, type SourceOutcome } from './poll.js';
import { FindingStore } from './store.js';
import { SELF_ACCOUNT } from './targets.js';
import type { Finding, FindingSource } from './types.js';

/**
 * The EventBridge path of the findings feed (`findings.delivery: eventbridge`): a consumer that
 * long-polls the SQS queue EventBridge rules deliver GuardDuty, Macie and Security Hub findings to, and
 * hands them to Slack through the poll's own `handOverFindings` (dedup by finding id, routing, digests,
 * one Redis transaction with the outbox). So a finding that comes by both paths, or twice by one, is
 * posted once, and an updated one updates its message, as the poll does.
 *
 * - One consumer per queue at a time across every worker process: a {@link Lease} on the queue; the
 *   others stand by and take over when its holder stops renewing it.
 * - A finding is handed over under the same (account, region) lock the poll takes, so a poll and an
 *   event of the same finding never both post it.
 * - SQS delivers at least once. A message is deleted only after the transaction that queued its
 *   findings for Slack committed; one that could not be handed over is left to reappear after its
 *   visibility timeout (and, after the queue's `maxReceiveCount`, to go to the dead-letter queue).
 * - A message that is not a findings event, or a finding without what dedup needs, is written to the
 *   audit log (ids and the reason, never the body), counted, and deleted: it can never be handed over.
 * - The poll's watermark is not moved: an event says nothing about the findings around it.
 */

/** What the consumer is given: the poll's dependencies plus AWS, metrics and the audit log. */
export interface QueueConsumerDeps extends PollDeps {
  aws: AwsClients;
  metrics: Metrics;
  audit: Pick<AuditLog, 'append'>;
}

export interface QueueConsumerOptions {
  queueUrl: string;
  region: string;
  /** ReceiveMessage long polling (s, 0–20; default 20). */
  waitTimeSeconds?: number;
  /** How long a received message stays hidden from other receivers before it is delivered again (s; default 60). */
  visibilityTimeoutSeconds?: number;
  /** TTL of the consumer's lease on the queue (ms; default 60 s), renewed every round. */
  leaseMs?: number;
  /** How often a process that does not hold the queue tries to take it (ms; default 5 s). */
  standbyMs?: number;
  /** How long a hand-over waits for a running poll of the same (account, region) (ms; default 10 s). */
  lockWaitMs?: number;
  /** Runs after the hand-over committed, before the delete (tests: a crash at the worst moment). */
  beforeDelete?: (messageIds: string[]) => Promise<void>;
}

/** What one receive round did, by message (and by finding for posted/updated/unchanged). */
export interface RoundOutcome {
  /** Another process holds the queue; nothing was received. */
  busy?: true;
  received: number;
  /** Messages whose findings were all handed over (or that held none the feed takes). */
  handled: number;
  malformed: number;
  /** Messages left in the queue, to be delivered again (a poll held the lock, Redis failed, …). */
  left: number;
  deleted: number;
  posted: number;
  updated: number;
  unchanged: number;
  /** Findings the poll would not have fetched: archived, below `minSeverity`, copies in Security Hub. */
  skipped: number;
}

/** The queue's region: `findings.sqs.region`, else the one in an `sqs.<region>.amazonaws.com` URL, else the bot's. */
export function queueRegion(sqs: { queueUrl: string; region?: string }, defaultRegion: string): string {
  if (sqs.region) return sqs.region;
  const host = /^https?:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//.exec(sqs.queueUrl);
  return host?.[1] ?? defaultRegion;
}

/** The account whose poll lock guards a finding: a `findings.accounts` id, else the bot's own poll (`self`). */
export function pollAccountOf(config: Pick<Config, 'findings'>, account: string): string {
  return config.findings?.accounts?.some((a) => a.id === account) ? account : SELF_ACCOUNT;
}

/** The consumer's lease was lost to another process: it hands nothing more over. */
export class QueueLeaseLostError extends Error {
  constructor() {
    super('the findings queue consumer lost its lease; another process consumes the queue now');
    this.name = 'QueueLeaseLostError';
  }
}

const errorFields = (err: unknown) => ({ name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) });

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

interface Group {
  source: FindingSource;
  account: string;
  region: string;
  findings: Finding[];
  messages: Set<string>;
}

export class FindingsQueueConsumer {
  private readonly store: FindingStore;
  private readonly leaseKey: string;
  private lease: Lease | undefined;
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: QueueConsumerDeps,
    private readonly options: QueueConsumerOptions,
  ) {
    this.store = new FindingStore(deps.redis, deps.keys);
    const queue = createHash('sha256').update(options.queueUrl).digest('hex').slice(0, 16);
    this.leaseKey = deps.keys.key('findings', 'queue-consumer', queue);
  }

  /** The queue's name (the last part of its URL), for logs and audit entries. */
  get queueName(): string {
    return this.options.queueUrl.split('/').pop() ?? '';
  }

  /** True while this process holds the queue. */
  get holding(): boolean {
    return this.lease !== undefined;
  }

  /** Starts the loop (take the lease, receive, hand over, delete; again). */
  start(): void {
    if (this.running) return;
    this.controller = new AbortController();
    this.running = this.loop(this.controller.signal);
  }

  /** Stops: the receive in flight is cancelled, a round being handed over finishes, the lease is freed. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.running;
    this.running = undefined;
    const lease = this.lease;
    this.lease = undefined;
    await lease?.release().catch(() => false);
  }

  /** Takes the queue's lease when nobody holds it, or renews ours; false when another process holds it. */
  private async hold(): Promise<boolean> {
    if (this.lease && (await this.lease.renew())) return true;
    if (this.lease) this.deps.log.warn({ queue: this.queueName }, 'lost the findings queue to another process; standing by');
    this.lease = await Lease.acquire(this.deps.redis, this.leaseKey, this.options.leaseMs ?? 60_000);
    if (this.lease) this.deps.log.info({ queue: this.queueName }, 'consuming the findings queue');
    return this.lease !== undefined;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const log = this.deps.log.child({ component: 'findings-queue', queue: this.queueName });
    let backoff = 0;
    while (!signal.aborted) {
      try {
        const outcome = await this.receiveOnce(signal);
        if (outcome.busy) await sleep(this.options.standbyMs ?? 5000, signal);
        else if (outcome.received > 0) log.info(outcome, 'findings queue round');
        backoff = 0;
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof QueueLeaseLostError) this.lease = undefined;
        backoff = Math.min(30_000, backoff > 0 ? backoff * 2 : 1000);
        // The SDK's and Redis's errors name the call and the queue, nothing secret; bodies are never logged.
        log.error({ err: errorFields(err), retryInMs: backoff }, 'findings queue round failed; its messages come back after their visibility timeout');
        this.deps.metrics.findingsQueueRounds.inc({ outcome: 'error' });
        await sleep(backoff, signal);
      }
    }
    const lease = this.lease;
    this.lease = undefined;
    await lease?.release().catch(() => false);
  }

  /** Renews the consumer's lease; throws {@link QueueLeaseLostError} when it is someone else's. */
  private async check(): Promise<void> {
    if (!this.lease || !(await this.lease.renew())) throw new QueueLeaseLostError();
  }

  /**
   * One round, under the queue's lease (taken or renewed first; `busy` and nothing else when another
   * process holds it): ReceiveMessage (long polling), hand the findings over, delete what was handed
   * over. The loop runs it again and again; tests call it directly.
   */
  async receiveOnce(signal?: AbortSignal): Promise<RoundOutcome> {
    if (!(await this.hold()))
      return { busy: true, received: 0, handled: 0, malformed: 0, left: 0, deleted: 0, posted: 0, updated: 0, unchanged: 0, skipped: 0 };
    const { aws } = this.deps;
    const { region, queueUrl } = this.options;
    const messages = await receiveFindingMessages(
      aws,
      region,
      queueUrl,
      { waitTimeSeconds: this.options.waitTimeSeconds ?? 20, visibilityTimeoutSeconds: this.options.visibilityTimeoutSeconds ?? 60 },
      signal,
    );
    const outcome = await this.handle(messages);
    const ids = new Set(outcome.deletable);
    const handled = messages.filter((m) => ids.has(m.MessageId));
    let deleted = 0;
    if (handled.length > 0) {
      await this.options.beforeDelete?.([...ids]);
      const result = await deleteFindingMessages(aws, region, queueUrl, handled);
      deleted = result.deleted;
      for (const failed of result.failed) {
        // Delivered again later: the stored state makes it `unchanged` then.
        this.deps.log.warn(
          { queue: this.queueName, code: failed.code, senderFault: failed.senderFault },
          'could not delete a handled findings message; it will be delivered again and not posted twice',
        );
        this.deps.metrics.findingsQueueMessages.inc({ outcome: 'delete_failed' });
      }
    }
    this.deps.metrics.findingsQueueRounds.inc({ outcome: 'ok' });
    const { deletable: _ids, ...counts } = outcome;
    return { ...counts, received: messages.length, deleted };
  }

  /** Parses, audits the malformed, hands the findings over per (source, account, region); returns what may be deleted. */
  private async handle(messages: readonly (Message & { MessageId: string })[]): Promise<Omit<RoundOutcome, 'received' | 'deleted'> & { deletable: string[] }> {
    const { config, log, metrics } = this.deps;
    const minSeverity = config.findings?.minSeverity ?? 'medium';
    const out = { handled: 0, malformed: 0, left: 0, posted: 0, updated: 0, unchanged: 0, skipped: 0, deletable: [] as string[] };
    const groups = new Map<string, Group>();
    const ready = new Set<string>();
    for (const m of messages) {
      const event = parseFindingEvent(m.Body ?? '', { minSeverity });
      const receiveCount = Number(m.Attributes?.ApproximateReceiveCount ?? 0);
      if (event.kind === 'malformed') {
        try {
          await this.deps.audit.append({
            actor: 'system',
            action: 'finding.event_rejected',
            subject: m.MessageId.slice(0, 100),
            detail: { queue: this.queueName, reason: event.reason, ...(event.eventId ? { eventId: event.eventId } : {}), receiveCount },
          });
        } catch (err) {
          log.error({ err: errorFields(err), messageId: m.MessageId }, 'could not record a rejected findings message; it stays in the queue');
          out.left++;
          continue;
        }
        log.warn(
          { queue: this.queueName, messageId: m.MessageId, eventId: event.eventId, reason: event.reason },
          'findings queue: not a findings event gdpr-bot can use; recorded in the audit log and deleted',
        );
        metrics.findingsQueueMessages.inc({ outcome: 'malformed' });
        out.malformed++;
        ready.add(m.MessageId);
        continue;
      }
      const skipped = event.skipped.archived + event.skipped.belowSeverity + event.skipped.forwarded;
      out.skipped += skipped;
      if (skipped > 0) metrics.findings.inc({ source: event.source, outcome: 'skipped' }, skipped);
      if (event.findings.length === 0) {
        metrics.findingsQueueMessages.inc({ outcome: 'skipped' });
        out.handled++;
        ready.add(m.MessageId);
        continue;
      }
      for (const f of event.findings) {
        const key = `${f.source}|${f.account}|${f.region}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { source: f.source, account: f.account, region: f.region, findings: [], messages: new Set() }));
        group.findings.push(f);
        group.messages.add(m.MessageId);
      }
    }

    const failed = new Set<string>();
    for (const group of groups.values()) {
      try {
        const outcome = await this.handOver(group);
        if (!outcome) {
          group.messages.forEach((id) => failed.add(id));
          continue;
        }
        out.posted += outcome.posted;
        out.updated += outcome.updated;
        out.unchanged += outcome.unchanged;
        for (const kind of ['posted', 'updated', 'unchanged'] as const) metrics.findings.inc({ source: group.source, outcome: kind }, outcome[kind]);
      } catch (err) {
        if (err instanceof QueueLeaseLostError) throw err;
        log.error(
          { err: errorFields(err), source: group.source, account: group.account, region: group.region },
          'could not hand findings from the queue over; their messages stay in the queue',
        );
        group.messages.forEach((id) => failed.add(id));
      }
    }
    const grouped = new Set([...groups.values()].flatMap((g) => [...g.messages]));
    for (const id of grouped) {
      if (failed.has(id)) {
        out.left++;
        metrics.findingsQueueMessages.inc({ outcome: 'left' });
      } else {
        ready.add(id);
        out.handled++;
        metrics.findingsQueueMessages.inc({ outcome: 'handed' });
      }
    }
    out.deletable = [...ready];
    return out;
  }

  /**
   * Hands one group over under the poll's (account, region) lock, waiting a little for a running poll;
   * undefined when the poll kept it (the messages come back after their visibility timeout).
   */
  private async handOver(group: Group): Promise<SourceOutcome | undefined> {
    const lockKey = this.store.lockKey(pollAccountOf(this.deps.config, group.account), group.region);
    const deadline = Date.now() + (this.options.lockWaitMs ?? 10_000);
    let lock = await Lease.acquire(this.deps.redis, lockKey, 60_000);
    while (!lock && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      lock = await Lease.acquire(this.deps.redis, lockKey, 60_000);
    }
    if (!lock) {
      this.deps.log.info(
        { source: group.source, account: group.account, region: group.region },
        "a findings poll of this account and region is running; the queue's findings wait for their next delivery",
      );
      return undefined;
    }
    try {
      return await handOverFindings(
        this.deps,
        {
          source: group.source,
          account: group.account,
          region: group.region,
          listedAt: this.deps.now().getTime(),
          advanceWatermark: false,
          beforeHandOver: async () => {
            await this.check();
            if (!(await lock.renew())) throw new Error(`the findings lock of ${group.account}/${group.region} expired during the hand-over`);
          },
        },
        { status: 'ok', findings: group.findings },
      );
    } finally {
      await lock.release().catch(() => false);
    }
  }
}
