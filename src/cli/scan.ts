import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { AwsClients } from '../aws/clients.js';
import { planRegions, resolveAccounts, type ScanAccount } from '../aws/collectors/targets.js';
import { loadConfig } from '../config/load.js';
import { awsRegion } from '../config/schema.js';
import { buildDataMap, type AccountDataMap } from '../checks/datamap.js';
import { scanTarget } from '../checks/engine.js';
import { getCheck, parseCheckSelector, selectChecks } from '../checks/registry.js';
import { manualStatuses } from '../checks/manual.js';
import { renderReport } from '../checks/report.js';
import { coverageGaps, coverageLine, summarizeCoverage, type CoverageSummary } from '../checks/coverage.js';
import { scanSettings } from '../checks/scans.js';
import { summarize } from '../checks/summary.js';
import { CheckStatus, SEVERITIES, severityRank, type CheckResult, type Severity } from '../checks/types.js';

const FORMATS = ['table', 'json', 'sarif', 'md'] as const;
type CliFormat = (typeof FORMATS)[number];

export const CLI_USAGE = `Usage: gdpr-bot scan [--format table|json|sarif|md] [--fail-on low|medium|high|critical|none]
                     [--checks <id|1-14>,…] [--regions <region>,…] [--config gdpr-bot.yml] [--concurrency 8]
                     [--allow-errors]

Runs the GDPR posture checks against the current AWS credentials (no Slack, no Redis) and prints the
results on stdout; progress goes to stderr. Regions: --regions, else scan.regions of the configuration,
else every region enabled in each account. Exit codes:
  0  nothing failed at or above --fail-on, and every check could run
  1  a failure at or above --fail-on (default: low, i.e. any failure)
  2  a usage or configuration error, or a --regions entry that is not a region
  3  checks could not run (access denied, throttled, unreachable) or the enabled regions could not be
     listed, so the result does not cover what it should; --allow-errors turns this into 0`;

/** Exit codes of the scan command. */
export const EXIT = { ok: 0, failures: 1, usage: 2, incomplete: 3 } as const;

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** AWS clients to use (tests); default: built from the environment. */
  clients?: AwsClients;
  now?: () => Date;
}

function table(results: readonly CheckResult[], coverage: CoverageSummary): string {
  const shown = results.filter((r) => r.status === CheckStatus.Fail || r.status === CheckStatus.Error);
  const summary = summarize(results);
  const lines = shown
    .map((r) => ({ r, c: getCheck(r.checkId) }))
    .sort((a, b) => severityRank(b.c?.severity ?? 'low') - severityRank(a.c?.severity ?? 'low') || a.r.checkId.localeCompare(b.r.checkId))
    .map(
      ({ r, c }) =>
        `${r.status.toUpperCase().padEnd(6)} ${(c?.severity ?? '').padEnd(8)} ${String(c?.actionItem ?? '').padStart(2)}  ${r.checkId.padEnd(38)} ${r.region.padEnd(14)} ${r.message}`,
    );
  return [
    `STATUS SEVERITY  #  CHECK${' '.repeat(34)}REGION         DETAIL`,
    ...lines,
    '',
    `Score ${summary.score}%: ${summary.checks.passed} checks passed, ${summary.checks.failed} failed, ${summary.checks.errors} could not be checked, ${summary.checks.notApplicable} not applicable (${results.length} results).`,
    `Covers ${coverageLine(coverage)}.`,
    ...coverageGaps(coverage),
    '',
  ].join('\n');
}

/** The CI command. Returns the exit code. */
export async function runScanCli(argv: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        format: { type: 'string', default: 'table' },
        'fail-on': { type: 'string', default: 'low' },
        checks: { type: 'string' },
        regions: { type: 'string' },
        config: { type: 'string' },
        concurrency: { type: 'string', default: '8' },
        'allow-errors': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${CLI_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${CLI_USAGE}\n`);
    return 0;
  }
  const format = values.format as CliFormat;
  const failOn = values['fail-on'];
  const concurrency = Number(values.concurrency);
  const problems: string[] = [];
  if (!FORMATS.includes(format)) problems.push(`--format must be one of ${FORMATS.join(', ')}`);
  if (failOn !== 'none' && !SEVERITIES.includes(failOn as Severity)) problems.push(`--fail-on must be one of ${SEVERITIES.join(', ')} or none`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) problems.push('--concurrency must be 1–64');
  const { selector, unknown } = parseCheckSelector((values.checks ?? '').split(',').filter(Boolean));
  if (unknown.length > 0) problems.push(`unknown check(s) or action item(s): ${unknown.join(', ')}`);
  const regionArgs = (values.regions ?? '').split(',').filter(Boolean);
  const badRegions = regionArgs.filter((r) => !awsRegion.safeParse(r).success);
  if (badRegions.length > 0) problems.push(`not AWS regions: ${badRegions.join(', ')}`);
  if (problems.length > 0) {
    io.stderr(`${problems.map((p) => `gdpr-bot scan: ${p}`).join('\n')}\n\n${CLI_USAGE}\n`);
    return EXIT.usage;
  }

  let config;
  const path = values.config ?? io.env.GDPR_BOT_CONFIG ?? (existsSync('./gdpr-bot.yml') ? './gdpr-bot.yml' : undefined);
  try {
    config = await loadConfig(path);
  } catch (error) {
    io.stderr(`gdpr-bot scan: ${(error as Error).message}\n`);
    return 2;
  }
  // Regions: --regions, else the configuration's scan.regions, else every region enabled in each account.
  const requested = regionArgs.length > 0 ? regionArgs : config.scan.regions;
  const clients = io.clients ?? new AwsClients({ defaultRegion: io.env.AWS_REGION || requested?.[0] || 'us-east-1' });
  const checks = selectChecks(selector);
  const now = io.now ?? (() => new Date());

  let accounts;
  try {
    accounts = await resolveAccounts(clients, config.scan);
  } catch (error) {
    io.stderr(`gdpr-bot scan: cannot identify the AWS account (check your credentials): ${(error as Error).name}: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const clientsOf = (account: ScanAccount) => (account.roleArn ? clients.forAccount({ accountId: account.accountId, roleArn: account.roleArn }) : clients);
  const coverage = await Promise.all(accounts.map((a) => planRegions(clientsOf(a), a.accountId, { requested, home: clients.settings.defaultRegion })));
  const covered = summarizeCoverage(coverage);
  if (covered.unknown.length > 0) {
    io.stderr(`gdpr-bot scan: not regions of this AWS partition: ${covered.unknown.join(', ')}\n`);
    return EXIT.usage;
  }
  io.stderr(`gdpr-bot scan: ${checks.length} check(s), ${accounts.length} account(s), ${coverageLine(covered)}\n`);
  for (const c of coverage) {
    const notEnabled = c.skipped.filter((s) => s.reason === 'not-enabled').map((s) => s.region);
    if (notEnabled.length > 0) io.stderr(`  ${c.accountId}: not enabled there, nothing to check: ${notEnabled.join(', ')}\n`);
  }
  const started = Date.now();
  const dataMap: AccountDataMap[] = [];
  const all = await Promise.all(
    accounts.map(async (account, a) => {
      const accountClients = clientsOf(account);
      const limit = pLimit(concurrency);
      const regions = coverage[a]!.regions;
      const perRegion = await Promise.all(
        regions.map(async (region, i) => {
          const { results, calls, snapshot } = await scanTarget({
            clients: accountClients,
            accountId: account.accountId,
            region,
            home: i === 0,
            regions,
            settings: scanSettings(config),
            checks,
            limit,
            now,
          });
          io.stderr(`  ${account.accountId} ${region}: ${results.length} results, ${calls} AWS calls\n`);
          const map = buildDataMap(snapshot);
          if (map) dataMap.push(map);
          return results;
        }),
      );
      return perRegion.flat();
    }),
  );
  const results = all.flat();
  io.stderr(`gdpr-bot scan: done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  const input = {
    generatedAt: now(),
    scannedAt: now().toISOString(),
    accounts: accounts.map((a) => a.accountId),
    results,
    coverage,
    manual: manualStatuses(config.manualAnswers, now()),
    dataMap: dataMap.sort((x, y) => (x.accountId < y.accountId ? -1 : 1)),
  };
  io.stdout(format === 'table' ? table(results, covered) : renderReport(format, input));

  const gaps = coverageGaps(covered);
  for (const gap of gaps) io.stderr(`gdpr-bot scan: ${gap}\n`);
  const threshold = failOn === 'none' ? undefined : severityRank(failOn as Severity);
  const blocking =
    threshold === undefined ? [] : results.filter((r) => r.status === CheckStatus.Fail && severityRank(getCheck(r.checkId)?.severity ?? 'low') >= threshold);
  const errors = results.filter((r) => r.status === CheckStatus.Error);
  const checked = results.filter((r) => r.status === CheckStatus.Pass || r.status === CheckStatus.Fail);
  if (blocking.length > 0) io.stderr(`gdpr-bot scan: ${blocking.length} failure(s) at or above ${failOn}\n`);
  const incomplete: string[] = [];
  if (checked.length === 0) incomplete.push('nothing could be checked');
  if (errors.length > 0)
    incomplete.push(
      `${errors.length} result(s) could not be checked (see the ERROR lines; \`gdpr-bot policy --scanner\` prints the IAM policy the scan needs)`,
    );
  if (covered.errors.length > 0) incomplete.push(`the enabled regions of ${covered.errors.length} account(s) could not be listed`);
  if (incomplete.length > 0) io.stderr(`gdpr-bot scan: incomplete: ${incomplete.join('; ')}${values['allow-errors'] ? ' (allowed by --allow-errors)' : ''}\n`);
  if (blocking.length > 0) return EXIT.failures;
  if (incomplete.length > 0 && !values['allow-errors']) return EXIT.incomplete;
  return EXIT.ok;
}
