import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { startBot, type BotHandle, type StartOptions } from '../../src/main.js';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from './redis.js';
import { postSigned, slashCommand, TEST_SIGNING_SECRET, type PostOptions } from './slack-request.js';
import { SlackTestServer } from './slack-server.js';

/** Collects the bot's JSON log lines in memory. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  entries(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export const TEST_BOT_TOKEN = 'xoxb-test-0000000000-not-a-real-token';

export interface TestBot {
  bot: BotHandle;
  slack: SlackTestServer;
  logs: LogCapture;
  prefix: string;
  baseUrl: string;
  /** Sends a signed `/gdpr <text>` and returns the HTTP response. */
  command(text: string, options?: { user?: string; channel?: string; responseId?: string } & PostOptions): Promise<Response>;
  /**
   * Sends `/gdpr <text>` and returns the answer the user sees, whether it came in the acknowledgement
   * itself or later on the response_url.
   */
  ask(text: string, options?: { user?: string; channel?: string }): Promise<Record<string, unknown>>;
  /** The answer to a request sent with `responseId`: the acknowledgement's body, or else the post on its response_url. */
  answer(res: Response, responseId: string): Promise<Record<string, unknown>>;
  post(body: string, options?: PostOptions): Promise<Response>;
  close(): Promise<void>;
}

type AccessConfigInput = { roles?: { arn?: string }[]; revokers?: unknown[] } & Record<string, unknown>;

function withDefaultRevokers(access: AccessConfigInput | undefined): { access?: AccessConfigInput } {
  if (!access) return {};
  if (access.revokers || !access.roles?.length) return { access };
  const accounts = [...new Set(access.roles.map((r) => r.arn?.split(':')[4]).filter((a): a is string => Boolean(a)))];
  return { access: { ...access, revokers: accounts.map((account) => ({ account, roleArn: `arn:aws:iam::${account}:role/gdpr-bot-jit-revoker` })) } };
}

/**
 * Starts the real bot (HTTP mode, real Redis under a private key prefix) against a Slack test server.
 * `config` is written to a YAML file and passed through GDPR_BOT_CONFIG, as a user would.
 */
export async function startTestBot(
  options: {
    config?: Record<string, unknown>;
    env?: Record<string, string>;
    slack?: SlackTestServer;
    overrides?: StartOptions['overrides'];
    /** Start options beyond the log destination, shutdown time-out and overrides (e.g. `tokenRecheckMs`). */
    start?: Omit<StartOptions, 'logDestination' | 'shutdownTimeoutMs' | 'overrides'>;
  } = {},
): Promise<TestBot> {
  const slack = options.slack ?? (await new SlackTestServer().start());
  const prefix = uniquePrefix('e2e');
  const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-test-'));
  const configPath = join(dir, 'gdpr-bot.yml');
  writeFileSync(
    configPath,
    stringify({
      approvers: { users: ['U0000APPR1', 'U0000APPR2'], usergroups: [] },
      channels: { approvals: 'C0000APPR', findings: 'C0000FIND', audit: 'C0000AUDT' },
      ...options.config,
      // Tests click and file requests as one user far more than a person would: the per-user limits are
      // raised unless a test sets them (test/faults/abuse.test.ts does).
      slack: {
        postInterval: '10ms',
        ...(options.config?.slack as Record<string, unknown> | undefined),
        rateLimits: {
          actions: 10_000,
          commands: 10_000,
          accessRequests: 10_000,
          ...(options.config?.slack as { rateLimits?: Record<string, unknown> } | undefined)?.rateLimits,
        },
      },
      // One region unless a test asks otherwise: the bot's default is every region enabled in the account
      // (17 in the synthetic one); `scan: { regions: undefined }` gets that default.
      scan: { regions: ['eu-west-1'], ...(options.config?.scan as Record<string, unknown> | undefined) },
      // Every account with JIT roles needs a revoker (the bot refuses to start otherwise): unless a test
      // names its own, each such account gets `role/gdpr-bot-jit-revoker`.
      ...withDefaultRevokers(options.config?.access as AccessConfigInput | undefined),
      // Verifications that still fail are retried; tests do not wait real seconds for that.
      remediation: { verifyDelay: '10ms', ...(options.config?.remediation as Record<string, unknown> | undefined) },
    }),
  );
  const logs = new LogCapture();
  const bot = await startBot(
    {
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'debug',
      GDPR_BOT_CONFIG: configPath,
      AWS_REGION: 'eu-west-1',
      ...options.env,
    },
    { ...options.start, logDestination: logs, shutdownTimeoutMs: 2000, overrides: options.overrides },
  );
  const baseUrl = `http://127.0.0.1:${bot.port}`;
  let n = 0;
  const answer = async (res: Response, responseId: string) => {
    const body = await res.text();
    if (body.trim()) return JSON.parse(body) as Record<string, unknown>;
    await slack.waitFor(() => slack.responses.some((r) => r.id === responseId), `the answer on response_url ${responseId}`);
    return slack.responses.find((r) => r.id === responseId)!.body;
  };
  return {
    bot,
    slack,
    logs,
    prefix,
    baseUrl,
    command: (text, o = {}) =>
      postSigned(baseUrl, slashCommand({ text, user_id: o.user, channel_id: o.channel, response_url: slack.responseUrl(o.responseId ?? `cmd-${++n}`) }), o),
    ask: async (text, o = {}) => {
      const responseId = `ask-${++n}`;
      const res = await postSigned(baseUrl, slashCommand({ text, user_id: o.user, channel_id: o.channel, response_url: slack.responseUrl(responseId) }));
      if (res.status !== 200) throw new Error(`/gdpr ${text} answered HTTP ${res.status}`);
      return answer(res, responseId);
    },
    answer,
    post: (body, o) => postSigned(baseUrl, body, o),
    close: async () => {
      await bot.close();
      if (!options.slack) await slack.close();
      await cleanupPrefix(prefix);
    },
  };
}
