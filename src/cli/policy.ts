import { existsSync } from 'node:fs';
import { brokerPolicy, revokerAccounts, revokerPolicy } from '../access/policy.js';
import { auditShippingPolicy } from '../audit/policy.js';
import { scannerPolicy } from '../checks/policy.js';
import { CHECKS } from '../checks/registry.js';
import { ConfigError, loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { eventBridgeTemplate } from '../findings/eventbridge-template.js';
import { findingsPolicy } from '../findings/policy.js';
import { remediatorPolicy } from '../remediations/policy.js';

const USAGE = `usage: gdpr-bot policy [--scanner | --remediator | --jit | --revoker [--account ID] | --findings | --audit | --eventbridge] [--config FILE]
  --scanner     read-only policy of the scanning identity (and each member account's scan role)
  --remediator  policy of the identity the remediation workers use
  --jit         the bot's own identity for just-in-time access: assume the JIT roles and the revokers (needs access.roles)
  --revoker     the revoker role of one account (--account ID when JIT roles are in several): write only the deny policy
  --findings    what the findings feed reads (and archives) in each polled account
  --audit       s3:PutObject on the audit bucket's prefix (needs audit.s3Bucket)
  --eventbridge CloudFormation template: EventBridge rules for GuardDuty, Macie and Security Hub findings, the SQS queue and its dead-letter queue (findings.delivery: eventbridge)
  --config      the configuration file (default: GDPR_BOT_CONFIG, else ./gdpr-bot.yml when present)`;

const FLAGS = ['--scanner', '--remediator', '--jit', '--revoker', '--findings', '--audit', '--eventbridge'] as const;
type Flag = (typeof FLAGS)[number];

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: Record<string, string | undefined>;
}

const json = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;

/** Raised for what the user asked that cannot be printed (exit 2). */
class UsageError extends Error {}

/**
 * `gdpr-bot policy` (`npm run policy`): prints the IAM policies the bot needs, built from the checks' and
 * the fixes' declared permissions and, for JIT access, the findings feed and audit shipping, from the
 * configuration's ARNs. With no flag every policy that applies is printed, each under a `#` heading;
 * with one flag that policy alone as plain JSON (ready for `aws iam create-policy`). Warnings (a JIT
 * role without a permissions boundary) go to stderr. Returns the exit code.
 */
export async function runPolicyCli(args: readonly string[], io: Io): Promise<number> {
  const flags: Flag[] = [];
  let account: string | undefined;
  let configPath: string | undefined;
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if ((FLAGS as readonly string[]).includes(a)) flags.push(a as Flag);
    else if (a === '--account' && args[i + 1]) account = args[++i];
    else if (a === '--config' && args[i + 1]) configPath = args[++i];
    else unknown.push(a);
  }
  if (unknown.length > 0 || flags.length > 1 || (account && flags[0] !== '--revoker')) {
    const why =
      unknown.length > 0 ? `unknown option ${unknown.join(' ')}` : flags.length > 1 ? `choose one of ${FLAGS.join(', ')}` : '--account goes with --revoker';
    io.stderr(`${why}\n${USAGE}\n`);
    return 2;
  }
  const path = configPath ?? io.env?.GDPR_BOT_CONFIG ?? (existsSync('./gdpr-bot.yml') ? './gdpr-bot.yml' : undefined);
  let config: Config;
  try {
    config = await loadConfig(path);
  } catch (error) {
    io.stderr(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    return 1;
  }
  const warn = (warnings: string[]) => warnings.forEach((w) => io.stderr(`warning: ${w}\n`));
  const revoker = (id: string) => {
    const { policy, warnings } = revokerPolicy(config.access, id);
    warn(warnings);
    return policy;
  };
  try {
    switch (flags[0]) {
      case '--scanner':
        io.stdout(json(scannerPolicy(CHECKS)));
        return 0;
      case '--remediator':
        io.stdout(json(remediatorPolicy()));
        return 0;
      case '--findings':
        io.stdout(json(findingsPolicy(config.findings)));
        return 0;
      case '--jit':
        io.stdout(json(brokerPolicy(config.access)));
        return 0;
      case '--audit':
        io.stdout(json(auditShippingPolicy(config.audit)));
        return 0;
      case '--eventbridge':
        io.stdout(json(eventBridgeTemplate(config.findings)));
        return 0;
      case '--revoker': {
        const accounts = revokerAccounts(config.access);
        const id = account ?? (accounts.length === 1 ? accounts[0] : undefined);
        if (!id)
          throw new UsageError(
            accounts.length === 0
              ? 'no just-in-time roles are configured (access.roles)'
              : `JIT roles are in several accounts; choose one with --account (${accounts.join(', ')})`,
          );
        io.stdout(json(revoker(id)));
        return 0;
      }
      default:
        break;
    }
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
  const parts = [
    '# 1. Scanner policy (read-only): attach to the identity that scans (and to each member account role).',
    '#    Alone, as JSON: gdpr-bot policy --scanner',
    json(scannerPolicy(CHECKS)),
    '# 2. Remediator policy (changes AWS): attach only to the identity the remediation workers use.',
    '#    Alone, as JSON: gdpr-bot policy --remediator',
    json(remediatorPolicy()),
    "# 3. Findings feed: attach to the identity that polls findings (the bot's own, or each findings.accounts role).",
    '#    Alone, as JSON: gdpr-bot policy --findings',
    json(findingsPolicy(config.findings)),
  ];
  let n = 3;
  if (config.access.roles.length > 0) {
    parts.push(
      `# ${++n}. Just-in-time broker: attach to the bot's own identity. It assumes the JIT roles and the revokers; it never writes IAM.`,
      '#    Alone, as JSON: gdpr-bot policy --jit',
      json(brokerPolicy(config.access)),
    );
    for (const id of revokerAccounts(config.access)) {
      parts.push(
        `# ${++n}. Revoker of account ${id}: attach to ${config.access.revokers.find((r) => r.account === id)?.roleArn ?? '(no revoker configured)'} (trusting the bot's principal). It writes the deny policy; it never assumes roles.`,
        `#    Alone, as JSON: gdpr-bot policy --revoker --account ${id}`,
        json(revoker(id)),
      );
    }
  }
  if (config.audit.s3Bucket) {
    parts.push(
      `# ${n + 1}. Audit shipping: attach to the bot's own identity.`,
      '#    Alone, as JSON: gdpr-bot policy --audit',
      json(auditShippingPolicy(config.audit)),
    );
  }
  if (config.findings?.delivery === 'eventbridge') {
    parts.push(
      `# ${n + (config.audit.s3Bucket ? 2 : 1)}. EventBridge → SQS (findings.delivery: eventbridge): a CloudFormation template of the rules, the queue and its dead-letter queue, for each region.`,
      '#    Alone, as JSON: gdpr-bot policy --eventbridge',
      json(eventBridgeTemplate(config.findings)),
    );
  }
  io.stdout(parts.join('\n'));
  return 0;
}
