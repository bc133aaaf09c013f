import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { WebAPIPlatformError, WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import pLimit from 'p-limit';
import { findingsPollTargets } from '../findings/targets.js';
import { scannerActions } from '../checks/policy.js';
import { CHECKS } from '../checks/registry.js';
import { AwsClients } from '../aws/clients.js';
import { CallErrorKind, describeCallError, type CallError } from '../aws/collectors/context.js';
import { queueRegion } from '../findings/sqs.js';
import {
  assumeRoleProbe,
  callerIdentity,
  findingsQueueAttributes,
  guardDutyDetectors,
  macieStatus,
  simulatePermissions,
  simulationPrincipal,
  type Probe,
  type SimulationOutcome,
} from '../aws/diagnostics.js';
import { parseEnv, Role } from '../config/env.js';
import { ConfigError, loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { DEFAULT_REDIS_URL } from '../redis/connection.js';
import { Keys } from '../redis/keys.js';
import { BROKER_JIT_ACTIONS, REVOKER_DENIED_ACTIONS, REVOKER_WRITE_ACTIONS } from '../access/policy.js';
import { remediatorPolicy } from '../remediations/policy.js';
import { outboundKeys, type QueuedMessage } from '../slack/outbound.js';
import { badAppTokenFix, badTokenFix, checkSlackToken, type TokenCheck } from '../slack/token-check.js';

/**
 * The bot scopes of `manifest.yml` (`oauth_config.scopes.bot`), which the token must have. Kept here
 * because the manifest is not shipped with the program; a test keeps the two equal.
 */
export const MANIFEST_BOT_SCOPES: readonly string[] = [
  'commands',
  'chat:write',
  'chat:write.public',
  'im:write',
  'users:read',
  'usergroups:read',
  'files:write',
  'channels:read',
  'groups:read',
  'channels:history',
  'groups:history',
  'pins:write',
];

/**
 * What would let the bot's own identity change what a role it assumes may do: with any of these on a JIT
 * role, a compromised bot could write `Allow *` on a read-only role and assume it. Only the revoker (a role
 * of its own, bounded, see src/access/policy.ts) writes the JIT roles' inline policies.
 */
export const ESCALATING_ACTIONS: readonly string[] = [...REVOKER_WRITE_ACTIONS, ...REVOKER_DENIED_ACTIONS.filter((a) => a !== 'sts:AssumeRole')].sort();

export const DOCTOR_USAGE = `Usage: gdpr-bot doctor [--format text|json] [--config gdpr-bot.yml]

Checks every setting the bot relies on, with the same environment as \`gdpr-bot start\`: the environment
variables and the configuration file, the Slack bot token and its scopes, the signing secret (HTTP mode),
the Socket Mode connection (with SLACK_APP_TOKEN), each configured channel, Redis (reachable, eviction
policy, persistence) and its dead letters, the AWS identity, each account role, the scanner, remediator
and just-in-time permissions (IAM's policy simulator) and, with \`findings\`, GuardDuty and Macie in every
polled region. One line per check: ok, warn or FAIL, and what to do. Changes nothing. Exit codes:
  0  nothing FAILed (warnings may remain)
  1  at least one check FAILed
  2  a usage error`;

/** How a check came out. */
export type DoctorStatus = 'ok' | 'warn' | 'fail';

/** One line of the doctor's report. */
export interface DoctorResult {
  /** A stable name, such as `slack.token`, `redis.eviction`, `aws.permissions.scanner`. */
  check: string;
  status: DoctorStatus;
  /** What was found. */
  message: string;
  /** What to do about it, in words (for warn and fail). */
  fix?: string;
  /** Structured details for `--format json` (the dead letters listed, the actions denied). */
  details?: Record<string, unknown>;
}

export interface DoctorIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** AWS clients to use (tests); default: built from the environment. */
  clients?: AwsClients;
}

/** Dead letters shown by name; the rest are counted. */
const DEAD_LETTERS_SHOWN = 5;
/** Actions named in a line before "and N more". */
const ACTIONS_SHOWN = 8;

function listActions(actions: readonly string[]): string {
  return actions.length <= ACTIONS_SHOWN ? actions.join(', ') : `${actions.slice(0, ACTIONS_SHOWN).join(', ')} and ${actions.length - ACTIONS_SHOWN} more`;
}

/** A Redis URL without its password, for the report. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return '(unparsable REDIS_URL)';
  }
}

function slackClient(token: string, apiUrl: string | undefined): WebClient {
  const slackApiUrl = apiUrl ? (apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`) : undefined;
  return new WebClient(token, { slackApiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: 8000 });
}

function slackErrorCode(error: unknown): string {
  if (error instanceof WebAPIPlatformError) return String(error.data.error);
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------------
// Slack

async function slackChecks(env: Record<string, string | undefined>, config: Config | undefined, out: DoctorResult[]): Promise<void> {
  const botToken = env.SLACK_BOT_TOKEN;
  const role = env.ROLE || Role.All;
  const appToken = env.SLACK_APP_TOKEN;
  if (!botToken) {
    out.push({ check: 'slack.token', status: 'fail', message: 'SLACK_BOT_TOKEN is not set.', fix: badTokenFix(undefined) });
    return;
  }
  const token: TokenCheck = await checkSlackToken(slackClient(botToken, env.SLACK_API_URL));
  if (token.status === 'invalid') {
    out.push({ check: 'slack.token', status: 'fail', message: `Slack refused SLACK_BOT_TOKEN (${token.error}).`, fix: badTokenFix(token.error) });
  } else if (token.status === 'unreachable') {
    out.push({
      check: 'slack.token',
      status: 'fail',
      message: `cannot reach Slack's Web API${env.SLACK_API_URL ? ` at ${env.SLACK_API_URL}` : ''} (${token.error}).`,
      fix: 'let this machine reach https://slack.com (proxy, firewall, DNS), or fix SLACK_API_URL; then run doctor again',
    });
  } else if (token.status === 'error') {
    out.push({ check: 'slack.token', status: 'fail', message: `auth.test refused: ${token.error}.`, fix: badTokenFix(token.error) });
  } else {
    out.push({
      check: 'slack.token',
      status: 'ok',
      message: `the bot token works: @${token.botName ?? '?'} (${token.botUserId ?? '?'}) in ${token.team ?? token.teamId ?? 'the workspace'}.`,
    });
    out.push(scopeCheck(token.scopes));
  }

  // The signing secret proves each HTTP request comes from Slack; Socket Mode and workers do not receive any.
  if (role === Role.Worker) {
    out.push({ check: 'slack.signing-secret', status: 'ok', message: 'not needed: ROLE=worker receives no Slack requests.' });
  } else if (appToken) {
    out.push({ check: 'slack.signing-secret', status: 'ok', message: 'not needed in Socket Mode (SLACK_APP_TOKEN is set).' });
  } else if (env.SLACK_SIGNING_SECRET) {
    out.push({
      check: 'slack.signing-secret',
      status: 'ok',
      message: "SLACK_SIGNING_SECRET is set (Slack's requests prove it; it cannot be checked from here).",
    });
  } else {
    out.push({
      check: 'slack.signing-secret',
      status: 'fail',
      message: 'HTTP mode (no SLACK_APP_TOKEN) without SLACK_SIGNING_SECRET: the bot cannot verify that requests come from Slack.',
      fix: "set SLACK_SIGNING_SECRET to the app's Signing Secret (Basic Information → App Credentials), or use Socket Mode with SLACK_APP_TOKEN",
    });
  }

  if (appToken && role !== Role.Worker) out.push(await socketModeCheck(appToken, env.SLACK_API_URL));

  if (config && token.status === 'ok') {
    const client = slackClient(botToken, env.SLACK_API_URL);
    for (const [channel, uses] of configuredChannels(config)) out.push(await channelCheck(client, channel, uses, token));
  } else if (config && configuredChannels(config).size > 0) {
    out.push({
      check: 'slack.channels',
      status: 'warn',
      message: 'the configured channels were not checked: the bot token does not work yet.',
      fix: 'fix slack.token first',
    });
  }
}

function scopeCheck(scopes: string[] | undefined): DoctorResult {
  if (!scopes) {
    return {
      check: 'slack.scopes',
      status: 'warn',
      message: "Slack did not say which scopes the token has (no x-oauth-scopes header): they could not be compared with manifest.yml's.",
      fix: `check OAuth & Permissions → Bot Token Scopes by hand: ${MANIFEST_BOT_SCOPES.join(', ')}`,
    };
  }
  const missing = MANIFEST_BOT_SCOPES.filter((s) => !scopes.includes(s));
  const extra = scopes.filter((s) => !MANIFEST_BOT_SCOPES.includes(s));
  if (missing.length > 0) {
    return {
      check: 'slack.scopes',
      status: 'fail',
      message: `the token lacks scope(s) of manifest.yml: ${missing.join(', ')}.`,
      fix: 'add them under OAuth & Permissions → Bot Token Scopes (or update the app from manifest.yml), reinstall the app, and set SLACK_BOT_TOKEN to the new token if it changed',
      details: { missing, extra },
    };
  }
  if (extra.length > 0) {
    return {
      check: 'slack.scopes',
      status: 'warn',
      message: `every scope of manifest.yml is there, and more the bot does not use: ${extra.join(', ')}.`,
      fix: 'remove the extra scopes (least privilege) and reinstall the app, unless another use of this app needs them',
      details: { missing, extra },
    };
  }
  return { check: 'slack.scopes', status: 'ok', message: `the token has the scopes of manifest.yml (${MANIFEST_BOT_SCOPES.length}).` };
}

async function socketModeCheck(appToken: string, apiUrl: string | undefined): Promise<DoctorResult> {
  try {
    const res = await slackClient(appToken, apiUrl).apps.connections.open();
    if (res.url)
      return { check: 'slack.socket-mode', status: 'ok', message: 'Slack opens Socket Mode connections for SLACK_APP_TOKEN (apps.connections.open).' };
    return {
      check: 'slack.socket-mode',
      status: 'fail',
      message: 'apps.connections.open gave no connection URL.',
      fix: 'turn Socket Mode on (Settings → Socket Mode) and try again',
    };
  } catch (error) {
    const code = slackErrorCode(error);
    const fix = badAppTokenFix(code);
    return { check: 'slack.socket-mode', status: 'fail', message: `Socket Mode cannot connect: apps.connections.open answered ${code}.`, fix };
  }
}

/** Every channel the configuration names, with the keys that name it. */
function configuredChannels(config: Config): Map<string, string[]> {
  const channels = new Map<string, string[]>();
  const add = (channel: string | undefined, use: string) => {
    if (!channel) return;
    channels.set(channel, [...(channels.get(channel) ?? []), use]);
  };
  add(config.channels.approvals, 'channels.approvals');
  add(config.channels.findings, 'channels.findings');
  add(config.channels.audit, 'channels.audit');
  config.findings?.routes.forEach((r, i) => add(r.channel, `findings.routes[${i}]`));
  return channels;
}

async function channelCheck(client: WebClient, channel: string, uses: string[], token: TokenCheck): Promise<DoctorResult> {
  const check = `slack.channel.${channel}`;
  const named = `${channel} (${uses.join(', ')})`;
  const invite = `\`/invite @${token.botName ?? 'gdpr-bot'}\``;
  try {
    const res = await client.conversations.info({ channel });
    const c = res.channel ?? {};
    const label = c.name ? `#${c.name} ${named}` : named;
    if (c.is_archived)
      return {
        check,
        status: 'fail',
        message: `${label} is archived: nothing can be posted there.`,
        fix: `unarchive it, or name another channel in ${uses.join(', ')}`,
      };
    if (c.is_im || c.is_member) return { check, status: 'ok', message: `${label}: the bot is a member.` };
    if (!c.is_private && token.scopes?.includes('chat:write.public')) {
      return { check, status: 'ok', message: `${label}: public, and the bot posts there without being a member (chat:write.public).` };
    }
    return { check, status: 'fail', message: `${label}: the bot is not a member, so it cannot post there.`, fix: `type ${invite} in that channel` };
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'channel_not_found') {
      return {
        check,
        status: 'fail',
        message: `${named}: Slack knows no such channel for the bot (a wrong id, or a private channel it is not in).`,
        fix: `check the id in gdpr-bot.yml (channel details → copy the channel ID), and if it is private type ${invite} in it`,
      };
    }
    if (code === 'missing_scope') {
      return {
        check,
        status: 'warn',
        message: `${named}: not checked: reading a channel needs the channels:read (public) or groups:read (private) scope, which this token lacks.`,
        fix: `reinstall the app from manifest.yml (it asks for channels:read and groups:read), or make sure by hand that the bot is in the channel (${invite})`,
      };
    }
    return {
      check,
      status: 'warn',
      message: `${named}: not checked: conversations.info answered ${code}.`,
      fix: 'run doctor again; if it persists, check the channel by hand',
    };
  }
}

// ---------------------------------------------------------------------------------------------------
// Redis

function infoField(info: string, field: string): string | undefined {
  const line = info.split(/\r?\n/).find((l) => l.startsWith(`${field}:`));
  return line?.slice(field.length + 1).trim();
}

async function redisChecks(env: Record<string, string | undefined>, out: DoctorResult[]): Promise<void> {
  const url = env.REDIS_URL || DEFAULT_REDIS_URL;
  const where = redactUrl(url);
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    commandTimeout: 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined); // every failure is reported below
  try {
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      out.push(
        env.REDIS_URL
          ? {
              check: 'redis.reachable',
              status: 'fail',
              message: `cannot reach Redis at ${where} (${reason}).`,
              fix: 'start Redis or correct REDIS_URL (host, port, password, rediss:// for TLS)',
            }
          : {
              check: 'redis.reachable',
              status: 'warn',
              message: `no REDIS_URL, and nothing answers at ${where}: \`gdpr-bot start\` would run a private redis-server that keeps nothing on disk (${reason}).`,
              fix: 'fine for trying the bot; for real use set REDIS_URL to a Redis with AOF on (e.g. `docker compose up -d redis`)',
            },
      );
      return;
    }
    const memory = await redis.info('memory');
    const version = infoField(await redis.info('server'), 'redis_version');
    out.push({ check: 'redis.reachable', status: 'ok', message: `Redis${version ? ` ${version}` : ''} answers at ${where}.` });

    let policy = infoField(memory, 'maxmemory_policy');
    if (!policy)
      policy = await redis.config('GET', 'maxmemory-policy').then(
        (r) => (r as string[])[1],
        () => undefined,
      );
    if (policy === 'noeviction') out.push({ check: 'redis.eviction', status: 'ok', message: 'maxmemory-policy is noeviction.' });
    else {
      out.push({
        check: 'redis.eviction',
        status: policy ? 'fail' : 'warn',
        message: policy
          ? `maxmemory-policy is ${policy}: when Redis fills up it deletes keys, and queued jobs, pending approvals and the audit log go with them.`
          : 'maxmemory-policy could not be read.',
        fix: 'set maxmemory-policy noeviction (redis.conf, `CONFIG SET maxmemory-policy noeviction`, or the parameter group of a managed Redis)',
      });
    }

    const persistence = await redis.info('persistence');
    const aof = infoField(persistence, 'aof_enabled') === '1';
    const save = aof
      ? undefined
      : await redis.config('GET', 'save').then(
          (r) => (r as string[])[1] ?? '',
          () => undefined,
        );
    if (aof) out.push({ check: 'redis.persistence', status: 'ok', message: 'AOF is on.' });
    else if (save) out.push({ check: 'redis.persistence', status: 'ok', message: `RDB snapshots are on (save ${save}); AOF would lose less on a crash.` });
    else {
      out.push({
        check: 'redis.persistence',
        status: 'warn',
        message:
          save === undefined
            ? 'AOF is off and the RDB settings could not be read (CONFIG refused).'
            : 'persistence is off (no AOF, no RDB snapshots): a Redis restart loses every queue, request and the audit log.',
        fix: 'turn AOF on (`appendonly yes`), as docker-compose.yml does, or at least RDB snapshots',
      });
    }

    out.push(await deadLetterCheck(redis, new Keys(env.REDIS_PREFIX || '{gdpr}')));
  } catch (error) {
    out.push({
      check: 'redis',
      status: 'fail',
      message: `Redis answered with an error: ${error instanceof Error ? error.message : String(error)}.`,
      fix: 'check REDIS_URL and the Redis server log',
    });
  } finally {
    redis.disconnect();
  }
}

/** What to do about dead letters, by Slack's reason. */
function deadLetterFix(reasons: ReadonlySet<string>): string {
  const fixes: string[] = [];
  if (reasons.has('not_in_channel') || reasons.has('channel_not_found'))
    fixes.push('invite the bot to the channels named (`/invite @<bot name>`), or correct their ids in gdpr-bot.yml');
  if (reasons.has('is_archived')) fixes.push('unarchive the channels named or choose others');
  if ([...reasons].some((r) => !['not_in_channel', 'channel_not_found', 'is_archived'].includes(r)))
    fixes.push("other refusals are the bot's mistake: report them with the message ids");
  return `${fixes.join('; ')}. The messages are kept (newest first) in the Redis list named in the details.`;
}

async function deadLetterCheck(redis: Redis, keys: Keys): Promise<DoctorResult> {
  const key = outboundKeys(keys).dead;
  const count = await redis.llen(key);
  if (count === 0) return { check: 'slack.dead-letters', status: 'ok', message: 'no dead letters: Slack has taken every message.' };
  const newest = (await redis.lrange(key, 0, DEAD_LETTERS_SHOWN - 1)).map((raw) => {
    const d = JSON.parse(raw) as QueuedMessage & { failedAt?: number; reason?: string };
    return {
      id: d.id,
      failedAt: d.failedAt ? new Date(d.failedAt).toISOString() : undefined,
      kind: d.message?.kind,
      channel: d.message?.channel,
      reason: d.reason ?? 'unknown',
    };
  });
  const shown = newest.map((d) => `${d.failedAt ?? '?'} ${d.kind ?? '?'} to ${d.channel ?? '?'}: ${d.reason}`).join('; ');
  return {
    check: 'slack.dead-letters',
    status: 'warn',
    message: `${count} message(s) Slack refused for good; newest: ${shown}.`,
    fix: deadLetterFix(new Set(newest.map((d) => d.reason))),
    details: { count, key, newest },
  };
}

// ---------------------------------------------------------------------------------------------------
// AWS

function awsFailure(error: CallError): string {
  return `${describeCallError(error)}: ${error.message}`;
}

function permissionResult(
  check: string,
  what: string,
  principal: string,
  probe: Probe<SimulationOutcome>,
  options: { missingStatus: DoctorStatus; fix: string },
): DoctorResult {
  if (!probe.ok) {
    const denied = probe.error.kind === CallErrorKind.Denied;
    return {
      check,
      status: 'warn',
      message: `${what} NOT verified: IAM's policy simulator ${denied ? 'is denied to this identity' : 'failed'} (${describeCallError(probe.error)}).`,
      fix: denied
        ? `allow iam:SimulatePrincipalPolicy on ${principal} so doctor can check, or compare its policies by hand with ${options.fix}`
        : `compare ${principal}'s policies by hand with ${options.fix}`,
    };
  }
  if (probe.value.denied.length > 0) {
    return {
      check,
      status: options.missingStatus,
      message: `${principal} is not allowed ${probe.value.denied.length} of the ${probe.value.simulated} action(s) ${what} needs: ${listActions(probe.value.denied)}.`,
      fix: `attach ${options.fix} to ${principal}`,
      details: { principal, denied: probe.value.denied },
    };
  }
  return { check, status: 'ok', message: `${principal} is allowed all ${probe.value.simulated} action(s) ${what} needs (IAM policy simulator).` };
}

/**
 * FAILs when the bot's own identity may change the policies of a JIT role it assumes (see
 * {@link ESCALATING_ACTIONS}); `ok` when the simulator denies every one of them.
 */
function escalationResult(check: string, principal: string, roleArn: string, probe: Probe<SimulationOutcome>): DoctorResult {
  if (!probe.ok) {
    const denied = probe.error.kind === CallErrorKind.Denied;
    return {
      check,
      status: 'warn',
      message: `whether ${principal} can change the policies of ${roleArn} was NOT verified: IAM's policy simulator ${denied ? 'is denied to this identity' : 'failed'} (${describeCallError(probe.error)}).`,
      fix: `${denied ? `allow iam:SimulatePrincipalPolicy on ${principal} so doctor can check, or ` : ''}make sure ${principal} has none of ${ESCALATING_ACTIONS.join(', ')} on ${roleArn}`,
    };
  }
  const allowed = ESCALATING_ACTIONS.filter((a) => !probe.value.denied.includes(a));
  if (allowed.length === 0)
    return { check, status: 'ok', message: `${principal} cannot change the policies of ${roleArn}, which it assumes (IAM policy simulator).` };
  return {
    check,
    status: 'fail',
    message: `${principal} may ${listActions(allowed)} on ${roleArn}, a role it assumes: it could give the role any permission and then use it.`,
    fix: `remove those actions from ${principal}; only the revoker role of the account writes the JIT roles' inline policies (\`gdpr-bot policy --revoker\`)`,
    details: { principal, allowed },
  };
}

async function awsChecks(config: Config, clients: AwsClients, out: DoctorResult[]): Promise<void> {
  const identity = await callerIdentity(clients);
  if (!identity.ok) {
    out.push({
      check: 'aws.identity',
      status: 'fail',
      message: `no usable AWS credentials: ${awsFailure(identity.error)}.`,
      fix: "give the bot credentials through the SDK's standard chain (an instance/task role, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and set AWS_REGION",
    });
    return;
  }
  const { account, arn } = identity.value;
  out.push({ check: 'aws.identity', status: 'ok', message: `AWS account ${account} as ${arn}.` });

  // Member account roles: scanned accounts and the findings feed's accounts. Assumed once, credentials dropped.
  const roles = new Map<string, string[]>();
  for (const a of config.scan.accounts) roles.set(a.roleArn, [...(roles.get(a.roleArn) ?? []), 'scan.accounts']);
  for (const a of config.findings?.accounts ?? []) roles.set(a.roleArn, [...(roles.get(a.roleArn) ?? []), 'findings.accounts']);
  const assumable: string[] = [];
  for (const [roleArn, uses] of roles) {
    const assumed = await assumeRoleProbe(clients, roleArn);
    if (assumed.ok) {
      assumable.push(roleArn);
      out.push({ check: `aws.role.${roleArn}`, status: 'ok', message: `${roleArn} (${[...new Set(uses)].join(', ')}) can be assumed.` });
    } else {
      out.push({
        check: `aws.role.${roleArn}`,
        status: 'fail',
        message: `cannot assume ${roleArn} (${[...new Set(uses)].join(', ')}): ${awsFailure(assumed.error)}.`,
        fix: `let ${arn} assume it: the role's trust policy must name the bot's principal, and the bot's own policy must allow sts:AssumeRole on it (and the role must exist in that account)`,
      });
    }
  }
  if (config.scan.organization) {
    out.push({
      check: 'aws.role.organization',
      status: 'warn',
      message: `scan.organization: the organisation's accounts (role ${config.scan.organizationRole}) are listed at scan time and not checked here.`,
      fix: `make sure ${config.scan.organizationRole} exists in every member account and trusts ${arn}`,
    });
  }

  const principal = simulationPrincipal(arn);
  if ('root' in principal) {
    out.push({
      check: 'aws.permissions',
      status: 'warn',
      message: 'the bot runs as the account root user: every action is allowed, and nothing limits what a mistake can do.',
      fix: 'run it as an IAM role with the policies of `gdpr-bot policy`',
    });
  } else if ('unsupported' in principal) {
    out.push({
      check: 'aws.permissions',
      status: 'warn',
      message: `permissions NOT verified: ${arn} is not an identity IAM's policy simulator takes.`,
      fix: 'compare its policies by hand with `gdpr-bot policy`',
    });
  } else {
    const self = principal.arn;
    out.push(
      permissionResult('aws.permissions.scanner', 'the scanner', self, await simulatePermissions(clients, self, scannerActions(CHECKS)), {
        missingStatus: 'fail',
        fix: 'the policy of `gdpr-bot policy --scanner`',
      }),
    );
    const remediatorActions = [...new Set(remediatorPolicy().Statement.flatMap((s) => s.Action))].sort();
    out.push(
      permissionResult('aws.permissions.remediator', 'the remediator (approved fixes)', self, await simulatePermissions(clients, self, remediatorActions), {
        // A scan-only deployment is a choice; fixes that need a missing action fail when they are approved.
        missingStatus: 'warn',
        fix: 'the policy of `gdpr-bot policy --remediator` (only if the bot should apply fixes)',
      }),
    );
    for (const role of config.access.roles) {
      out.push(
        permissionResult(
          `aws.permissions.jit.${role.name}`,
          `just-in-time access to ${role.name}`,
          self,
          await simulatePermissions(clients, self, BROKER_JIT_ACTIONS, [role.arn]),
          {
            // Without these the bot cannot mint sessions on the role: fail.
            missingStatus: 'fail',
            fix: `the policy of \`gdpr-bot policy --jit\` (${BROKER_JIT_ACTIONS.join(', ')} on ${role.arn})`,
          },
        ),
      );
      out.push(
        escalationResult(
          `aws.permissions.jit.${role.name}.escalation`,
          self,
          role.arn,
          await simulatePermissions(clients, self, ESCALATING_ACTIONS, [role.arn]),
        ),
      );
    }
    for (const revoker of config.access.revokers) {
      out.push(
        permissionResult(
          `aws.permissions.revoker.${revoker.account}`,
          `revoking grants in account ${revoker.account}`,
          self,
          await simulatePermissions(clients, self, ['sts:AssumeRole'], [revoker.roleArn]),
          {
            // Without it a revocation in that account fails (loudly, but it fails): fail.
            missingStatus: 'fail',
            fix: `the policy of \`gdpr-bot policy --jit\` (sts:AssumeRole on ${revoker.roleArn})`,
          },
        ),
      );
    }
  }
  for (const roleArn of assumable) {
    const member = clients.forAccount({ roleArn }, 'gdpr-bot-doctor');
    if (!roles.get(roleArn)?.includes('scan.accounts')) continue;
    out.push(
      permissionResult(`aws.permissions.scanner.${roleArn}`, 'the scanner', roleArn, await simulatePermissions(member, roleArn, scannerActions(CHECKS)), {
        missingStatus: 'fail',
        fix: 'the policy of `gdpr-bot policy --scanner`',
      }),
    );
  }

  if (config.findings) await findingsChecks(config, clients, out);
}

async function findingsChecks(config: Config, clients: AwsClients, out: DoctorResult[]): Promise<void> {
  const targets = findingsPollTargets(config, clients.settings.defaultRegion);
  const limit = pLimit(8);
  const results = await Promise.all(
    targets.map((t) =>
      limit(async (): Promise<DoctorResult[]> => {
        const configured = config.findings?.accounts?.find((a) => a.id === t.account);
        const aws = configured ? clients.forAccount({ accountId: configured.id, roleArn: configured.roleArn }, 'gdpr-bot-doctor') : clients;
        const where = `${t.account === 'self' ? "the bot's account" : t.account}, ${t.region}`;
        const [gd, macie] = await Promise.all([guardDutyDetectors(aws, t.region), macieStatus(aws, t.region)]);
        const lines: DoctorResult[] = [];
        const check = (source: string) => `aws.findings.${source}.${t.account}.${t.region}`;
        if (!gd.ok) {
          lines.push({
            check: check('guardduty'),
            status: 'fail',
            message: `GuardDuty cannot be read (${where}): ${awsFailure(gd.error)}.`,
            fix: 'attach the policy of `gdpr-bot policy --scanner` (guardduty:ListDetectors, ListFindings, GetFindings)',
          });
        } else if (gd.value.length === 0) {
          lines.push({
            check: check('guardduty'),
            status: 'warn',
            message: `GuardDuty is off (${where}): the findings feed has nothing to read there.`,
            fix: 'enable GuardDuty in that region (the guardduty-enable fix, or the console), or leave the region out of findings.regions',
          });
        } else {
          lines.push({ check: check('guardduty'), status: 'ok', message: `GuardDuty is on (${where}).` });
        }
        if (!macie.ok) {
          lines.push({
            check: check('macie'),
            status: 'fail',
            message: `Macie cannot be read (${where}): ${awsFailure(macie.error)}.`,
            fix: 'attach the policy of `gdpr-bot policy --scanner` (macie2:GetMacieSession, ListFindings, GetFindings)',
          });
        } else if (macie.value === 'ENABLED') {
          lines.push({ check: check('macie'), status: 'ok', message: `Macie is on (${where}).` });
        } else {
          lines.push({
            check: check('macie'),
            status: 'warn',
            message: macie.value === null ? `Macie is not enabled (${where}).` : `Macie is ${macie.value} (${where}): it finds nothing new.`,
            fix: 'enable (or resume) Macie in that region (the macie-enable fix, or the console), or leave the region out of findings.regions',
          });
        }
        return lines;
      }),
    ),
  );
  out.push(...results.flat());
  if (config.findings?.delivery === 'eventbridge' && config.findings.sqs) out.push(await findingsQueueCheck(config.findings.sqs, clients));
}

/**
 * With `findings.delivery: eventbridge`: the queue can be read (GetQueueAttributes), is encrypted at rest
 * and has a dead-letter queue (as the template of `gdpr-bot policy --eventbridge` makes it).
 */
export async function findingsQueueCheck(sqs: { queueUrl: string; region?: string }, clients: AwsClients): Promise<DoctorResult> {
  const check = 'aws.findings.queue';
  const name = sqs.queueUrl.split('/').pop() ?? sqs.queueUrl;
  const attributes = await findingsQueueAttributes(clients, queueRegion(sqs, clients.settings.defaultRegion), sqs.queueUrl);
  if (!attributes.ok) {
    return {
      check,
      status: 'fail',
      message: `The findings queue ${name} cannot be read: ${awsFailure(attributes.error)}.`,
      fix: 'check findings.sqs.queueUrl, and attach the policy of `gdpr-bot policy --findings` (sqs:ReceiveMessage, DeleteMessage, GetQueueAttributes on the queue)',
    };
  }
  const a = attributes.value;
  const problems: string[] = [];
  if (!a.RedrivePolicy) problems.push('it has no dead-letter queue (RedrivePolicy), so a message that cannot be handed over comes back for ever');
  if (a.SqsManagedSseEnabled !== 'true' && !a.KmsMasterKeyId) problems.push('it is not encrypted at rest');
  const waiting = `${a.ApproximateNumberOfMessages ?? '?'} message(s) waiting`;
  if (problems.length > 0)
    return {
      check,
      status: 'warn',
      message: `The findings queue ${name} can be read (${waiting}), but ${problems.join('; ')}.`,
      fix: 'deploy the template of `gdpr-bot policy --eventbridge`',
    };
  return { check, status: 'ok', message: `The findings queue ${name} can be read (${waiting}), is encrypted and has a dead-letter queue.` };
}

// ---------------------------------------------------------------------------------------------------

/**
 * Runs every check and returns the results, in order: environment, configuration, Slack, Redis, AWS.
 * Nothing is changed anywhere; the only side effects are reads (and one short AssumeRole per member role).
 */
export async function runDoctor(env: Record<string, string | undefined>, options: { configPath?: string; clients?: AwsClients } = {}): Promise<DoctorResult[]> {
  const out: DoctorResult[] = [];
  try {
    parseEnv(env);
    out.push({ check: 'environment', status: 'ok', message: 'the environment variables are valid.' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems)
      out.push({
        check: 'environment',
        status: 'fail',
        message: problem,
        fix: `set ${problem.split(':')[0]} as the message says (see the README's environment table)`,
      });
  }

  let config: Config | undefined;
  const path = options.configPath ?? env.GDPR_BOT_CONFIG ?? (existsSync('./gdpr-bot.yml') ? './gdpr-bot.yml' : undefined);
  try {
    config = await loadConfig(path);
    out.push({
      check: 'config',
      status: 'ok',
      message: path ? `${path} is valid.` : 'no configuration file: the defaults apply (nobody can approve, no channels).',
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems)
      out.push({
        check: 'config',
        status: 'fail',
        message: `${error.source}: ${problem}`,
        fix: 'correct the key as the message says (gdpr-bot.example.yml has every key)',
      });
  }

  await slackChecks(env, config, out);
  await redisChecks(env, out);
  if (config) {
    const clients =
      options.clients ?? new AwsClients({ defaultRegion: env.AWS_REGION || config.scan.regions?.[0] || 'us-east-1', maxAttempts: 2, requestTimeoutMs: 15_000 });
    await awsChecks(config, clients, out);
  } else {
    out.push({
      check: 'aws',
      status: 'warn',
      message: 'AWS not checked: the configuration file is invalid (it names the accounts and roles).',
      fix: 'fix the config lines above first',
    });
  }
  return out;
}

const LABEL: Record<DoctorStatus, string> = { ok: 'ok', warn: 'warn', fail: 'FAIL' };

/** The report as text: one line per check, `ok` / `warn` / `FAIL`, what was found, then what to do. */
export function formatDoctorText(results: readonly DoctorResult[]): string {
  const width = Math.min(40, Math.max(...results.map((r) => r.check.length)));
  const lines = results.map(
    (r) => `${LABEL[r.status].padEnd(4)}  ${r.check.padEnd(width)}  ${r.message}${r.fix && r.status !== 'ok' ? ` Fix: ${r.fix}.`.replace(/\.\.$/, '.') : ''}`,
  );
  const count = (s: DoctorStatus) => results.filter((r) => r.status === s).length;
  return `${lines.join('\n')}\n\n${count('ok')} ok, ${count('warn')} warn, ${count('fail')} FAIL\n`;
}

/** `gdpr-bot doctor`. Returns the exit code: 1 when a check FAILed, 2 on a usage error, else 0. */
export async function runDoctorCli(argv: readonly string[], io: DoctorIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { format: { type: 'string', default: 'text' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${DOCTOR_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${DOCTOR_USAGE}\n`);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    io.stderr(`gdpr-bot doctor: --format must be text or json\n\n${DOCTOR_USAGE}\n`);
    return 2;
  }
  const results = await runDoctor(io.env, { configPath: values.config, clients: io.clients });
  const failed = results.some((r) => r.status === 'fail');
  if (values.format === 'json') {
    const summary = { ok: 0, warn: 0, fail: 0 };
    for (const r of results) summary[r.status]++;
    io.stdout(`${JSON.stringify({ ok: !failed, summary, checks: results }, null, 2)}\n`);
  } else {
    io.stdout(formatDoctorText(results));
  }
  return failed ? 1 : 0;
}
