import { AccessStore } from '../access/store.js';
import { OPEN_STATUSES } from '../access/state.js';
import { TREND_HISTORY_LIMIT } from '../charts/posture.js';
import { recentHistory } from '../charts/specs.js';
import { BreachFlow } from '../breach/flow.js';
import { clockText, isOverdue } from '../breach/state.js';
import { ResultStore, type HistoryEntry } from '../checks/store.js';
import { summarize, worstFailures } from '../checks/summary.js';
import { describeTarget } from '../remediations/messages.js';
import { findRemediation } from '../remediations/catalog/index.js';
import { requestStore } from '../remediations/flow.js';
import type { Services } from '../services.js';
import { withWaivers } from '../waivers/flow.js';
import { DataMapStore } from '../datamap/store.js';
import { setupChecklist } from './setup.js';
import type { HomeChart, HomeInput, OpenBreach, PendingApproval, ScoreTrend } from './types.js';

/** The days the trend covers. */
export const TREND_DAYS = 90;

function trendOf(history: readonly HistoryEntry[], now: Date): ScoreTrend | undefined {
  const points = recentHistory(history, now, TREND_DAYS);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return undefined;
  return { scans: points.length, firstScore: first.score, firstAt: first.at, lastScore: last.score, lastAt: last.at, days: TREND_DAYS };
}

/** Pending fixes `userId` may approve: not their own requests. Unreadable or tampered records are left out (they are reported where they are read). */
async function pendingApprovals(services: Services, userId: string): Promise<PendingApproval[]> {
  const store = requestStore(services);
  const out: PendingApproval[] = [];
  for (const id of await store.open(200)) {
    const request = await store.get(id).catch(() => undefined);
    if (!request || request.status !== 'pending' || request.requestedBy === userId) continue;
    const remediation = findRemediation(request.remediation);
    out.push({
      id: request.id,
      title: remediation?.title ?? request.remediation,
      where: describeTarget(request.target, request.remediation),
      risk: remediation?.risk ?? 'high',
      requestedBy: request.requestedBy,
      expiresAt: request.expiresAt,
      approvals: request.approvals.length,
      minApprovals: request.minApprovals,
    });
  }
  return out.sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
}

/** Open breach assessments, most urgent first, when `userId` may handle them (an approver or a breach responder); else none. */
async function openBreaches(services: Services, userId: string): Promise<OpenBreach[]> {
  const flow = new BreachFlow(services);
  const decision = await flow.responderDecision(userId).catch((err: unknown) => {
    services.log.warn({ err, user: userId }, 'could not tell whether the Home tab viewer is a breach responder; no breaches shown');
    return { allowed: false as const };
  });
  if (!decision.allowed) return [];
  const now = services.now().getTime();
  return (await flow.store.open())
    .filter((b) => b.status === 'open')
    .sort((a, b) => a.awareAt + a.deadlineMs - (b.awareAt + b.deadlineMs))
    .map((b) => ({
      id: b.id,
      title: b.title,
      clock: clockText(b, now),
      overdue: isOverdue(b, now),
      ...(b.assessment.decision ? { decision: b.assessment.decision } : {}),
    }));
}

/**
 * What the Home tab of `userId` shows, read from the stores (results, history, fix requests, access
 * grants) and the configuration. Whether the viewer is an approver is asked on the server
 * (`Approvers.check`); a failed look-up counts as "not an approver" (no approvals shown).
 */
export async function loadHomeInput(services: Services, userId: string, charts: readonly HomeChart[]): Promise<HomeInput> {
  const now = services.now();
  const results = new ResultStore(services.redis, services.keys);
  const [stored, lastScan, history, personal] = await Promise.all([
    results.latest(),
    results.lastScan(),
    results.history(TREND_HISTORY_LIMIT),
    new DataMapStore(services.redis, services.keys).personal(),
  ]);
  // Waived failures are shown as waived (never passing, no Fix), as `/gdpr status` shows them.
  const latest = await withWaivers(services, stored);
  const approver = await services.approvers
    .check(userId, services.config.remediation.approvers ?? services.config.approvers)
    .then((d) => d.allowed)
    .catch((err: unknown) => {
      services.log.warn({ err, user: userId }, 'could not tell whether the Home tab viewer is an approver; no approvals shown');
      return false;
    });
  const access = new AccessStore(services.redis, services.keys, services.config.access.expiryWarning, services.integrity);
  const [approvals, requests, breaches] = await Promise.all([
    approver ? pendingApprovals(services, userId) : Promise.resolve([]),
    access.forUser(userId, 50),
    openBreaches(services, userId),
  ]);
  return {
    now,
    userId,
    approver,
    posture:
      latest.length > 0
        ? {
            summary: summarize(latest),
            failures: worstFailures(latest, personal),
            lastScanAt: lastScan?.finishedAt ?? lastScan?.startedAt,
            scanId: lastScan?.id,
            trend: trendOf(history, now),
          }
        : undefined,
    approvals,
    breaches,
    grants: requests.filter((r) => r.kind === 'grant' && r.requester === userId && OPEN_STATUSES.has(r.status)),
    setup: setupChecklist(services.config, latest, lastScan),
    charts,
  };
}
