import { setImmediate as nextTurn } from 'node:timers/promises';
import { DataMapStore } from '../datamap/store.js';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import type { OutboundMessage, Outbox } from '../notify/outbox.js';
import { fixForFinding } from './fixes.js';
import { oldestFirstOrder } from './listing.js';
import { changeNote, digestMessage, findingMessage, findingRef, serviceOffMessage } from './messages.js';
import { routeFinding, type FindingRoute } from './routing.js';
import { FindingStore } from './store.js';
import type { Finding, FindingsCollection, FindingSource, StoredFinding } from './types.js';

/** What happens to a fetched finding given what was stored for its id. */
export type Decision = 'new' | 'update' | 'unchanged';

/**
 * Dedup by finding id: unseen → `new` (post); seen, but AWS has a newer `updatedAt` or a higher count →
 * `update` (chat.update of the existing message); otherwise `unchanged`.
 */
export function decide(previous: Pick<StoredFinding, 'updatedAt' | 'count'> | undefined, finding: Pick<Finding, 'updatedAt' | 'count'>): Decision {
  if (!previous) return 'new';
  if (Date.parse(finding.updatedAt) > Date.parse(previous.updatedAt) || finding.count > previous.count) return 'update';
  return 'unchanged';
}

/** One step of a poll: outbound messages, and the finding whose state they settle (none for a digest). */
export interface PlanItem {
  finding?: Finding;
  state?: StoredFinding;
  decision?: Decision;
  messages: OutboundMessage[];
}

/**
 * A {@link PlanItem} whose messages are built when it is handed over (`render`): a poll of 10,000 findings
 * held some 33 MB of built messages at once (issue #19, the pipeline's peak memory), though it sends them
 * 200 at a time.
 */
export interface PlanDraft extends Omit<PlanItem, 'messages'> {
  render(): OutboundMessage[];
}

export interface PlanOptions {
  routes: readonly FindingRoute[];
  defaultChannel: string | undefined;
  digestThreshold: number;
  /** Unique per poll; names the digest messages. */
  pollId: string;
  scope: { source: FindingSource; account: string; region: string };
  /** Bucket ARNs holding personal data (the data map): a digest lists their findings first. */
  personal?: ReadonlySet<string>;
}

/** The stored form of a finding about to be handed to Slack. */
export function toStored(f: Finding, channel: string, ref: string): StoredFinding {
  const fix = fixForFinding(f);
  const s: StoredFinding = {
    id: f.id,
    source: f.source,
    type: f.type,
    title: f.title,
    severity: f.severity,
    account: f.account,
    region: f.region,
    resource: f.resource,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    updatedAt: f.updatedAt,
    count: f.count,
    archived: f.archived,
    channel,
    ref,
  };
  if (f.score !== undefined) s.score = f.score;
  if (f.level !== undefined) s.level = f.level;
  if (f.detectorId !== undefined) s.detectorId = f.detectorId;
  if (fix) s.fix = fix;
  return s;
}

/** Most findings one poll posts or updates per source (`findings.maxPerPoll`; the schema's default when the section is absent). */
export function maxPerPoll(config: Pick<Config, 'findings'>): number {
  return config.findings?.maxPerPoll ?? 1000;
}

/** The newest version of each finding id, oldest `updatedAt` first (ties by id): the order findings are handed over in. */
function latestOldestFirst(findings: readonly Finding[]): Finding[] {
  const latest = new Map<string, Finding>();
  for (const f of findings) {
    const seen = latest.get(f.id);
    if (!seen || decide(seen, f) === 'update') latest.set(f.id, f);
  }
  return [...latest.values()].sort(oldestFirstOrder);
}

/**
 * Pure: the part of one poll's findings that this poll hands over when at most `max` may be posted or
 * updated. Oldest first (the order of {@link planPoll}), up to and including the `max`-th finding that is
 * new or changed; unchanged ones before it come along (they send nothing). The watermark then ends at
 * the `updatedAt` of the last one taken, so the next poll (which fetches from the watermark, inclusive)
 * gets everything `deferred` here, and sees what was taken as unchanged.
 */
export function capFindings(
  findings: readonly Finding[],
  previous: ReadonlyMap<string, Pick<StoredFinding, 'updatedAt' | 'count'>>,
  max: number,
): { take: Finding[]; deferred: number } {
  const ordered = latestOldestFirst(findings);
  let handed = 0;
  let end = 0;
  for (; end < ordered.length && handed < max; end++) {
    const f = ordered[end]!;
    if (decide(previous.get(f.id), f) !== 'unchanged') handed++;
  }
  return { take: ordered.slice(0, end), deferred: ordered.length - end };
}

/**
 * Pure: what to send for the findings of one poll. Items come oldest `updatedAt` first (so the
 * watermark can advance chunk by chunk), digests before everything. New findings are routed; when more
 * than `digestThreshold` new findings go to one channel, that channel gets one digest message and the
 * findings are posted in its thread. Updates go to the message that already exists (by ref).
 */
export function planPoll(findings: readonly Finding[], previous: ReadonlyMap<string, StoredFinding>, options: PlanOptions): PlanItem[] {
  const steps = planSteps(findings, previous, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value.map(({ render, ...item }) => ({ ...item, messages: render() }));
  }
}

/**
 * Findings planned (routed, their messages built) between two turns of the event loop by
 * {@link planPollInTurns}. Building 10,000 findings' messages in one piece held the loop for 150–250 ms
 * (issue #19): acks and deliveries waited behind it. A slice of this size takes a few milliseconds.
 */
export const FINDINGS_PER_TURN = 250;

/**
 * {@link planPoll}, the same items in the same order, letting the event loop turn every {@link FINDINGS_PER_TURN}
 * findings; each item's messages are built by its `render`, when it is handed over.
 */
export async function planPollInTurns(findings: readonly Finding[], previous: ReadonlyMap<string, StoredFinding>, options: PlanOptions): Promise<PlanDraft[]> {
  const steps = planSteps(findings, previous, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}

/** The one implementation of {@link planPoll}: yields after every {@link FINDINGS_PER_TURN} findings (a place to let the loop turn). */
function* planSteps(findings: readonly Finding[], previous: ReadonlyMap<string, StoredFinding>, options: PlanOptions): Generator<void, PlanDraft[], void> {
  const ordered = latestOldestFirst(findings);

  const items: PlanDraft[] = [];
  const newByChannel = new Map<string, PlanDraft[]>();
  for (const [n, f] of ordered.entries()) {
    if (n > 0 && n % FINDINGS_PER_TURN === 0) yield;
    const prev = previous.get(f.id);
    const decision = decide(prev, f);
    if (decision === 'unchanged') {
      items.push({ finding: f, decision, render: () => [] });
      continue;
    }
    if (decision === 'update' && prev) {
      const state: StoredFinding = { ...toStored(f, prev.channel, prev.ref), archived: false };
      if (prev.threadRef) state.threadRef = prev.threadRef;
      items.push({
        finding: f,
        state,
        decision,
        render: () => [{ kind: 'update', channel: prev.channel, ref: prev.ref, ...findingMessage(state, { note: changeNote(prev, state) }) }],
      });
      continue;
    }
    const channel = routeFinding(f, options.routes, options.defaultChannel);
    if (!channel) throw new Error('no channel for findings: set channels.findings or a findings route without conditions');
    const state = toStored(f, channel, findingRef(f.id));
    // In its channel's digest thread when the digest below takes it (it sets the state's threadRef).
    const item: PlanDraft = {
      finding: f,
      state,
      decision,
      render: () => [{ kind: 'post', channel, ref: state.ref, ...findingMessage(state), ...(state.threadRef ? { thread: { ref: state.threadRef } } : {}) }],
    };
    items.push(item);
    const list = newByChannel.get(channel) ?? [];
    list.push(item);
    newByChannel.set(channel, list);
  }

  const digests: PlanDraft[] = [];
  for (const [channel, list] of newByChannel) {
    if (list.length <= options.digestThreshold) continue;
    const { source, account, region } = options.scope;
    const ref = `digest:${source}:${account}:${region}:${options.pollId}:${channel}`;
    const states = list.map((i) => i.state!);
    digests.push({ render: () => [{ kind: 'post', channel, ref, ...digestMessage(states, options.scope, options.personal) }] });
    for (const state of states) state.threadRef = ref;
  }
  return [...digests, ...items];
}

/** The channel for notices that are not about one finding (e.g. "GuardDuty is off"). */
export function defaultFindingsChannel(config: Config): string | undefined {
  const catchAll = config.findings?.routes.find((r) => !r.minSeverity && !r.source && !r.typePrefix && !r.account);
  return config.channels.findings ?? catchAll?.channel;
}

export interface PollDeps {
  config: Config;
  redis: Redis;
  keys: Keys;
  outbox: Outbox;
  log: Logger;
  now: () => Date;
  /** Findings handed to the outbox per transaction (default 200). */
  chunkSize?: number;
}

export interface SourceOutcome {
  status: FindingsCollection['status'];
  fetched: number;
  posted: number;
  updated: number;
  unchanged: number;
  /** Fetched but left for the next poll (more than `findings.maxPerPoll` to post or update). */
  deferred: number;
  digests: number;
  reason?: string;
}

/**
 * How far the watermark stays behind the start of the listing it came from. A finding can be created or
 * updated while a poll runs (or reach AWS's listing a little after its `updatedAt`), so one older than
 * the newest finding a poll saw may not have been listed yet; moving the watermark up to that newest one
 * would skip it for good. Held back this far, the next poll lists the last minute again: the stored
 * state makes those repeats `unchanged`, and a later update still counts as one.
 */
export const WATERMARK_LAG_MS = 60_000;

/**
 * Hands one source's collected findings to Slack for one (account, region): dedup against the stored
 * state, the cap (`findings.maxPerPoll`, see {@link capFindings}), routing, digests, then — chunk by
 * chunk, each in ONE Redis transaction with the outbox — the messages, the new state and the advanced
 * watermark (the last finding handed over, but never closer than {@link WATERMARK_LAG_MS} to
 * `listedAt`). A crash between chunks leaves the watermark at the last chunk handed over; the next poll
 * fetches from there (inclusive) and the stored state makes the repeats `unchanged`, so every finding
 * is posted exactly once.
 *
 * `scope.beforeHandOver` runs before each hand-over to the outbox; when it throws (the poll's lock is
 * no longer held), nothing more is handed over.
 *
 * When the service is off, says so once in the findings channel (and again only after it was back on).
 */
export async function handOverFindings(
  deps: PollDeps,
  scope: {
    source: FindingSource;
    account: string;
    region: string;
    /** When the collection started listing (ms): the watermark stays {@link WATERMARK_LAG_MS} behind it. */
    listedAt: number;
    accountLabel?: () => Promise<string>;
    beforeHandOver?: () => Promise<void>;
    /**
     * Default true. False for findings that did not come from a listing (the EventBridge queue,
     * src/findings/sqs.ts): the watermark says "everything listed up to here was handed over", and an
     * event says nothing about the findings around it, so the poll must still list them.
     */
    advanceWatermark?: boolean;
  },
  collection: FindingsCollection,
): Promise<SourceOutcome> {
  const store = new FindingStore(deps.redis, deps.keys);
  const outcome: SourceOutcome = { status: collection.status, fetched: 0, posted: 0, updated: 0, unchanged: 0, deferred: 0, digests: 0 };
  const noticeKey = store.noticeKey(scope.source, scope.account, scope.region);
  if (collection.status === 'error') return { ...outcome, reason: collection.reason };
  if (collection.status === 'disabled') {
    if ((await deps.redis.get(noticeKey)) !== null) return { ...outcome, reason: collection.reason };
    const channel = defaultFindingsChannel(deps.config);
    if (!channel) return { ...outcome, reason: collection.reason };
    const account = scope.accountLabel ? await scope.accountLabel() : scope.account;
    const message = serviceOffMessage(scope.source, account, scope.region, collection.reason);
    await scope.beforeHandOver?.();
    await deps.outbox.sendWith([{ kind: 'post', channel, ...message }], (tx) => tx.set(noticeKey, deps.now().toISOString()));
    deps.log.warn(
      { source: scope.source, account: scope.account, region: scope.region, reason: collection.reason },
      'findings source is not enabled; said so once',
    );
    return { ...outcome, reason: collection.reason };
  }
  await deps.redis.del(noticeKey);

  const findings = collection.findings.filter((f) => f.id);
  outcome.fetched = findings.length;
  const previous = await store.getMany([...new Set(findings.map((f) => f.id))]);
  const settings = deps.config.findings;
  const { take, deferred } = capFindings(findings, previous, maxPerPoll(deps.config));
  outcome.deferred = deferred;
  const items = await planPollInTurns(take, previous, {
    routes: settings?.routes ?? [],
    defaultChannel: deps.config.channels.findings,
    digestThreshold: settings?.digestThreshold ?? 10,
    pollId: `${deps.now().getTime()}-${randomUUID().slice(0, 8)}`,
    scope: { source: scope.source, account: scope.account, region: scope.region },
    personal: await new DataMapStore(deps.redis, deps.keys).personal(),
  });
  const watermarkKey = store.watermarkKey(scope.source, scope.account, scope.region);
  let watermark = (await store.watermark(scope.source, scope.account, scope.region)) ?? 0;
  const ceiling = scope.listedAt - WATERMARK_LAG_MS;
  const size = deps.chunkSize ?? 200;
  for (let i = 0; i < items.length; i += size) {
    const chunk = items.slice(i, i + size);
    const states: StoredFinding[] = [];
    const details = new Map<string, Record<string, string>>();
    for (const item of chunk) {
      if (item.finding) watermark = Math.max(watermark, Math.min(Date.parse(item.finding.updatedAt) || 0, ceiling));
      if (item.state && item.finding) {
        states.push(item.state);
        details.set(item.finding.id, item.finding.details);
      }
      if (item.decision === 'new') outcome.posted++;
      else if (item.decision === 'update') outcome.updated++;
      else if (item.decision === 'unchanged') outcome.unchanged++;
      else outcome.digests++;
    }
    await scope.beforeHandOver?.();
    await deps.outbox.sendWith(
      chunk.flatMap((item) => item.render()),
      (tx) => store.stage(tx, states, details, watermark > 0 && scope.advanceWatermark !== false ? { key: watermarkKey, ms: watermark } : undefined),
    );
  }
  return outcome;
}
