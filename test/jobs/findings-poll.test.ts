import { GetFindingsCommand as GdGetFindings } from '@aws-sdk/client-guardduty';
import { GetMacieSessionCommand } from '@aws-sdk/client-macie2';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { WebClient } from '@slack/web-api';
import { mockClient } from 'aws-sdk-client-mock';
import type { Job } from 'bullmq';
import type { ChainableCommander } from 'ioredis';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FindingsPollLockLostError, makeFindingsPollProcessor } from '../../jobs/findings-poll.js';
import { AwsClients } from '../../src/aws/clients.js';
import { configSchema } from '../../src/config/schema.js';
import { FindingStore } from '../../src/findings/store.js';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { Queues } from '../../src/queues/queues.js';
import { Keys } from '../../src/redis/keys.js';
import { SlackDelivery } from '../../src/slack/delivery.js';
import type { OutboundMessage } from '../../src/notify/outbox.js';
import { SlackOutbox } from '../../src/slack/outbound.js';
import { gdFinding, FakeFindingServices, macieFinding } from '../helpers/aws-findings.js';
import { LogCapture } from '../helpers/bot.js';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { SlackTestServer } from '../helpers/slack-server.js';

/** Dies (like a killed worker) on its `failOn`-th hand-over, after the earlier ones reached Redis. */
class DyingOutbox extends SlackOutbox {
  calls = 0;
  failOn = Infinity;
  override async sendWith(messages: readonly OutboundMessage[], also?: (tx: ChainableCommander) => void): Promise<void> {
    if (++this.calls === this.failOn) throw new Error('worker killed');
    return super.sendWith(messages, also);
  }
}

/** Stops after its first hand-over (as a process that stalls mid-poll) until released. */
class StallingOutbox extends SlackOutbox {
  private calls = 0;
  private resume!: () => void;
  private readonly resumed = new Promise<void>((r) => (this.resume = r));
  stalled!: Promise<void>;
  private stall!: () => void;
  constructor(...args: ConstructorParameters<typeof SlackOutbox>) {
    super(...args);
    this.stalled = new Promise<void>((r) => (this.stall = r));
  }
  override async sendWith(messages: readonly OutboundMessage[], also?: (tx: ChainableCommander) => void): Promise<void> {
    await super.sendWith(messages, also);
    if (++this.calls === 1) {
      this.stall();
      await this.resumed;
    }
  }
  release(): void {
    this.resume();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `gd${String(from + i).padStart(6, '0')}`);

describe('the findings poll', () => {
  let slack: SlackTestServer;
  let aws: FakeFindingServices;
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  let queues: Queues;
  let outbox: DyingOutbox;
  let logs: LogCapture;
  const sts = mockClient(STSClient);

  const config = (findings: Record<string, unknown> = {}) =>
    configSchema.parse({ channels: { findings: 'C0FIND' }, scan: { regions: ['eu-west-1'] }, findings: { minSeverity: 'low', ...findings } });

  function poll(cfg = config(), opts: { chunkSize?: number; out?: SlackOutbox; lockMs?: number; metrics?: Metrics; now?: () => Date } = {}) {
    const processor = makeFindingsPollProcessor({
      config: cfg,
      redis,
      keys,
      outbox: opts.out ?? outbox,
      log: createLogger('debug', logs),
      now: opts.now ?? (() => new Date()),
      aws: new AwsClients({ defaultRegion: 'eu-west-1' }),
      metrics: opts.metrics ?? new Metrics(),
      chunkSize: opts.chunkSize,
      lockMs: opts.lockMs,
    });
    return processor({ data: { account: 'self', region: 'eu-west-1' } } as Job<{ account: string; region: string }, never, 'poll'>);
  }

  /** Delivers everything waiting, as the slack-outbound workers would. */
  async function deliverAll(postIntervalMs = 0) {
    const client = new WebClient('xoxb-test-findings', { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    const delivery = new SlackDelivery(redis, keys, queues, client, createLogger('debug', logs), { postIntervalMs, maxBatch: 10_000 });
    for (;;) {
      const channels = await redis.smembers(keys.key('slack', 'out-channels'));
      if (channels.length === 0) return;
      for (const channel of channels) await delivery.drain(channel);
    }
  }
  const posts = () => slack.callsTo('chat.postMessage');
  const postedFindingIds = () =>
    posts()
      .map((c) => (c.args.blocks as { block_id?: string }[] | undefined)?.[0]?.block_id)
      .filter((b): b is string => Boolean(b?.startsWith('finding:')))
      .map((b) => b.slice('finding:'.length));

  beforeAll(async () => {
    slack = await new SlackTestServer().start();
  });
  afterAll(async () => {
    sts.restore();
    await slack.close();
  });
  beforeEach(() => {
    aws = new FakeFindingServices();
    sts.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
    prefix = uniquePrefix('findings');
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    keys = new Keys(prefix);
    queues = new Queues(redis, prefix);
    outbox = new DyingOutbox(redis, keys, queues);
    logs = new LogCapture();
    slack.calls.length = 0;
  });
  afterEach(async () => {
    aws.restore();
    await queues.close();
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  it('pages through ListFindings 50 at a time, fetches in batches of 50, and posts every finding once', async () => {
    aws.addGuardDuty(...Array.from({ length: 120 }, (_, i) => gdFinding(i + 1)));
    const result = await poll(config({ digestThreshold: 1000 }));
    expect(result.sources.guardduty).toMatchObject({ status: 'ok', fetched: 120, posted: 120 });
    expect(aws.gdListCalls).toHaveLength(3);
    expect(aws.gdListCalls.every((c) => c.MaxResults === 50)).toBe(true);
    expect(aws.gdListCalls[0]!.FindingCriteria!.Criterion).toMatchObject({ 'service.archived': { Equals: ['false'] }, severity: { GreaterThanOrEqual: 1 } });
    expect(aws.gdGetCalls.map((ids) => ids.length)).toEqual([50, 50, 20]);
    await deliverAll();
    expect(postedFindingIds().sort()).toEqual([...aws.guardduty.keys()].sort());
  });

  it('asks only for what changed since the watermark, and posts nothing twice', async () => {
    aws.addGuardDuty(gdFinding(1), gdFinding(2));
    await poll();
    const watermark = await new FindingStore(redis, keys).watermark('guardduty', 'self', 'eu-west-1');
    expect(watermark).toBe(Date.parse(gdFinding(2).UpdatedAt!));
    await poll();
    expect(aws.gdListCalls[1]!.FindingCriteria!.Criterion!.updatedAt).toEqual({ GreaterThanOrEqual: watermark });
    aws.addGuardDuty(gdFinding(3));
    await poll();
    await deliverAll();
    expect(postedFindingIds()).toEqual(['gd000001', 'gd000002', 'gd000003']);
    expect(slack.callsTo('chat.update')).toHaveLength(0);
  });

  it('keeps its watermark a minute behind the poll, so a finding that reaches the listing late is not skipped', async () => {
    const t = Date.UTC(2026, 0, 1, 0, 10, 0);
    aws.addGuardDuty(gdFinding(101, { updatedAtMs: t - 30_000 }), gdFinding(102, { updatedAtMs: t - 10_000 }));
    await poll(config(), { now: () => new Date(t) });
    const store = new FindingStore(redis, keys);
    expect(await store.watermark('guardduty', 'self', 'eu-west-1')).toBe(t - 60_000);
    // Updated 20 s before the first poll, but not listed by it (created or indexed while it ran).
    aws.addGuardDuty(gdFinding(103, { updatedAtMs: t - 20_000 }));
    await poll(config(), { now: () => new Date(t + 300_000) });
    await deliverAll();
    expect(postedFindingIds().sort()).toEqual(['gd000101', 'gd000102', 'gd000103']);
    expect(slack.callsTo('chat.update')).toHaveLength(0);
    // Once the poll is well past them, the watermark is the newest finding handed over again.
    expect(await store.watermark('guardduty', 'self', 'eu-west-1')).toBe(t - 10_000);
  });

  it('updates the existing message when a finding is seen again with a higher count or severity', async () => {
    aws.addGuardDuty(gdFinding(1, { Severity: 5 }));
    await poll();
    await deliverAll();
    const ts = posts()[0]!.args;
    const later = Date.UTC(2026, 0, 2);
    aws.addGuardDuty(
      gdFinding(1, {
        Severity: 8,
        updatedAtMs: later,
        Service: { Archived: false, Count: 7, DetectorId: 'det-1', EventLastSeen: new Date(later).toISOString() },
      }),
    );
    const result = await poll();
    expect(result.sources.guardduty).toMatchObject({ posted: 0, updated: 1 });
    await deliverAll();
    expect(posts()).toHaveLength(1);
    const updates = slack.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args.channel).toBe(ts.channel);
    const shown = JSON.stringify(updates[0]!.args.blocks);
    expect(shown).toContain('count 1 → 7');
    expect(shown).toContain('severity Medium → High');
    expect(shown).toContain('High (8)');
  });

  it('posts a burst as one digest per channel with every finding in its thread', async () => {
    aws.addGuardDuty(...Array.from({ length: 30 }, (_, i) => gdFinding(i + 1, i < 10 ? { Type: 'Backdoor:EC2/C&CActivity.B', Severity: 8 } : {})));
    const cfg = config({ digestThreshold: 10, routes: [{ typePrefix: 'Backdoor:', channel: 'C0BACK' }] });
    await poll(cfg);
    await deliverAll();
    const top = posts().filter((c) => !c.args.thread_ts);
    // 10 Backdoor findings are not more than the threshold: posted one by one. 20 others: one digest.
    expect(top.filter((c) => c.args.channel === 'C0BACK')).toHaveLength(10);
    const digests = top.filter((c) => c.args.channel === 'C0FIND');
    expect(digests).toHaveLength(1);
    expect(digests[0]!.args.text).toContain('20 new GuardDuty findings');
    const [digestRef] = await redis.keys(keys.key('slack', 'ref', 'digest:*'));
    const digestTs = (JSON.parse((await redis.get(digestRef!))!) as { ts: string }).ts;
    const inThread = posts().filter((c) => c.args.channel === 'C0FIND' && c.args.thread_ts);
    expect(inThread).toHaveLength(20);
    expect(new Set(inThread.map((c) => c.args.thread_ts))).toEqual(new Set([digestTs]));
    expect(postedFindingIds()).toHaveLength(30);
  });

  it('loses and duplicates nothing when the worker dies half-way through handing findings over', async () => {
    aws.addGuardDuty(...Array.from({ length: 45 }, (_, i) => gdFinding(i + 1)));
    outbox.failOn = 3;
    await expect(poll(config({ digestThreshold: 10 }), { chunkSize: 10 })).rejects.toThrow('worker killed');
    const handed = await outbox.waiting('C0FIND');
    expect(handed).toBeGreaterThan(0);
    expect(handed).toBeLessThan(46);
    // "Restart": a fresh worker polls again and delivery resumes.
    const fresh = new SlackOutbox(redis, keys, queues);
    await poll(config({ digestThreshold: 10 }), { chunkSize: 10, out: fresh });
    await deliverAll();
    const ids = postedFindingIds();
    expect(ids).toHaveLength(45);
    expect(new Set(ids).size).toBe(45);
    expect(new Set(ids)).toEqual(new Set(aws.guardduty.keys()));
  });

  it('retries after Slack answers 429 with Retry-After, and loses nothing', async () => {
    aws.addGuardDuty(gdFinding(1), gdFinding(2), gdFinding(3));
    await poll();
    slack.failNext('chat.postMessage', { times: 1, status: 429, retryAfter: 1 });
    const started = Date.now();
    await deliverAll(0);
    expect(postedFindingIds()).toEqual(['gd000001', 'gd000002', 'gd000003']);
    expect(posts()[0]!.at - started).toBeGreaterThanOrEqual(950);
  });

  it('says once that GuardDuty has no detector or Macie is off, with an Approve fix button', async () => {
    aws.detectors = [];
    aws.macieEnabled = false;
    await poll();
    await poll();
    await deliverAll();
    const notices = posts().filter((c) => String(c.args.text).includes('is not enabled'));
    expect(notices.map((c) => c.args.text as string).sort()).toEqual([
      expect.stringContaining('GuardDuty is not enabled in account 111122223333, region eu-west-1'),
      expect.stringContaining('Macie is not enabled in account 111122223333, region eu-west-1'),
    ]);
    const buttons = notices.flatMap((c) =>
      (c.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements!),
    );
    expect(buttons.map((b) => [b.action_id, b.value]).sort()).toEqual([
      ['finding_enable', 'guardduty|111122223333|eu-west-1'],
      ['finding_enable', 'macie|111122223333|eu-west-1'],
    ]);
    // Turned on, then off again: said again.
    aws.detectors = ['det-1'];
    await poll();
    aws.detectors = [];
    await poll();
    await deliverAll();
    expect(posts().filter((c) => String(c.args.text).startsWith('GuardDuty is not enabled'))).toHaveLength(2);
  });

  it('reads Macie findings at or above the minimum level and reports a failed read as an error, not as "no findings"', async () => {
    aws.addMacie(macieFinding(1), macieFinding(2, { severity: { description: 'Low' } }));
    const result = await poll(config({ minSeverity: 'medium' }));
    expect(aws.macieListCalls[0]!.findingCriteria!.criterion).toMatchObject({
      archived: { eq: ['false'] },
      'severity.description': { eq: ['Medium', 'High'] },
    });
    expect(result.sources.macie).toMatchObject({ status: 'ok', posted: 1 });
    aws.gdMock
      .on((await import('@aws-sdk/client-guardduty')).ListDetectorsCommand)
      .rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));
    await expect(poll()).rejects.toThrow(/guardduty: AccessDeniedException: not allowed/);
  });

  it('renews its lock while a poll runs longer than the lock: a second poll meanwhile is skipped as busy', async () => {
    const lockMs = 500;
    aws.addGuardDuty(gdFinding(1), gdFinding(2), gdFinding(3));
    // The first poll's GetFindings answers only when the test says so, long after the lock's first TTL ran out.
    let inAws!: () => void;
    const reachedAws = new Promise<void>((r) => (inAws = r));
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    let calls = 0;
    aws.gdMock.on(GdGetFindings).callsFake(async (input: { FindingIds: string[] }) => {
      if (calls++ === 0) {
        inAws();
        await answered;
      }
      return { Findings: input.FindingIds.map((id) => aws.guardduty.get(id)) };
    });
    const first = poll(config(), { lockMs });
    await reachedAws;
    await sleep(3 * lockMs);
    expect(await poll(config(), { lockMs })).toEqual({ skipped: 'busy', sources: {} });
    answer();
    expect((await first).sources.guardduty).toMatchObject({ status: 'ok', posted: 3 });
    expect(aws.gdListCalls).toHaveLength(1);
    await deliverAll();
    expect(postedFindingIds()).toEqual(ids(1, 3));
  });

  it('stops a poll whose lock another poll has taken, before its next hand-over: nothing is posted twice', async () => {
    const lockMs = 500;
    aws.addGuardDuty(...Array.from({ length: 45 }, (_, i) => gdFinding(i + 1)));
    const cfg = config({ digestThreshold: 1000 });
    const stalling = new StallingOutbox(redis, keys, queues);
    const first = poll(cfg, { chunkSize: 10, out: stalling, lockMs });
    await stalling.stalled;
    // The first poll's process stalls past its lock's TTL (here: the lock is gone), and another worker polls.
    await redis.del(new FindingStore(redis, keys).lockKey('self', 'eu-west-1'));
    const second = await poll(cfg, { chunkSize: 10, lockMs });
    expect(second.sources.guardduty).toMatchObject({ status: 'ok', posted: 35, unchanged: 1 });
    stalling.release();
    await expect(first).rejects.toThrow(FindingsPollLockLostError);
    await expect(first).rejects.toThrow('findings poll of self/eu-west-1 stopped: its lock expired and another poll may hold it');
    await deliverAll();
    expect(postedFindingIds()).toEqual(ids(1, 45));
  });

  it('hands over at most findings.maxPerPoll a poll; the next polls continue where it stopped', async () => {
    aws.addGuardDuty(...Array.from({ length: 25 }, (_, i) => gdFinding(i + 1)));
    const cfg = config({ maxPerPoll: 10, digestThreshold: 1000 });
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push((await poll(cfg)).sources.guardduty!);
    expect(outcomes.map((o) => [o.posted, o.deferred])).toEqual([
      [10, 15],
      [10, 5],
      [5, 0],
      [0, 0],
    ]);
    await deliverAll();
    expect(postedFindingIds()).toEqual(ids(1, 25));
  });

  it('with more findings of one updatedAt than maxPerPoll, loses and repeats none of them', async () => {
    const at = Date.UTC(2026, 0, 1, 12);
    aws.addGuardDuty(...Array.from({ length: 7 }, (_, i) => gdFinding(i + 1, { updatedAtMs: at })));
    const cfg = config({ maxPerPoll: 3, digestThreshold: 1000 });
    const posted = [];
    for (let i = 0; i < 4; i++) posted.push((await poll(cfg)).sources.guardduty!.posted);
    expect(posted).toEqual([3, 3, 1, 0]);
    await deliverAll();
    expect(postedFindingIds()).toEqual(ids(1, 7));
  });

  it('drains a backlog of 250 with maxPerPoll 100 in 3 polls, each reading about 100 findings rather than the whole backlog', async () => {
    aws.addGuardDuty(...Array.from({ length: 250 }, (_, i) => gdFinding(i + 1)));
    const cfg = config({ maxPerPoll: 100, digestThreshold: 1000 });
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await poll(cfg)).sources.guardduty!);
    expect(outcomes.map((o) => o.posted)).toEqual([100, 100, 50]);
    // A poll holds 100 findings plus the one at its watermark (101) after 3 pages of 50 at most, and by
    // then has seen a newer one: at most 3 ListFindings and 3 GetFindings a poll, 18 for three. (Listing
    // all 250 three times would take 30; listing from the watermark without the limit, 22.)
    expect(aws.gdListCalls.length + aws.gdGetCalls.length).toBeLessThanOrEqual(18);
    expect((await poll(cfg)).sources.guardduty).toMatchObject({ posted: 0, deferred: 0 });
    await deliverAll();
    expect(postedFindingIds()).toEqual(ids(1, 250));
  });

  it('with more findings of one updatedAt than maxPerPoll across several pages, posts every one once and moves past them', async () => {
    const tie = Date.UTC(2026, 0, 1, 12);
    // 10 older findings, 120 at one time, 80 newer ones.
    aws.addGuardDuty(
      ...Array.from({ length: 210 }, (_, i) =>
        gdFinding(i + 1, { updatedAtMs: i < 10 ? Date.UTC(2026, 0, 1, 0, 0, i) : i < 130 ? tie : tie + (i - 129) * 1000 }),
      ),
    );
    const cfg = config({ maxPerPoll: 40, digestThreshold: 1000 });
    const posted: number[] = [];
    for (let i = 0; i < 12; i++) {
      const outcome = (await poll(cfg)).sources.guardduty!;
      posted.push(outcome.posted);
      if (outcome.posted === 0) break;
    }
    expect(posted.every((n) => n <= 40)).toBe(true);
    expect(posted.at(-1)).toBe(0);
    expect(posted.reduce((a, b) => a + b, 0)).toBe(210);
    await deliverAll();
    expect(postedFindingIds()).toEqual(ids(1, 210));
  });

  it('counts findings and polls per source in /metrics, with the time each source was last read', async () => {
    const metrics = new Metrics();
    const t1 = new Date('2026-03-01T12:00:00Z');
    const t2 = new Date('2026-03-01T12:05:00Z');
    aws.addGuardDuty(gdFinding(1), gdFinding(2), gdFinding(3));
    aws.macieMock.on(GetMacieSessionCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));
    await expect(poll(config({ maxPerPoll: 2 }), { metrics, now: () => t1 })).rejects.toThrow(/macie: AccessDeniedException/);
    let text = await metrics.registry.metrics();
    expect(text).toContain(`gdpr_bot_findings_last_poll_seconds{source="guardduty",account="self",region="eu-west-1"} ${t1.getTime() / 1000}`);
    expect(text).not.toMatch(/gdpr_bot_findings_last_poll_seconds\{source="macie"/);

    aws.macieMock.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' });
    aws.addMacie(macieFinding(1));
    const later = Date.UTC(2026, 0, 2);
    aws.addGuardDuty(gdFinding(1, { updatedAtMs: later, Service: { Archived: false, Count: 4, DetectorId: 'det-1' } }));
    await poll(config({ maxPerPoll: 2 }), { metrics, now: () => t2 });
    text = await metrics.registry.metrics();
    for (const line of [
      'gdpr_bot_findings_total{source="guardduty",outcome="posted"} 3',
      'gdpr_bot_findings_total{source="guardduty",outcome="updated"} 1',
      'gdpr_bot_findings_total{source="guardduty",outcome="unchanged"} 1',
      'gdpr_bot_findings_total{source="guardduty",outcome="deferred"} 1',
      'gdpr_bot_findings_total{source="macie",outcome="posted"} 1',
      'gdpr_bot_findings_polls_total{source="guardduty",status="ok"} 2',
      'gdpr_bot_findings_polls_total{source="macie",status="error"} 1',
      'gdpr_bot_findings_polls_total{source="macie",status="ok"} 1',
      `gdpr_bot_findings_last_poll_seconds{source="guardduty",account="self",region="eu-west-1"} ${t2.getTime() / 1000}`,
      `gdpr_bot_findings_last_poll_seconds{source="macie",account="self",region="eu-west-1"} ${t2.getTime() / 1000}`,
    ]) {
      expect(text).toContain(line);
    }
  });
});
