import { z } from 'zod';
import { ConfigError, formatIssues } from './load.js';

/** Which parts of the program this process runs. */
export const Role = { All: 'all', Web: 'web', Worker: 'worker' } as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Where a `ROLE=all` process started by `npm start` runs its workers: a thread of their own (default) or the one that answers Slack. */
export const WorkersOn = { Thread: 'thread', Inline: 'inline' } as const;
export type WorkersOn = (typeof WorkersOn)[keyof typeof WorkersOn];

/**
 * The bot token of `.env.example` and look-alikes (`xoxb-your-…`): a copied example that was not filled in.
 * Refused here, so the bot names SLACK_BOT_TOKEN even where Slack cannot be asked (auth.test then only warns).
 */
const PLACEHOLDER_BOT_TOKEN = /^xoxb-your[-_]/i;

const envSchema = z.object({
  ROLE: z.enum([Role.All, Role.Web, Role.Worker]).default(Role.All),
  WORKERS: z.enum([WorkersOn.Thread, WorkersOn.Inline]).default(WorkersOn.Thread),
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'a port number (0-65535)')
    .default('3000')
    .transform(Number),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLACK_BOT_TOKEN: z
    .string()
    .min(1, 'a bot token (xoxb-…)')
    .refine((v) => !PLACEHOLDER_BOT_TOKEN.test(v), "the app's Bot User OAuth Token (xoxb-…, under OAuth & Permissions), not the placeholder of .env.example"),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  SLACK_API_URL: z.url().optional(),
  SLACK_RESPONSE_URL_HOSTS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^(\*\.)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/, 'a host, *.domain or host:port')).min(1))
    .optional(),
  GDPR_BOT_STATE_KEY: z.string().min(32, 'at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
    .optional(),
  REDIS_PREFIX: z.string().min(1).default('{gdpr}'),
  AWS_REGION: z.string().optional(),
  GDPR_BOT_CONFIG: z.string().min(1).optional(),
  /** Keys the audit chain (HMAC-SHA256, through HKDF); default: derived from GDPR_BOT_STATE_KEY, else the signing secret. */
  GDPR_BOT_AUDIT_KEY: z.string().min(32, 'at least 32 characters of random secret').optional(),
});

/** Settings read from the environment by the composition root. Secrets stay in here and in the clients built from them. */
export interface Settings {
  role: Role;
  /**
   * `ROLE=all` started by `npm start`: `thread` runs the workers on a thread of their own at a lower CPU
   * priority (acks never wait behind a job; 50–80 MB more memory), `inline` on the thread that answers Slack.
   */
  workers: WorkersOn;
  port: number;
  logLevel: string;
  slack: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    /** Hosts response_urls may be on (`SLACK_RESPONSE_URL_HOSTS`); unset: derived from `apiUrl`, or Slack's own. */
    responseUrlHosts?: string[];
    socketMode: boolean;
  };
  /**
   * The secret the integrity seals of records in Redis are derived from (src/redis/integrity.ts):
   * `GDPR_BOT_STATE_KEY`, or else the Slack signing secret. Never stored, logged or put in Redis.
   */
  stateKey: { secret: string; source: 'GDPR_BOT_STATE_KEY' | 'SLACK_SIGNING_SECRET' };
  /** `undefined` means: use 127.0.0.1:6379, or start a private redis-server when nothing answers there. */
  redisUrl?: string;
  redisPrefix: string;
  aws: { region?: string };
  configPath?: string;
  /**
   * What the audit chain's key is derived from (src/audit/key.ts), and which variable it came from:
   * `GDPR_BOT_AUDIT_KEY`, else `GDPR_BOT_STATE_KEY`, else `SLACK_SIGNING_SECRET`. Every process that
   * writes the audit log must have the same one.
   */
  audit: { keyMaterial: string; keySource: 'GDPR_BOT_AUDIT_KEY' | 'GDPR_BOT_STATE_KEY' | 'SLACK_SIGNING_SECRET' };
}

/** Rules across variables, checked even when single variables are wrong so every problem is listed at once. */
function crossChecks(env: Record<string, string | undefined>): string[] {
  const role = env.ROLE ?? Role.All;
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET && role !== Role.Worker) {
    return ['SLACK_SIGNING_SECRET: expected the app signing secret (required in HTTP mode, i.e. when SLACK_APP_TOKEN is not set), got nothing'];
  }
  if (!env.GDPR_BOT_STATE_KEY && !env.SLACK_SIGNING_SECRET) {
    // Records in Redis are sealed with a key Redis does not hold; every process needs the same one.
    return [
      'GDPR_BOT_STATE_KEY: expected the key that seals records in Redis and keys the audit trail (at least 32 characters, e.g. `openssl rand -hex 32`; the same in every process), got nothing. ' +
        'It is required when SLACK_SIGNING_SECRET is not set (Socket Mode, or a worker without the signing secret).',
    ];
  }
  return [];
}

const SECRET_VARS = new Set(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'REDIS_URL', 'GDPR_BOT_AUDIT_KEY', 'GDPR_BOT_STATE_KEY']);

/**
 * Validates the environment. Every problem is listed at once; the values of secret variables are never
 * echoed back, only their names.
 */
export function parseEnv(env: Record<string, string | undefined>): Settings {
  // Empty strings count as unset, as they do in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned, { reportInput: true });
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      return SECRET_VARS.has(name) && 'input' in issue && issue.input !== undefined ? { ...issue, input: '(hidden)' } : issue;
    });
    throw new ConfigError('environment', [...formatIssues(issues as typeof result.error.issues), ...crossChecks(cleaned)]);
  }
  const cross = crossChecks(cleaned);
  if (cross.length > 0) throw new ConfigError('environment', cross);
  const e = result.data;
  return {
    role: e.ROLE,
    workers: e.WORKERS,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      ...(e.SLACK_RESPONSE_URL_HOSTS ? { responseUrlHosts: e.SLACK_RESPONSE_URL_HOSTS } : {}),
      socketMode: Boolean(e.SLACK_APP_TOKEN),
    },
    stateKey: e.GDPR_BOT_STATE_KEY
      ? { secret: e.GDPR_BOT_STATE_KEY, source: 'GDPR_BOT_STATE_KEY' }
      : { secret: e.SLACK_SIGNING_SECRET ?? '', source: 'SLACK_SIGNING_SECRET' },
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    aws: { region: e.AWS_REGION },
    configPath: e.GDPR_BOT_CONFIG,
    audit: e.GDPR_BOT_AUDIT_KEY
      ? { keyMaterial: e.GDPR_BOT_AUDIT_KEY, keySource: 'GDPR_BOT_AUDIT_KEY' }
      : e.GDPR_BOT_STATE_KEY
        ? { keyMaterial: e.GDPR_BOT_STATE_KEY, keySource: 'GDPR_BOT_STATE_KEY' }
        : // crossChecks made sure one of the three is set.
          { keyMaterial: e.SLACK_SIGNING_SECRET ?? '', keySource: 'SLACK_SIGNING_SECRET' },
  };
}

/** Every environment variable the program reads itself (the AWS SDK also reads its own `AWS_*` variables). */
export const ENV_VAR_NAMES: readonly string[] = Object.keys(envSchema.shape);
