import { createHash } from 'node:crypto';
import type { AuditInput } from '../audit/log.js';
import { getCheck } from '../checks/registry.js';
import { ResultStore } from '../checks/store.js';
import { CheckStatus, type CheckResult } from '../checks/types.js';
import { formatDuration, parseDuration } from '../config/duration.js';
import { TamperedRecordError } from '../redis/integrity.js';
import { Lease } from '../redis/lease.js';
import { chainAudit } from '../remediations/requests.js';
import { namesResource } from '../remediations/resolver.js';
import type { Services } from '../services.js';
import { noticeMessage } from './messages.js';
import { WaiverStore } from './store.js';
import {
  applyWaivers,
  covers,
  inForce,
  MAX_JUSTIFICATION,
  MIN_JUSTIFICATION,
  newWaiverId,
  WHOLE_SCOPE,
  type GrantOutcome,
  type RevokeOutcome,
  type Waiver,
  type WaiverProblems,
  type WaiverTarget,
} from './types.js';

type WaiverServices = Pick<Services, 'redis' | 'keys' | 'integrity' | 'audit' | 'log' | 'config' | 'approvers' | 'outbox' | 'now'>;

/** The Redis-backed waiver store of these services. */
export function waiverStore(services: Pick<Services, 'redis' | 'keys' | 'integrity'>): WaiverStore {
  return new WaiverStore(services.redis, services.keys, services.integrity);
}

/** The token of one resource of a check in the Waive… modal (option values are short; the resource is looked up again on submit). */
export function resourceToken(r: Pick<CheckResult, 'accountId' | 'region' | 'resource'>): string {
  return `r:${createHash('sha256').update(`${r.accountId}|${r.region}|${r.resource}`).digest('hex').slice(0, 32)}`;
}

/** The token of a whole (account, region) scope of a check in the modal. */
export function scopeToken(accountId: string, region: string): string {
  return `s:${accountId}/${region}`;
}

const SCOPE = /^(\d{12})\/(global|[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d)$/;

/**
 * What `asked` names among the check's stored results: one failing resource (an ARN, `account/region`
 * or a short name), or with `<account>/<region>` every resource of the check there. A target that does
 * not fail now is refused: an `error` is never waived (nothing is known about it), a pass needs nothing.
 */
export function resolveTarget(
  results: readonly CheckResult[],
  checkId: string,
  asked: string,
): { ok: true; target: WaiverTarget } | { ok: false; problem: string } {
  if (!getCheck(checkId)) return { ok: false, problem: `There is no check called ${checkId}.` };
  const own = results.filter((r) => r.checkId === checkId);
  const named = asked.startsWith('r:') ? own.filter((r) => resourceToken(r) === asked) : own.filter((r) => namesResource(r, asked));
  if (named.length > 1) {
    const list = named
      .slice(0, 5)
      .map((r) => r.resource)
      .join(', ');
    return { ok: false, problem: `${asked} names ${named.length} resources of ${checkId} (${list}); give the full ARN.` };
  }
  const one = named[0];
  if (one) {
    if (one.status === CheckStatus.Error)
      return {
        ok: false,
        problem: `${checkId} could not be checked for ${one.resource}; a waiver never covers a result that could not be checked. Fix what keeps it from being read, then scan again.`,
      };
    if (one.status !== CheckStatus.Fail) return { ok: false, problem: `${checkId} does not fail for ${one.resource}; there is nothing to waive.` };
    return { ok: true, target: { checkId, accountId: one.accountId, region: one.region, resource: one.resource } };
  }
  const scope = SCOPE.exec(asked.startsWith('s:') ? asked.slice(2) : asked);
  if (scope) {
    const [, accountId = '', region = ''] = scope;
    const inScope = own.filter((r) => r.accountId === accountId && r.region === region);
    if (inScope.length === 0) return { ok: false, problem: `The latest results have nothing of ${checkId} in ${accountId}/${region}.` };
    if (!inScope.some((r) => r.status === CheckStatus.Fail))
      return { ok: false, problem: `${checkId} does not fail in ${accountId}/${region}; there is nothing to waive.` };
    return { ok: true, target: { checkId, accountId, region, resource: WHOLE_SCOPE } };
  }
  return {
    ok: false,
    problem: `The latest results have no resource ${asked} for ${checkId}. Name it as \`/gdpr status\` Details shows it, or \`<account>/<region>\` for all of the check there.`,
  };
}

/** The duration and justification checked against the configuration; the problems by field. */
export function validateTerms(
  services: Pick<Services, 'config'>,
  duration: string,
  justification: string,
): { ok: true; durationMs: number; justification: string } | { ok: false; problems: WaiverProblems } {
  const problems: WaiverProblems = {};
  const ms = parseDuration(duration);
  const max = services.config.waivers.maxDuration;
  if (ms === undefined || ms <= 0) problems.duration = 'Give how long the waiver lasts, e.g. 30d or 90d: every waiver ends.';
  else if (ms > max) problems.duration = `A waiver lasts at most ${formatDuration(max)} (waivers.maxDuration).`;
  const text = justification.trim();
  if (text.length < MIN_JUSTIFICATION) problems.justification = `Say why the risk is accepted (at least ${MIN_JUSTIFICATION} characters).`;
  else if (text.length > MAX_JUSTIFICATION) problems.justification = `The justification is ${text.length} characters; at most ${MAX_JUSTIFICATION} are kept.`;
  if (Object.keys(problems).length > 0 || ms === undefined) return { ok: false, problems };
  return { ok: true, durationMs: ms, justification: text };
}

/** Why `userId` may not grant or revoke waivers (checked on the server for every request), or undefined. */
export async function waiverRefusal(services: Pick<Services, 'approvers' | 'config'>, userId: string): Promise<string | undefined> {
  const decision = await services.approvers.check(userId, services.config.approvers);
  return decision.allowed ? undefined : `Only approvers can grant or revoke waivers (${decision.reason}).`;
}

/**
 * Grants a waiver: only an approver (checked here, on the server, whatever the caller checked before),
 * with a justification and an expiry within `waivers.maxDuration`, for a target that fails in the latest
 * stored results. The record, its `granted` notice and its audit entry are written in one step; the
 * approvals channel is told. One active waiver per target.
 */
export async function grantWaiver(
  services: WaiverServices,
  input: { userId: string; checkId: string; resource: string; duration: string; justification: string },
): Promise<GrantOutcome> {
  const refusal = await waiverRefusal(services, input.userId);
  if (refusal) {
    await auditRefused(services, input.userId, 'waiver.grant', `${input.checkId} ${input.resource}`, refusal);
    return { kind: 'refused', reason: refusal };
  }
  const terms = validateTerms(services, input.duration, input.justification);
  const results = await new ResultStore(services.redis, services.keys).latest();
  const resolved = resolveTarget(results, input.checkId, input.resource);
  if (!terms.ok || !resolved.ok)
    return { kind: 'invalid', problems: { ...(terms.ok ? {} : terms.problems), ...(resolved.ok ? {} : { target: resolved.problem }) } };
  const store = waiverStore(services);
  const now = services.now();
  for (let attempt = 0; attempt < 3; attempt++) {
    const waiver: Waiver = {
      id: newWaiverId(),
      ...resolved.target,
      justification: terms.justification,
      grantedBy: input.userId,
      grantedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + terms.durationMs).toISOString(),
      status: 'active',
      version: 1,
    };
    const entry: AuditInput = {
      actor: input.userId,
      action: 'waiver.granted',
      subject: waiver.id,
      detail: {
        checkId: waiver.checkId,
        accountId: waiver.accountId,
        region: waiver.region,
        resource: waiver.resource,
        expiresAt: waiver.expiresAt,
        justification: waiver.justification,
      },
    };
    const created = await store.create(waiver, [services.audit.stage(entry, now)], now);
    if (created.created) {
      await chainAudit(services);
      await deliverNoticesNow(services);
      return { kind: 'granted', waiver };
    }
    if (!created.holder) continue;
    const holder = await store.get(created.holder).catch((error: unknown) => (error instanceof TamperedRecordError ? undefined : Promise.reject(error)));
    if (holder && inForce(holder, now)) return { kind: 'exists', waiver: holder };
    // The slot's waiver has ended (the sweep has not seen it yet) or does not open: the slot is free.
    await store.freeSlot(waiver, created.holder);
  }
  throw new Error('could not store the waiver (its target stayed taken); please try again');
}

/** Revokes an active waiver (approvers only, checked here); the failure it covered shows as a failure again at once. */
export async function revokeWaiver(services: WaiverServices, input: { userId: string; id: string }): Promise<RevokeOutcome> {
  const refusal = await waiverRefusal(services, input.userId);
  if (refusal) {
    await auditRefused(services, input.userId, 'waiver.revoke', input.id, refusal);
    return { kind: 'refused', reason: refusal };
  }
  const now = services.now();
  let applied;
  try {
    applied = await waiverStore(services).apply(input.id, (w) =>
      w.status !== 'active'
        ? { next: undefined }
        : {
            next: { ...w, status: 'revoked', endedAt: now.toISOString(), endedBy: input.userId },
            notice: 'revoked',
            audit: (next) => [
              services.audit.stage(
                {
                  actor: input.userId,
                  action: 'waiver.revoked',
                  subject: next.id,
                  detail: { checkId: next.checkId, accountId: next.accountId, region: next.region, resource: next.resource },
                },
                now,
              ),
            ],
          },
    );
  } catch (error) {
    if (error instanceof TamperedRecordError) return { kind: 'tampered', id: input.id };
    throw error;
  }
  if (!applied) return { kind: 'unknown', id: input.id };
  if (applied.before.status !== 'active') return { kind: 'ended', waiver: applied.before };
  await chainAudit(services);
  await deliverNoticesNow(services);
  return { kind: 'revoked', waiver: applied.after };
}

async function auditRefused(services: Pick<Services, 'audit' | 'log'>, actor: string, action: string, subject: string, reason: string): Promise<void> {
  await services.audit
    .refused({ actor, action: `${action}.refused`, subject: subject.slice(0, 100), detail: { reason } })
    .catch((err: unknown) => services.log.error({ err: { message: (err as Error).message }, action }, 'could not audit a refused waiver request'));
}

/** How long the sweep's lease lasts (one sweep, or one delivery of notices, at a time). */
const SWEEP_LEASE_MS = 60_000;

/**
 * The recurring sweep: every active waiver past its expiry becomes `expired` (its failures show as
 * failures again; `waiver.expired` audited), every one within `waivers.warnBefore` of it is warned about
 * once (`waiver.expiring`), and the approvals channel is sent every queued notice. One sweep at a time.
 */
export async function sweepWaivers(services: WaiverServices): Promise<{ expired: number; warned: number; notices: number; skipped?: string }> {
  const lease = await Lease.acquire(services.redis, waiverStore(services).sweepKey, SWEEP_LEASE_MS);
  if (!lease) return { expired: 0, warned: 0, notices: 0, skipped: 'busy' };
  try {
    const store = waiverStore(services);
    const now = services.now();
    const warnBefore = services.config.waivers.warnBefore;
    let expired = 0;
    let warned = 0;
    for (const id of await store.dueBy(now.getTime() + warnBefore)) {
      try {
        const applied = await store.apply(id, (w) => {
          if (w.status !== 'active') return { next: undefined };
          if (Date.parse(w.expiresAt) <= now.getTime()) {
            return {
              next: { ...w, status: 'expired', endedAt: now.toISOString(), endedBy: 'system' },
              notice: 'expired',
              audit: (next) => [
                services.audit.stage(
                  {
                    actor: 'system',
                    action: 'waiver.expired',
                    subject: next.id,
                    detail: { checkId: next.checkId, accountId: next.accountId, region: next.region, resource: next.resource, expiresAt: next.expiresAt },
                  },
                  now,
                ),
              ],
            };
          }
          if (w.warnedAt || warnBefore === 0) return { next: undefined };
          return {
            next: { ...w, warnedAt: now.toISOString() },
            notice: 'warning',
            audit: (next) => [
              services.audit.stage(
                { actor: 'system', action: 'waiver.expiring', subject: next.id, detail: { checkId: next.checkId, expiresAt: next.expiresAt } },
                now,
              ),
            ],
          };
        });
        if (applied && applied.before !== applied.after) {
          if (applied.after.status === 'expired') expired += 1;
          else warned += 1;
        }
      } catch (error) {
        // A record that does not open was reported by the integrity check and is never applied.
        if (!(error instanceof TamperedRecordError)) throw error;
      }
    }
    if (expired + warned > 0) await chainAudit(services);
    const notices = await deliverNotices(services, store);
    return { expired, warned, notices };
  } finally {
    await lease.release();
  }
}

/** Delivers queued notices now unless a sweep is doing it (then that sweep, or the next, does). */
async function deliverNoticesNow(services: WaiverServices): Promise<void> {
  const store = waiverStore(services);
  const lease = await Lease.acquire(services.redis, store.sweepKey, SWEEP_LEASE_MS);
  if (!lease) return;
  try {
    await deliverNotices(services, store);
  } catch (err) {
    services.log.warn({ err }, 'waiver notices stay queued; the sweep will post them');
  } finally {
    await lease.release();
  }
}

/**
 * Posts queued notices to `channels.approvals` (else `channels.audit`), each handed to the outbox in the
 * same transaction that takes it off the queue: a crash neither loses nor repeats one. With neither
 * channel configured they stay queued and every sweep logs an error.
 */
async function deliverNotices(services: WaiverServices, store: WaiverStore): Promise<number> {
  const queued = await store.notices();
  if (queued.length === 0) return 0;
  const channel = services.config.channels.approvals ?? services.config.channels.audit;
  if (!channel) {
    services.log.error({ notices: queued.length }, 'waiver notices cannot be posted: configure channels.approvals (or channels.audit)');
    return 0;
  }
  const results = await new ResultStore(services.redis, services.keys).latest();
  let sent = 0;
  for (const { member, id, notice } of queued) {
    let waiver: Waiver | undefined;
    try {
      waiver = await store.get(id);
    } catch (error) {
      if (!(error instanceof TamperedRecordError)) throw error;
    }
    if (!waiver) {
      await store.dropNotice(member);
      continue;
    }
    const failing = results.filter((r) => r.status === CheckStatus.Fail && covers(waiver, r)).length;
    await services.outbox.sendWith([{ kind: 'post', channel, ...noticeMessage(notice, waiver, failing) }], (tx) => tx.zrem(store.noticesKey, member));
    sent += 1;
  }
  return sent;
}

/** Results marked with their waivers, per results array and set of waivers in force (ResultStore hands out one frozen array per version). */
const appliedCache = new WeakMap<readonly CheckResult[], { key: string; out: readonly CheckResult[] }>();

/** The waivers in force now (read from Redis on every call), for {@link applyLiveWaivers}. */
export async function liveWaivers(services: Pick<Services, 'redis' | 'keys' | 'integrity' | 'now'>): Promise<readonly Waiver[]> {
  const now = services.now();
  return (await waiverStore(services).active()).filter((w) => inForce(w, now));
}

/** `results` marked with the waivers `live` (from {@link liveWaivers}); the marking is cached per array and set of waivers. */
export function applyLiveWaivers<R extends CheckResult>(results: readonly R[], live: readonly Waiver[], now: Date): readonly R[] {
  if (live.length === 0) return results;
  const key = live.map((w) => `${w.id}:${w.version}`).join(',');
  const cached = appliedCache.get(results);
  if (cached && cached.key === key) return cached.out as readonly R[];
  const out = applyWaivers(results, live, now);
  if (Object.isFrozen(results)) appliedCache.set(results, { key, out });
  return out;
}

/**
 * The results as shown and reported: failures covered by a waiver in force marked `waived` (never a
 * pass; an error is never marked). Read from Redis on every call; the marking is cached per array.
 */
export async function withWaivers<R extends CheckResult>(
  services: Pick<Services, 'redis' | 'keys' | 'integrity' | 'now'>,
  results: readonly R[],
): Promise<readonly R[]> {
  return applyLiveWaivers(results, await liveWaivers(services), services.now());
}
