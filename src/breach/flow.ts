import type { ApproverDecision } from '../access/approvers.js';
import { auditPendingKey, type AuditEntry, type AuditInput } from '../audit/log.js';
import { parseDuration } from '../config/duration.js';
import { FindingStore } from '../findings/store.js';
import type { StoredFinding } from '../findings/types.js';
import { dmChannel } from '../notify/dm.js';
import type { OutboundMessage } from '../notify/outbox.js';
import { breachProducer } from '../queues/producers.js';
import type { Services } from '../services.js';
import { renderHtml, renderMarkdown } from './document.js';
import { factsFrom, resourceText, type KnownFacts } from './facts.js';
import { assessmentModal, exportComment, mentions, reminderMessage, statusMessage, statusRef } from './messages.js';
import { BreachError, clockText, dueMarks, isLate, markOf, marks, REASON_MAX, TITLE_MAX, type Assessment, type Breach } from './state.js';
import { BreachStore, newBreachId, type Applied } from './store.js';

/** How far back the assessment modal looks in the audit log for fixes and revocations (it opens within Slack's 3 s). */
const MODAL_AUDIT_SCAN = 5000;
/** Clock skew allowed for an awareness time given as "now or earlier". */
const FUTURE_SKEW_MS = 60_000;

/** What `/gdpr breach open` was given, validated. */
export interface OpenInput {
  title: string;
  /** An earlier moment of awareness, with the reason it is earlier. */
  awareAt?: number;
  awareReason?: string;
}

/**
 * `<title…> [--aware <ISO time | duration ago>] [--reason <why…>]` → the fields, or a sentence saying
 * what is wrong (plain text).
 */
export function parseOpenArgs(text: string, now: number): { ok: true; value: OpenInput } | { ok: false; problem: string } {
  // macOS and phones turn `--` into a dash as it is typed: both are read.
  const m = /^([\s\S]*?)(?:\s+(?:--|[—–])aware\s+(\S+(?:\s\d\d:\d\d(?::\d\d)?Z?)?))?(?:\s+(?:--|[—–])reason\s+([\s\S]+))?$/.exec(` ${text.trim()}`);
  const title = (m?.[1] ?? '').trim();
  if (!title) return { ok: false, problem: 'Give the assessment a title, e.g. /gdpr breach open Customer export bucket was public.' };
  if (title.length > TITLE_MAX) return { ok: false, problem: `The title is too long (${title.length} characters, at most ${TITLE_MAX}).` };
  if (/(--|[—–])(aware|reason)\b/.test(title)) return { ok: false, problem: 'Write --aware <time> before --reason <why>, after the title.' };
  const when = m?.[2];
  const reason = m?.[3]?.trim();
  if (!when) {
    if (reason) return { ok: false, problem: '--reason explains an earlier awareness time: give it with --aware <time>.' };
    return { ok: true, value: { title } };
  }
  const ago = parseDuration(when);
  const at = ago !== undefined ? now - ago : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(when) ? when.replace(' ', 'T') : `${when.replace(' ', 'T')}Z`);
  if (Number.isNaN(at))
    return { ok: false, problem: `${when.slice(0, 40)} is not a time: use an ISO time such as 2026-12-01T09:30Z (UTC), or how long ago, e.g. 6h.` };
  if (at > now + FUTURE_SKEW_MS) return { ok: false, problem: 'The awareness time is in the future.' };
  if (now - at > 365 * 86_400_000) return { ok: false, problem: 'The awareness time is more than a year ago.' };
  if (!reason) return { ok: false, problem: 'An earlier awareness time needs a reason: add --reason <why>.' };
  if (reason.length > REASON_MAX) return { ok: false, problem: `The reason is too long (at most ${REASON_MAX} characters).` };
  return { ok: true, value: { title, awareAt: at, awareReason: reason } };
}

/**
 * The breach clock and register: every step a listener or a job takes. Changes of an assessment are
 * compare-and-set transitions with their audit entries staged in the same step ({@link BreachStore});
 * messages go through the outbox (the status message is updated in place by its ref); the clock is one
 * BullMQ delayed job per mark with a stable id (`breach-<id>-<mark>`), so it survives restarts and runs
 * on whichever worker is alive, and the recurring sweep fires anything due that a job did not.
 * Listener-side steps touch Redis only.
 */
/** What the breach flow uses of the services (Slack: DM channels and the export's upload only). */
export type BreachDeps = Pick<Services, 'config' | 'log' | 'redis' | 'keys' | 'queues' | 'approvers' | 'audit' | 'outbox' | 'slack' | 'now'>;

export class BreachFlow {
  readonly store: BreachStore;

  constructor(private readonly s: BreachDeps) {
    this.store = new BreachStore(s.redis, s.keys);
  }

  private now(): number {
    return this.s.now().getTime();
  }

  /** Where status messages go. */
  channel(): string | undefined {
    return this.s.config.breach.channel ?? this.s.config.channels.findings ?? this.s.config.channels.approvals;
  }

  /** Whether `userId` may open and fill in assessments: a top-level approver or a breach responder (never a guest). */
  async responderDecision(userId: string): Promise<ApproverDecision> {
    const approver = await this.s.approvers.check(userId, this.s.config.approvers);
    if (approver.allowed) return approver;
    const responder = await this.s.approvers.check(userId, this.s.config.breach.responders);
    if (responder.allowed) return responder;
    return {
      allowed: false,
      reason:
        responder.reason === 'you are not an approver for this'
          ? 'only approvers and breach responders (breach.responders) can do this'
          : responder.reason.replace('cannot approve', 'cannot handle breach assessments'),
    };
  }

  /** Closing needs a top-level approver. */
  async closerDecision(userId: string): Promise<ApproverDecision> {
    const d = await this.s.approvers.check(userId, this.s.config.approvers);
    return d.allowed
      ? d
      : { allowed: false, reason: d.reason === 'you are not an approver for this' ? 'only approvers can close a breach assessment' : d.reason };
  }

  private entry(actor: string, action: string, breach: Breach, detail: Record<string, unknown> = {}): AuditInput {
    return {
      actor,
      action,
      subject: breach.id,
      detail: { status: breach.status, awareAt: new Date(breach.awareAt).toISOString(), findings: breach.findings, ...detail },
    };
  }

  private async chain(): Promise<void> {
    await this.s.audit.drain().catch((err: unknown) => this.s.log.warn({ err }, 'audit entries staged but not chained yet; the audit job will chain them'));
  }

  /**
   * Opens an assessment: records the moment of awareness, posts the status message, starts the clock.
   * From a finding, one assessment per finding (a second click gets the first one back).
   */
  async open(by: string, input: OpenInput, finding?: StoredFinding): Promise<{ breach: Breach; created: boolean }> {
    const decision = await this.responderDecision(by);
    if (!decision.allowed) throw new BreachError('not-authorized', `You cannot open a breach assessment: ${decision.reason}.`);
    const channel = this.channel();
    if (!channel) throw new BreachError('invalid-input', 'No channel is configured for breach assessments (breach.channel, or channels.findings).');
    const now = this.now();
    const cfg = this.s.config.breach;
    const breach: Breach = {
      id: newBreachId(),
      title: input.title.slice(0, TITLE_MAX),
      openedBy: by,
      openedAt: now,
      awareAt: input.awareAt ?? now,
      ...(input.awareReason ? { awareReason: input.awareReason } : {}),
      findings: finding ? [finding.id] : [],
      resources: finding ? [`${finding.account}/${finding.region}: ${resourceText(finding)}`] : [],
      reminders: [...cfg.reminders].sort((a, b) => a - b),
      deadlineMs: cfg.deadlineHours,
      status: 'open',
      assessment: {},
      phases: [],
      channel,
      version: 1,
    };
    const audit = [
      this.s.audit.stage(
        this.entry(by, 'breach.opened', breach, { via: finding ? 'finding' : 'command', ...(input.awareReason ? { earlierAwareness: true } : {}) }),
      ),
    ];
    const created = await this.store.create(breach, audit, finding?.id);
    if (!created.created) return { breach: await this.store.require(created.existing), created: false };
    await this.chain();
    // The clock first: should posting fail, the marks still come (and the first one posts the status message by its ref).
    await this.scheduleClock(breach);
    // Pinned once posted (same channel list, so after the post); a refused pin is logged and changes nothing else.
    const messages: OutboundMessage[] = [
      { kind: 'post', channel, ref: statusRef(breach.id), ...statusMessage(breach, {}, now) },
      { kind: 'pin', channel, ref: statusRef(breach.id) },
    ];
    if (finding) {
      messages.push({
        kind: 'post',
        channel: finding.channel,
        thread: { ref: finding.threadRef ?? finding.ref },
        text: `:hourglass_flowing_sand: <@${by}> opened breach assessment \`${breach.id}\` from this finding (status in <#${channel}>).`,
      });
    }
    await this.s.outbox.send(...messages);
    return { breach, created: true };
  }

  /** One delayed job per mark, with stable ids: adding them again (a retry, a restart) adds nothing. */
  async scheduleClock(breach: Breach): Promise<void> {
    const now = this.now();
    await breachProducer(this.s.queues).marks(
      breach.id,
      marks(breach).map((m) => ({ key: m.key, delayMs: m.at - now })),
    );
  }

  /** Saves a phase of the assessment (Art. 33(4)) and updates the status message. */
  async assess(id: string, by: string, fields: Assessment): Promise<Applied> {
    const decision = await this.responderDecision(by);
    const applied = await this.store.apply(id, { type: 'assess', by, decision, fields }, this.now(), ({ after }) => [
      this.s.audit.stage(
        this.entry(by, 'breach.assessed', after, {
          phase: after.phases.length,
          changed: after.phases.at(-1)?.changed ?? [],
          decision: after.assessment.decision ?? null,
          notifySubjects: after.assessment.notifySubjects ?? false,
        }),
      ),
    ]);
    await this.chain();
    await this.publish(applied.after);
    return applied;
  }

  /** Closes an assessment (an approver; a decision must be recorded). The clock stops. */
  async close(id: string, by: string, reason: string): Promise<Applied> {
    const decision = await this.closerDecision(by);
    const applied = await this.store.apply(id, { type: 'close', by, decision, reason }, this.now(), ({ after }) => [
      this.s.audit.stage(this.entry(by, 'breach.closed', after, { decision: after.assessment.decision ?? null })),
    ]);
    await this.chain();
    await this.publish(applied.after);
    await this.s.outbox
      .send({ kind: 'unpin', channel: applied.after.channel, ref: statusRef(id) })
      .catch((err: unknown) => this.s.log.warn({ err, breachId: id }, 'could not queue the unpinning of a closed breach status message'));
    // Its marks' jobs would find it closed and send nothing; they are removed so they do not wait for days.
    const jobs = breachProducer(this.s.queues);
    for (const m of marks(applied.after)) {
      await jobs
        .removeMark(id, m.key)
        .catch((err: unknown) => this.s.log.warn({ err, breachId: id, mark: m.key }, 'could not remove a mark job of a closed breach; it will send nothing'));
    }
    return applied;
  }

  /** Updates the status message in place. */
  async publish(breach: Breach): Promise<void> {
    const now = this.now();
    await this.s.outbox.send({
      kind: 'update',
      channel: breach.channel,
      ref: statusRef(breach.id),
      ...statusMessage(breach, await this.store.sent(breach.id), now),
    });
    await this.s.redis.hset(this.s.keys.key('breach', 'shown'), breach.id, clockText(breach, now));
  }

  /** Who is reminded: the responders and the DPO (mentions in the thread; users also by DM). */
  private reminded(): { users: string[]; usergroups: string[] } {
    const { responders, dpo } = this.s.config.breach;
    return { users: [...new Set([...responders.users, ...dpo.users])], usergroups: [...new Set([...responders.usergroups, ...dpo.usergroups])] };
  }

  /**
   * Sends mark `key` of `id` (a reminder, or the deadline) once: in the status thread, by DM to the
   * responders and the DPO, with the status message updated, all handed to the outbox in the same
   * transaction as the "sent" entry and its audit entry. A mark whose time passed long ago (an outage)
   * is sent late with a note. Returns what happened.
   */
  async fireMark(id: string, key: string): Promise<'sent' | 'already-sent' | 'closed' | 'unknown'> {
    const breach = await this.store.get(id);
    if (!breach) return 'unknown';
    if (breach.status !== 'open') return 'closed';
    const mark = markOf(breach, key);
    if (!mark) return 'unknown';
    const now = this.now();
    // A job run early (another process's clock is ahead): retried with backoff, and the sweep is behind it.
    if (now < mark.at) throw new Error(`mark ${key} of ${id} is due in ${mark.at - now} ms; retrying`);
    const late = isLate(mark, now);
    const who = this.reminded();
    const message = reminderMessage(breach, mark, now, late, mentions(who));
    const dms = await Promise.all(who.users.map((u) => dmChannel(this.s, u)));
    const sentBefore = await this.store.sent(id);
    const outcome = await this.store.sendMark(id, key, now, async (markSent) => {
      const staged = this.s.audit.stage(
        this.entry('system', mark.kind === 'deadline' ? 'breach.deadline_passed' : 'breach.reminded', breach, {
          mark: key,
          dueAt: new Date(mark.at).toISOString(),
          late,
        }),
      );
      await this.s.outbox.sendWith(
        [
          { kind: 'post', channel: breach.channel, thread: { ref: statusRef(id) }, ...message },
          ...dms.map((channel): OutboundMessage => ({ kind: 'post', channel, ...message })),
          { kind: 'update', channel: breach.channel, ref: statusRef(id), ...statusMessage(breach, { ...sentBefore, [key]: now }, now) },
        ],
        (tx) => {
          markSent(tx);
          tx.rpush(auditPendingKey(this.s.keys), staged);
        },
      );
    });
    if (outcome === 'sent') await this.chain();
    if (outcome === 'busy') throw new Error(`mark ${key} of ${id} is being sent by another process; retrying`);
    return outcome;
  }

  /**
   * The safety net behind the delayed jobs: fires every due mark not sent, and refreshes the status
   * message of open assessments whose clock text changed ("41 h left" → "40 h left").
   */
  async sweep(): Promise<{ fired: number; refreshed: number }> {
    let fired = 0;
    let refreshed = 0;
    const now = this.now();
    const shown = await this.s.redis.hgetall(this.s.keys.key('breach', 'shown'));
    for (const breach of await this.store.open()) {
      for (const mark of dueMarks(breach, await this.store.sent(breach.id), now)) {
        const outcome = await this.fireMark(breach.id, mark.key).catch((err: unknown) => {
          this.s.log.warn({ err, breachId: breach.id, mark: mark.key }, 'the sweep could not send a due breach mark; its job or the next sweep will');
          return 'failed';
        });
        if (outcome === 'sent') fired++;
      }
      if (shown[breach.id] !== clockText(breach, this.now())) {
        await this.publish((await this.store.get(breach.id)) ?? breach);
        refreshed++;
      }
    }
    return { fired, refreshed };
  }

  /** Audit entries at or after `since`, newest pages first, at most `max` of them read. */
  private async auditSince(since: number, max: number): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    const total = await this.s.audit.length();
    for (let end = total; end > 0 && total - end < max; end -= 500) {
      const raw = await this.s.audit.rawRange(Math.max(0, end - 500), end - 1);
      const page = raw.map((r) => JSON.parse(r) as AuditEntry);
      out.push(...page);
      if (page.length > 0 && Date.parse(page[0]!.at) < since) break;
    }
    return out.filter((e) => Date.parse(e.at) >= since).sort((a, b) => a.seq - b.seq);
  }

  /** What the bot knows about `breach` (linked findings, Macie, fixes and revocations since awareness). */
  async facts(breach: Breach, entries?: readonly AuditEntry[]): Promise<KnownFacts> {
    const store = new FindingStore(this.s.redis, this.s.keys);
    const found = await store.getMany(breach.findings);
    const findings = await Promise.all([...found.values()].map(async (finding) => ({ finding, details: await store.details(finding.id) })));
    return factsFrom(findings, entries ?? (await this.auditSince(breach.awareAt, MODAL_AUDIT_SCAN)), breach.awareAt);
  }

  /** The assessment modal of `id`, for `userId` (refused unless approver or responder; closed ones cannot be edited). */
  async modal(id: string, userId: string) {
    const decision = await this.responderDecision(userId);
    if (!decision.allowed) throw new BreachError('not-authorized', `You cannot edit breach assessments: ${decision.reason}.`);
    const breach = await this.store.require(id);
    if (breach.status !== 'open') throw new BreachError('invalid-status', `Assessment ${id} is closed; it cannot be changed.`);
    return assessmentModal(breach, await this.facts(breach), { dpoContact: this.s.config.breach.dpo.contact }, this.now());
  }

  /** Queues the export of `id` for `userId` (checked here; the job uploads). */
  async requestExport(id: string, userId: string): Promise<Breach> {
    const decision = await this.responderDecision(userId);
    if (!decision.allowed) throw new BreachError('not-authorized', `You cannot export breach assessments: ${decision.reason}.`);
    const breach = await this.store.require(id);
    await breachProducer(this.s.queues).export(id, userId);
    return breach;
  }

  /**
   * Uploads the notification draft (Markdown and HTML) to the requester by DM, with the timeline from
   * the whole audit log. Runs in a job.
   */
  async exportDraft(id: string, requestedBy: string): Promise<{ files: string[] }> {
    const breach = await this.store.require(id);
    const all: AuditEntry[] = [];
    for await (const { raw } of this.s.audit.entries()) all.push(JSON.parse(raw) as AuditEntry);
    const facts = await this.facts(breach, all);
    const related = new Set([breach.id, ...breach.findings, ...facts.fixes.map((f) => f.request), ...facts.revocations.map((r) => r.grant)]);
    const timeline = all.filter((e) => related.has(e.subject) && Date.parse(e.at) >= Math.min(breach.awareAt, breach.openedAt));
    const draft = { breach, sent: await this.store.sent(id), facts, timeline, generatedAt: this.s.now() };
    const stamp = draft.generatedAt.toISOString().replace(/[:.]/g, '-');
    const channel = await dmChannel(this.s, requestedBy);
    const files = [`breach-${id}-${stamp}.md`, `breach-${id}-${stamp}.html`];
    await this.s.slack.filesUploadV2({
      channel_id: channel,
      initial_comment: exportComment(breach),
      file_uploads: [
        { filename: files[0]!, title: `Breach ${id}: notification draft (Markdown)`, content: renderMarkdown(draft) },
        { filename: files[1]!, title: `Breach ${id}: notification draft (HTML)`, content: renderHtml(draft) },
      ],
    });
    await this.s.audit.append(this.entry(requestedBy, 'breach.exported', breach, { files }));
    return { files };
  }
}
