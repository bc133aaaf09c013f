import pLimit, { type LimitFunction } from 'p-limit';
import type { AwsClients } from '../aws/clients.js';
import { DEFAULT_CONCURRENCY, type ScanSettings } from '../aws/collectors/context.js';
import type { CollectorId } from '../aws/collectors/index.js';
import { collectSnapshot, type Snapshot } from '../aws/snapshot.js';
import { nextTurn } from './store.js';
import { CheckScope, CheckStatus, type Check, type CheckResult } from './types.js';

/** The region label stored on results of account-wide checks. */
export const GLOBAL_REGION = 'global';

/** The checks that run on this snapshot: regional ones always, account-wide ones only on the home snapshot. */
export function checksFor(checks: readonly Check[], home: boolean): Check[] {
  return checks.filter((c) => c.scope === CheckScope.Region || home);
}

/** The collectors the given checks need (only those are run). */
export function collectorsFor(checks: readonly Check[]): CollectorId[] {
  return [...new Set(checks.flatMap((c) => c.needs))];
}

/** Findings turned into results between two turns of the event loop. */
const RESULTS_PER_TURN = 2000;

/**
 * Runs checks over a snapshot. A check that throws yields an `error` result that says so; nothing is
 * dropped and nothing becomes a pass.
 *
 * The event loop gets a turn after every check and every few thousand results: in a process that also
 * answers Slack, a 10,000-bucket snapshot evaluated in one go held every request for seconds (issue #19).
 * One check's own evaluation still runs in one piece.
 */
export async function evaluateChecks(snapshot: Snapshot, checks: readonly Check[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let sinceTurn = 0;
  for (const check of checksFor(checks, snapshot.home)) {
    await nextTurn();
    const region = check.scope === CheckScope.Account ? GLOBAL_REGION : snapshot.region;
    let findings;
    try {
      findings = check.evaluate(snapshot);
    } catch (error) {
      findings = [
        {
          status: CheckStatus.Error,
          resource: `${snapshot.accountId}/${region}`,
          message: `The check itself failed: ${error instanceof Error ? error.message : String(error)}.`,
        },
      ];
    }
    if (findings.length === 0) {
      findings = [{ status: CheckStatus.Error, resource: `${snapshot.accountId}/${region}`, message: 'The check produced no result.' }];
    }
    for (const f of findings) {
      if (++sinceTurn >= RESULTS_PER_TURN) {
        sinceTurn = 0;
        await nextTurn();
      }
      results.push({ ...f, checkId: check.id, accountId: snapshot.accountId, region });
    }
  }
  return results;
}

export interface ScanTargetOptions {
  clients: AwsClients;
  accountId: string;
  region: string;
  /** Whether account-wide collectors and checks run here (true for one region per account). */
  home: boolean;
  regions: string[];
  settings: ScanSettings;
  checks: readonly Check[];
  /** Requests in flight; pass one limiter per account to bound the account as a whole. */
  limit?: LimitFunction;
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  onCall?: (call: string) => void;
}

/** Collects what the checks need for one (account, region) and evaluates them. */
export async function scanTarget(options: ScanTargetOptions): Promise<{ results: CheckResult[]; calls: number; snapshot: Snapshot }> {
  const checks = checksFor(options.checks, options.home);
  const { snapshot, calls } = await collectSnapshot({
    clients: options.clients,
    accountId: options.accountId,
    region: options.region,
    home: options.home,
    regions: options.regions,
    settings: options.settings,
    collectors: collectorsFor(checks),
    limit: options.limit ?? pLimit(options.concurrency ?? DEFAULT_CONCURRENCY),
    sleep: options.sleep,
    now: options.now,
    onCall: options.onCall,
  });
  return { results: await evaluateChecks(snapshot, checks), calls, snapshot };
}
