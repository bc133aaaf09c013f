import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from 'prom-client';

/** Metrics of another part of this process (the workers' thread of ROLE=all), as prom-client JSON. */
export type MetricsSource = () => Promise<MetricObjectWithValues<MetricValue<string>>[]>;

/** The Prometheus metrics of one running bot. A registry per instance, so tests can run several. */
export class Metrics {
  readonly registry = new Registry();
  readonly ackLatency = new Histogram({
    name: 'gdpr_bot_slack_ack_seconds',
    help: 'Time from receiving a Slack request to answering it (the ack), by HTTP status',
    labelNames: ['status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
    registers: [this.registry],
  });
  readonly jobOutcomes = new Counter({
    name: 'gdpr_bot_jobs_total',
    help: 'Jobs finished, by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly slackRequests = new Counter({
    name: 'gdpr_bot_slack_requests_total',
    help: 'Slack requests handled, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  /** What each poll did with the findings it fetched: `posted`, `updated`, `unchanged`, `deferred` (left for the next poll). */
  readonly findings = new Counter({
    name: 'gdpr_bot_findings_total',
    help: 'Findings fetched by the findings feed, by source and what the poll did with them (posted, updated, unchanged, deferred to the next poll)',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });
  /** Polls of one source in one (account, region), by the collector's status (`ok`, `disabled`, `error`). */
  readonly findingsPolls = new Counter({
    name: 'gdpr_bot_findings_polls_total',
    help: 'Findings polls per source, by status (ok, disabled: the service is off, error: AWS could not be read)',
    labelNames: ['source', 'status'] as const,
    registers: [this.registry],
  });
  /** When a source was last read (ok or disabled) and its findings handed over, per (account, region). */
  readonly findingsLastPoll = new Gauge({
    name: 'gdpr_bot_findings_last_poll_seconds',
    help: "Unix time of the last findings poll that read the source and handed its findings over, per account (self: the bot's own) and region",
    labelNames: ['source', 'account', 'region'] as const,
    registers: [this.registry],
  });

  /**
   * Messages Slack refused for good and that were moved to the dead-letter list (`gdpr-bot doctor` lists
   * them), by Slack's reason (`not_in_channel`, `channel_not_found`, `is_archived`, `invalid_blocks`, …;
   * HTTP statuses as `http_<status>`, anything else as `other`).
   */
  readonly slackDeadLetters = new Counter({
    name: 'gdpr_bot_slack_dead_letters_total',
    help: 'Slack messages refused for good and moved to the dead-letter list, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  /** Revocations finished by this process: `applied` (read back from IAM) or `failed` (sessions still valid). */
  readonly accessRevocations = new Counter({
    name: 'gdpr_bot_access_revocations_total',
    help: 'Revocations of just-in-time grants, by outcome (applied: the deny read back from IAM; failed: IAM refused it, the sessions remain valid)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /**
   * Messages of the findings queue (`findings.delivery: eventbridge`), by what became of them: `handed`
   * (findings handed to Slack, then deleted), `skipped` (nothing the feed takes: archived, below
   * minSeverity), `malformed` (audited and deleted), `left` (to be delivered again), `delete_failed`.
   */
  readonly findingsQueueMessages = new Counter({
    name: 'gdpr_bot_findings_queue_messages_total',
    help: 'Messages of the findings SQS queue, by outcome (handed, skipped, malformed, left for redelivery, delete_failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  /** Receive rounds of the findings queue consumer, `ok` or `error` (SQS or Redis failed; retried with backoff). */
  readonly findingsQueueRounds = new Counter({
    name: 'gdpr_bot_findings_queue_rounds_total',
    help: 'Receive rounds of the findings SQS queue consumer, by outcome (ok, error)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly sources: MetricsSource[] = [];

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'gdpr_bot_' });
  }

  /** Adds what `source` counts to `/metrics` (summed with this registry's series of the same name and labels). */
  addSource(source: MetricsSource): void {
    this.sources.push(source);
  }

  /** The Prometheus text of `/metrics`: this registry's metrics, plus those of every source added. */
  async text(): Promise<string> {
    if (this.sources.length === 0) return this.registry.metrics();
    const own = (await this.registry.getMetricsAsJSON()).map((m) =>
      // The process metrics (start time, …) exist here only; prom-client's aggregator would drop those marked `omit`.
      (m as { aggregator?: string }).aggregator === 'omit' ? { ...m, aggregator: 'first' } : m,
    ) as MetricObjectWithValues<MetricValue<string>>[];
    const others = await Promise.all(this.sources.map((source) => source().catch(() => [])));
    return AggregatorRegistry.aggregate([own, ...others]).metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/**
 * A bounded metric label for a dead letter's reason: Slack's error codes as they are (`not_in_channel`),
 * HTTP statuses as `http_<status>` (also a response_url's), anything else (free text) as `other`.
 */
export function deadLetterReason(reason: string): string {
  if (/^[a-z][a-z0-9_]{0,63}$/.test(reason)) return reason;
  const http = /^(?:response_url )?HTTP (\d{3})$/.exec(reason);
  if (http) return `${reason.startsWith('response_url') ? 'response_url_' : ''}http_${http[1]}`;
  return 'other';
}

/** Adds a gauge of queue depths, read from Redis at scrape time. */
export function trackQueueDepths(metrics: Metrics, depths: () => Promise<Record<string, Record<string, number>>>): void {
  new Gauge({
    name: 'gdpr_bot_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [metrics.registry],
    async collect() {
      this.reset();
      const all = await depths();
      for (const [queue, counts] of Object.entries(all)) {
        for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
      }
    },
  });
}

/**
 * Adds a gauge of failed revocations whose sessions may still be valid, read from Redis at scrape time
 * (the same count in every process). Alert on `gdpr_bot_access_revocations_unresolved > 0`.
 */
export function trackUnresolvedRevocations(metrics: Metrics, count: () => Promise<number>): void {
  new Gauge({
    name: 'gdpr_bot_access_revocations_unresolved',
    help: 'Failed revocations of just-in-time grants whose sessions may still be valid (a later attempt has not read back, and the grant has not expired)',
    registers: [metrics.registry],
    async collect() {
      this.set(await count());
    },
  });
}
