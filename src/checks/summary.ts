import { holdsPersonalData } from './datamap.js';
import { getCheck } from './registry.js';
import { ACTION_ITEM_NUMBERS, CheckStatus, compareIds, severityRank, type ActionItem, type Check, type CheckResult } from './types.js';
import { fixOf } from '../remediations/catalog/index.js';

/** Counts of checks by their overall status. */
export interface StatusCounts {
  passed: number;
  failed: number;
  errors: number;
  notApplicable: number;
  /** Failures an approver accepted as a risk (src/waivers/): never passes, counted against the score like a failure. */
  waived: number;
}

/** What a result or a check shows: a check's own status, or `waived` for a failure covered by a waiver. */
export type PostureStatus = CheckStatus | 'waived';

/** A result's shown status: `waived` only for a `fail` with a waiver; an `error` stays an error whatever it carries. */
export function resultStatus(r: CheckResult): PostureStatus {
  return r.status === CheckStatus.Fail && r.waiver ? 'waived' : r.status;
}

/** A compact summary of a set of results: what `/gdpr status` shows and what the history keeps. */
export interface PostureSummary {
  /** Percentage of evaluated checks that passed everywhere (errors and waived failures count against the score). */
  score: number;
  checks: StatusCounts;
  resources: StatusCounts;
  byActionItem: Record<ActionItem, StatusCounts>;
}

const empty = (): StatusCounts => ({ passed: 0, failed: 0, errors: 0, notApplicable: 0, waived: 0 });

function add(counts: StatusCounts, status: PostureStatus): void {
  if (status === CheckStatus.Pass) counts.passed += 1;
  else if (status === CheckStatus.Fail) counts.failed += 1;
  else if (status === CheckStatus.Error) counts.errors += 1;
  else if (status === 'waived') counts.waived += 1;
  else counts.notApplicable += 1;
}

/**
 * A check's status across all its resources: any failure not waived fails it, then any error, then any
 * waived failure (never a pass), then any pass.
 */
export function overallStatus(results: readonly CheckResult[]): PostureStatus {
  const statuses = results.map(resultStatus);
  if (statuses.includes(CheckStatus.Fail)) return CheckStatus.Fail;
  if (statuses.includes(CheckStatus.Error)) return CheckStatus.Error;
  if (statuses.includes('waived')) return 'waived';
  if (statuses.includes(CheckStatus.Pass)) return CheckStatus.Pass;
  return CheckStatus.NotApplicable;
}

/** Groups results by check id. */
export function byCheck(results: readonly CheckResult[]): Map<string, CheckResult[]> {
  const map = new Map<string, CheckResult[]>();
  for (const r of results) {
    const list = map.get(r.checkId);
    if (list) list.push(r);
    else map.set(r.checkId, [r]);
  }
  return map;
}

/** Summarises results per check and per action item. */
export function summarize(results: readonly CheckResult[]): PostureSummary {
  const checks = empty();
  const resources = empty();
  const byActionItem = Object.fromEntries(ACTION_ITEM_NUMBERS.map((n) => [n, empty()])) as Record<ActionItem, StatusCounts>;
  for (const r of results) add(resources, resultStatus(r));
  for (const [id, list] of byCheck(results)) {
    const check = getCheck(id);
    const status = overallStatus(list);
    add(checks, status);
    if (check) add(byActionItem[check.actionItem], status);
  }
  // A waived failure is not a pass: it stays in the denominator, so a waiver never raises the score.
  const evaluated = checks.passed + checks.failed + checks.errors + checks.waived;
  return { score: evaluated === 0 ? 0 : Math.round((checks.passed / evaluated) * 100), checks, resources, byActionItem };
}

/**
 * Failures not waived: on resources that hold personal data first (`personal`: bucket ARNs from the data
 * map), then most severe first; within a severity those a fix is offered for first (what can be acted on
 * now), then by check id and resource. With their check, and whether the resource holds personal data.
 */
export function worstFailures(
  results: readonly CheckResult[],
  personal: ReadonlySet<string> = new Set(),
): { result: CheckResult; check: Check; personal: boolean }[] {
  return results
    .filter((r) => resultStatus(r) === CheckStatus.Fail)
    .map((result) => ({ result, check: getCheck(result.checkId), personal: holdsPersonalData(result.resource, personal) }))
    .filter((x): x is { result: CheckResult; check: Check; personal: boolean } => x.check !== undefined)
    .sort(
      (a, b) =>
        Number(b.personal) - Number(a.personal) ||
        severityRank(b.check.severity) - severityRank(a.check.severity) ||
        Number(Boolean(fixOf(b.check.id))) - Number(Boolean(fixOf(a.check.id))) ||
        compareIds(a.check.id, b.check.id) ||
        compareIds(a.result.resource, b.result.resource),
    );
}
