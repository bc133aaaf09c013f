import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { AwsClients } from '../aws/clients.js';
import { resolveAccounts } from '../aws/collectors/targets.js';
import { loadConfig } from '../config/load.js';
import { awsRegion } from '../config/schema.js';
import { scanTarget } from '../checks/engine.js';
import { getCheck, parseCheckSelector, selectChecks } from '../checks/registry.js';
import { renderReport } from '../checks/report.js';
import { scanSettings } from '../checks/scans.js';
import { summarize } from '../checks/summary.js';
import { CheckStatus, SEVERITIES, severityRank, type CheckResult, type Severity } from '../checks/types.js';

const FORMATS = ['table', 'json', 'sarif', 'md'] as const;
type CliFormat = (typeof FORMATS)[number];

export const CLI_USAGE = `Usage: npm run scan -- [--format table|json|sarif|md] [--fail-on low|medium|high|critical|none]
                       [--checks <id|1-14>,…] [--regions <region>,…] [--config gdpr-bot.yml] [--concurrency 8]

Runs the GDPR posture checks against the current AWS credentials (no Slack, no Redis) and prints the
results on stdout; progress goes to stderr. Exits 1 when a failure at or above --fail-on (default: low,
i.e. any failure) exists, 2 on a usage or configuration error.`;

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** AWS clients to use (tests); default: built from the environment. */
  clients?: AwsClients;
  now?: () => Date;
}

function table(results: readonly CheckResult[]): string {
  const shown = results.filter((r) => r.status === CheckStatus.Fail || r.status === CheckStatus.Error);
  const summary = summarize(results);
  const lines = shown
    .map((r) => ({ r, c: getCheck(r.checkId) }))
    .sort((a, b) => severityRank(b.c?.severity ?? 'low') - severityRank(a.c?.severity ?? 'low') || a.r.checkId.localeCompare(b.r.checkId))
    .map(({ r, c }) => `${r.status.toUpperCase().padEnd(6)} ${(c?.severity ?? '').padEnd(8)} ${String(c?.actionItem ?? '').padStart(2)}  ${r.checkId.padEnd(38)} ${r.region.padEnd(14)} ${r.message}`);
  return [
    `STATUS SEVERITY  #  CHECK${' '.repeat(34)}REGION         DETAIL`,
    ...lines,
    '',
    `Score ${summary.score}%: ${summary.checks.passed} checks passed, ${summary.checks.failed} failed, ${summary.checks.errors} could not be checked, ${summary.checks.notApplicable} not applicable (${results.length} results).`,
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
    return 2;
  }

  let config;
  const path = values.config ?? io.env.GDPR_BOT_CONFIG ?? (existsSync('./gdpr-bot.yml') ? './gdpr-bot.yml' : undefined);
  try {
    config = await loadConfig(path);
  } catch (error) {
    io.stderr(`gdpr-bot scan: ${(error as Error).message}\n`);
    return 2;
  }
  // Regions: --regions, else the config file's, else the SDK's AWS_REGION, else the default.
  const regions = regionArgs.length > 0 ? regionArgs : !path && io.env.AWS_REGION ? [io.env.AWS_REGION] : config.scan.regions;
  const clients = io.clients ?? new AwsClients({ defaultRegion: regions[0] ?? 'us-east-1', endpoint: io.env.AWS_ENDPOINT_URL });
  const checks = selectChecks(selector);
  const now = io.now ?? (() => new Date());

  let accounts;
  try {
    accounts = await resolveAccounts(clients, config.scan);
  } catch (error) {
    io.stderr(`gdpr-bot scan: cannot identify the AWS account (check your credentials): ${(error as Error).name}: ${(error as Error).message}\n`);
    return 2;
  }
  io.stderr(`gdpr-bot scan: ${checks.length} check(s), ${accounts.length} account(s), regions ${regions.join(', ')}\n`);
  const started = Date.now();
  const all = await Promise.all(
    accounts.map(async (account) => {
      const accountClients = account.roleArn ? clients.forAccount({ accountId: account.accountId, roleArn: account.roleArn }) : clients;
      const limit = pLimit(concurrency);
      const perRegion = await Promise.all(
        regions.map(async (region, i) => {
          const { results, calls } = await scanTarget({
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
          return results;
        }),
      );
      return perRegion.flat();
    }),
  );
  const results = all.flat();
  io.stderr(`gdpr-bot scan: done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  const input = { generatedAt: now(), scannedAt: now().toISOString(), accounts: accounts.map((a) => a.accountId), results };
  io.stdout(format === 'table' ? table(results) : renderReport(format, input));

  if (failOn === 'none') return 0;
  const threshold = severityRank(failOn as Severity);
  const blocking = results.filter((r) => r.status === CheckStatus.Fail && severityRank(getCheck(r.checkId)?.severity ?? 'low') >= threshold);
  if (blocking.length > 0) {
    io.stderr(`gdpr-bot scan: ${blocking.length} failure(s) at or above ${failOn}\n`);
    return 1;
  }
  return 0;
}
