import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Finding } from './types.js';

/** One page of a ListFindings answer (ids only: `updatedAt` is known after GetFindings), and whether more follow. */
export interface IdPage {
  ids: string[];
  more: boolean;
}

/** What {@link readFindings} read from one listing. */
export interface ReadFindings {
  findings: Finding[];
  /**
   * Set only when the reading stopped before the end of the listing (its `limit` was reached): the
   * findings are then every finding of the listing with `updatedAt` (ms) below `horizon`, and some or
   * all of those at `horizon`; nothing newer. Unset: the whole listing was read.
   */
  horizon?: number;
}

const at = (f: Finding): number => Date.parse(f.updatedAt) || 0;

/**
 * The order findings are handed over in: oldest `updatedAt` first, ties by id. The listing's limit and
 * the poll's cap (`capFindings`) must agree on it, so both use this one.
 */
export function oldestFirstOrder(a: Finding, b: Finding): number {
  return at(a) - at(b) || a.id.localeCompare(b.id);
}

function oldestFirst(findings: Finding[]): Finding[] {
  return findings.sort(oldestFirstOrder);
}

/**
 * Reads the findings of a listing sorted by `updatedAt` ascending: GetFindings (`get`, at most `batch`
 * ids a call) for the listed ids.
 *
 * Without `limit`: lists every page, then gets all ids.
 *
 * With `limit`: page by page (list a page, get its findings, then decide), and stops listing after the
 * first page at whose end it holds `limit` findings AND one whose `updatedAt` is strictly greater than
 * that of the `limit`-th oldest held. So it keeps going while findings tie with the `limit`-th: a poll
 * that hands over up to `limit` findings and moves its (inclusive) watermark to the last one's
 * `updatedAt` then never skips part of a tie, and never gets stuck when more than `limit` findings
 * share one `updatedAt` (it also sees one that is newer). When it stops early it returns the findings up
 * to and including the oldest strictly newer `updatedAt` it saw, and drops the newer ones of that page
 * (they are listed again next time): so the result is every listed finding below its newest `updatedAt`,
 * and a finding updated between its ListFindings and its GetFindings (it comes back with a later
 * `updatedAt`) is less likely to be the newest one returned. See {@link ReadFindings.horizon}.
 *
 * GetFindings does not promise the order of the ids: findings are sorted before the limit is looked at.
 *
 * The event loop gets a turn after every `get`: an answer at hand (a mock, the synthetic AWS without
 * latency) resolves in microtasks, and normalising 10,000 findings in one chain held the loop for
 * 150 ms and more (issue #19); answers from the network yield anyway.
 */
export async function readFindings(
  pages: AsyncIterable<IdPage>,
  get: (ids: string[]) => Promise<Finding[]>,
  options: { batch: number; limit?: number },
): Promise<ReadFindings> {
  const { batch, limit } = options;
  const findings: Finding[] = [];
  if (limit === undefined) {
    const ids: string[] = [];
    for await (const page of pages) ids.push(...page.ids);
    for (let i = 0; i < ids.length; i += batch) {
      findings.push(...(await get(ids.slice(i, i + batch))));
      await nextTurn();
    }
    return { findings };
  }
  for await (const page of pages) {
    for (let i = 0; i < page.ids.length; i += batch) {
      findings.push(...(await get(page.ids.slice(i, i + batch))));
      await nextTurn();
    }
    if (findings.length < limit) continue;
    const sorted = oldestFirst(findings);
    const last = at(sorted[Math.max(1, limit) - 1]!);
    const newer = sorted.find((f) => at(f) > last);
    if (!newer) continue;
    if (!page.more) break;
    const horizon = at(newer);
    return { findings: sorted.filter((f) => at(f) <= horizon), horizon };
  }
  return { findings };
}

/** The findings of several listings read with a limit (GuardDuty: one per detector), cut at the earliest horizon. */
export function combineReads(reads: readonly ReadFindings[]): Finding[] {
  const horizons = reads.flatMap((r) => (r.horizon === undefined ? [] : [r.horizon]));
  const all = reads.flatMap((r) => r.findings);
  if (horizons.length === 0 || reads.length === 1) return all;
  const horizon = Math.min(...horizons);
  return all.filter((f) => at(f) <= horizon);
}
