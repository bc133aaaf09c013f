import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { IAMClient, SimulatePrincipalPolicyCommand, type SimulatePrincipalPolicyCommandInput } from '@aws-sdk/client-iam';
import { GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runMain } from '../../src/cli/main.js';
import { MANIFEST_BOT_SCOPES, type DoctorResult } from '../../src/cli/doctor.js';
import { freePort, pingRedis } from '../../src/redis/connection.js';
import { REPO_ROOT, spawnTracked } from '../helpers/children.js';
import { uniquePrefix } from '../helpers/redis.js';
import { MANIFEST_SCOPES, SlackTestServer } from '../helpers/slack-server.js';
import { awsError } from '../helpers/synthetic-aws.js';

const SELF = '111122223333';
const BOT_ARN = `arn:aws:sts::${SELF}:assumed-role/gdpr-bot/i-0123`;
const GOOD_ROLE = 'arn:aws:iam::222233334444:role/GdprBotScanner';
const BAD_ROLE = 'arn:aws:iam::333344445555:role/GdprBotScanner';
const JIT_ROLE = `arn:aws:iam::${SELF}:role/gdpr-jit-admin`;
const BOT_ROLE = `arn:aws:iam::${SELF}:role/gdpr-bot`;
const REVOKER = `arn:aws:iam::${SELF}:role/gdpr-bot-jit-revoker`;
/** What would let the bot's identity change what a role it assumes may do. */
const ESCALATING = [
  'iam:AttachRolePolicy',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
];

const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-doctor-'));
function configFile(name: string, config: Record<string, unknown>): string {
  const path = join(dir, `${name}.json`);
  // JSON is YAML: the configuration loader reads it as it is.
  writeFileSync(path, JSON.stringify(config));
  return path;
}

const goodConfig = {
  approvers: { users: ['U0000APPR1'] },
  channels: { approvals: 'C0000APPR', findings: 'C0000FIND', audit: 'C0000AUDT' },
  scan: { regions: ['eu-west-1'], accounts: [{ id: '222233334444', roleArn: GOOD_ROLE }] },
  access: {
    roles: [{ name: 'admin', arn: JIT_ROLE }],
    revokers: [{ account: '111122223333', roleArn: 'arn:aws:iam::111122223333:role/gdpr-bot-jit-revoker' }],
  },
  findings: { regions: ['eu-west-1'] },
};

/** A redis-server of this file's own, its files in a temporary folder, so its settings can be changed freely. */
async function privateRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child = spawnTracked('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await pingRedis(url, 200)); i++) await new Promise((r) => setTimeout(r, 50));
  return { url, stop: () => child.kill('SIGKILL') };
}

describe('gdpr-bot doctor', () => {
  let slack: SlackTestServer;
  let redis: { url: string; stop: () => void };
  let admin: Redis;
  const sts = mockClient(STSClient);
  const iam = mockClient(IAMClient);
  const guardduty = mockClient(GuardDutyClient);
  const macie = mockClient(Macie2Client);
  const prefix = uniquePrefix('doctor');
  /** Actions the simulator denies, by principal. */
  let denied: Record<string, string[]> = {};

  beforeAll(async () => {
    slack = await new SlackTestServer().start();
    redis = await privateRedis();
    admin = new Redis(redis.url);
  });
  afterAll(async () => {
    admin?.disconnect();
    redis?.stop();
    await slack?.close();
    sts.restore();
    iam.restore();
    guardduty.restore();
    macie.restore();
  });
  beforeEach(async () => {
    // As `gdpr-bot policy` has it: the bot's own identity cannot write any role's policies (the revoker does).
    denied = { [BOT_ROLE]: [...ESCALATING] };
    sts.reset();
    iam.reset();
    guardduty.reset();
    macie.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: SELF, Arn: BOT_ARN });
    sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
      if (input.RoleArn === BAD_ROLE) throw awsError('AccessDenied', `User: ${BOT_ARN} is not authorized to perform: sts:AssumeRole on resource: ${BAD_ROLE}`);
      return { AssumedRoleUser: { Arn: `${input.RoleArn}/gdpr-bot-doctor`, AssumedRoleId: 'AROA:x' } };
    });
    iam.on(SimulatePrincipalPolicyCommand).callsFake((input: SimulatePrincipalPolicyCommandInput) => ({
      EvaluationResults: (input.ActionNames ?? []).map((a) => ({
        EvalActionName: a,
        EvalDecision: denied[input.PolicySourceArn!]?.includes(a) ? 'implicitDeny' : 'allowed',
      })),
    }));
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
    macie.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' });
    slack.channels.clear();
    slack.missingChannels.clear();
    slack.scopes = [...MANIFEST_SCOPES];
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.config('SET', 'appendonly', 'yes');
  });
  afterEach(async () => {
    await admin.del(`${prefix}:slack:dead`);
  });

  const env = (extra: Record<string, string> = {}) => ({
    SLACK_BOT_TOKEN: 'xoxb-test-doctor',
    SLACK_SIGNING_SECRET: 'signing-secret-test',
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: prefix,
    AWS_REGION: 'eu-west-1',
    ...extra,
  });
  async function doctor(config: string, e: Record<string, string>, format = 'json') {
    let stdout = '';
    let stderr = '';
    const code = await runMain(['doctor', '--format', format, '--config', config], {
      env: e,
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    });
    return { code, stdout, stderr };
  }
  async function checks(config: string, e: Record<string, string>) {
    const out = await doctor(config, e);
    const report = JSON.parse(out.stdout) as { ok: boolean; checks: DoctorResult[] };
    const of = (name: string) => report.checks.find((c) => c.check === name);
    return { code: out.code, report, of };
  }

  it('says ok to a deployment where everything is in order, and exits 0', async () => {
    const { code, report, of } = await checks(configFile('good', goodConfig), env());
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(code).toBe(0);
    expect(of('slack.token')?.message).toContain('@gdpr-bot');
    expect(of('slack.scopes')?.status).toBe('ok');
    expect(of('slack.channel.C0000APPR')?.status).toBe('ok');
    expect(of('redis.eviction')?.message).toContain('noeviction');
    expect(of('redis.persistence')?.message).toContain('AOF is on');
    expect(of('slack.dead-letters')?.status).toBe('ok');
    expect(of(`aws.role.${GOOD_ROLE}`)?.status).toBe('ok');
    expect(of('aws.permissions.scanner')?.message).toContain(`arn:aws:iam::${SELF}:role/gdpr-bot`);
    expect(of('aws.permissions.jit.admin')?.status).toBe('ok');
    expect(of('aws.permissions.jit.admin.escalation')?.status).toBe('ok');
    expect(of(`aws.permissions.revoker.${SELF}`)?.status).toBe('ok');
    expect(of(`aws.findings.guardduty.self.eu-west-1`)?.status).toBe('ok');
    // The JIT simulation is asked about the access role itself, the scanner about everything.
    const calls = iam.commandCalls(SimulatePrincipalPolicyCommand).map((c) => c.args[0].input);
    expect(calls.find((i) => i.ActionNames?.includes('sts:SetSourceIdentity'))?.ResourceArns).toEqual([JIT_ROLE]);
    expect(calls.find((i) => i.ActionNames?.includes('iam:PutRolePolicy'))?.ResourceArns).toEqual([JIT_ROLE]);
    expect(calls.find((i) => i.ResourceArns?.includes(REVOKER))?.ActionNames).toEqual(['sts:AssumeRole']);
  });

  it('FAILs what is wrong, each with the fix, lists the dead letters, and exits 1', async () => {
    slack.channels.set('C0000FIND', { id: 'C0000FIND', name: 'security-private', is_private: true, is_member: false });
    slack.channels.set('C0000APPR', { id: 'C0000APPR', name: 'old-approvals', is_archived: true });
    slack.missingChannels.add('C0000AUDT');
    slack.scopes = MANIFEST_SCOPES.filter((s) => s !== 'files:write');
    await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await admin.config('SET', 'appendonly', 'no');
    await admin.config('SET', 'save', '');
    for (const reason of ['invalid_blocks', 'not_in_channel']) {
      await admin.lpush(
        `${prefix}:slack:dead`,
        JSON.stringify({
          id: `m-${reason}`,
          enqueuedAt: 1,
          message: { kind: 'post', channel: 'C0000GONE', text: 'secret text' },
          failedAt: Date.UTC(2026, 0, 2),
          reason,
        }),
      );
    }
    // The bot's own identity may write its JIT role's policies (an escalation path) and may not tag sessions.
    denied = { [BOT_ROLE]: ['iam:GenerateCredentialReport', 'sts:TagSession'], [GOOD_ROLE]: ['kms:ListKeys'] };
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    macie.on(GetMacieSessionCommand).rejects(awsError('AccessDeniedException', 'Macie is not enabled.'));
    const config = configFile('bad', {
      ...goodConfig,
      scan: { ...goodConfig.scan, accounts: [...goodConfig.scan.accounts, { id: '333344445555', roleArn: BAD_ROLE }] },
    });

    const { code, of } = await checks(config, env());
    expect(code).toBe(1);
    const failing = (name: string) => {
      const c = of(name);
      expect(c, name).toBeDefined();
      return c!;
    };
    expect(failing('slack.scopes')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('files:write'),
      fix: expect.stringContaining('reinstall'),
    });
    expect(failing('slack.channel.C0000FIND')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('not a member'),
      fix: expect.stringContaining('/invite @gdpr-bot'),
    });
    expect(failing('slack.channel.C0000APPR')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('archived'),
      fix: expect.stringContaining('channels.approvals'),
    });
    expect(failing('slack.channel.C0000AUDT')).toMatchObject({ status: 'fail', fix: expect.stringContaining('check the id') });
    expect(failing('redis.eviction')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('allkeys-lru'),
      fix: expect.stringContaining('noeviction'),
    });
    expect(failing('redis.persistence')).toMatchObject({ status: 'warn', fix: expect.stringContaining('appendonly yes') });
    const dead = failing('slack.dead-letters');
    expect(dead).toMatchObject({ status: 'warn', message: expect.stringMatching(/^2 message\(s\).*not_in_channel.*invalid_blocks/) });
    expect(dead.message).not.toContain('secret text');
    expect(dead.fix).toContain('/invite');
    expect(failing(`aws.role.${BAD_ROLE}`)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('AccessDenied'),
      fix: expect.stringContaining('trust policy'),
    });
    expect(failing('aws.permissions.scanner')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('iam:GenerateCredentialReport'),
      fix: expect.stringContaining('gdpr-bot policy --scanner'),
    });
    expect(failing(`aws.permissions.scanner.${GOOD_ROLE}`)).toMatchObject({ status: 'fail', message: expect.stringContaining('kms:ListKeys') });
    expect(failing('aws.permissions.jit.admin')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('sts:TagSession'),
      fix: expect.stringContaining('gdpr-bot policy --jit'),
    });
    expect(failing('aws.permissions.jit.admin.escalation')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(new RegExp(`${BOT_ROLE} may .*iam:PutRolePolicy.* on ${JIT_ROLE}, a role it assumes`)),
      fix: expect.stringContaining('revoker'),
    });
    expect(failing('aws.findings.guardduty.self.eu-west-1')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('GuardDuty is off'),
      fix: expect.stringContaining('enable GuardDuty'),
    });
    expect(failing('aws.findings.macie.self.eu-west-1')).toMatchObject({ status: 'warn', message: expect.stringContaining('Macie is not enabled') });

    // The text report: one line per check, the fix on the same line.
    const text = (await doctor(config, env(), 'text')).stdout;
    const line = text.split('\n').find((l) => l.includes('redis.eviction'))!;
    expect(line).toMatch(/^FAIL {2}redis\.eviction +maxmemory-policy is allkeys-lru.* Fix: set maxmemory-policy noeviction/);
    expect(text).toMatch(/\d+ ok, \d+ warn, \d+ FAIL\n$/);
  });

  it('says the permissions were NOT verified when the policy simulator is denied, never ok', async () => {
    iam.on(SimulatePrincipalPolicyCommand).rejects(awsError('AccessDenied', `User: ${BOT_ARN} is not authorized to perform: iam:SimulatePrincipalPolicy`));
    const { report } = await checks(configFile('good', goodConfig), env());
    const permissions = report.checks.filter((c) => c.check.startsWith('aws.permissions'));
    expect(permissions.length).toBeGreaterThanOrEqual(3);
    for (const c of permissions) {
      expect(c.status).toBe('warn');
      expect(c.message).toContain('NOT verified');
      expect(c.fix).toContain('iam:SimulatePrincipalPolicy');
    }
  });

  it('FAILs a token Slack refuses, naming SLACK_BOT_TOKEN, and a Socket Mode token Slack refuses', async () => {
    slack.failNext('auth.test', { times: 1, status: 200, error: 'invalid_auth' });
    slack.failNext('apps.connections.open', { times: 1, status: 200, error: 'not_allowed_token_type' });
    const { code, of } = await checks(configFile('good', goodConfig), env({ SLACK_APP_TOKEN: 'xoxb-test-not-an-app-token' }));
    expect(code).toBe(1);
    expect(of('slack.token')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('invalid_auth'),
      fix: expect.stringContaining('SLACK_BOT_TOKEN'),
    });
    expect(of('slack.socket-mode')).toMatchObject({ status: 'fail', fix: expect.stringContaining('xapp-') });
    expect(of('slack.channels')?.status).toBe('warn');
  });

  it('FAILs a missing signing secret in HTTP mode, and an AWS without credentials', async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
    const { code, of } = await checks(configFile('good', goodConfig), { ...env(), SLACK_SIGNING_SECRET: '' });
    expect(code).toBe(1);
    expect(of('slack.signing-secret')).toMatchObject({ status: 'fail', fix: expect.stringContaining('SLACK_SIGNING_SECRET') });
    expect(of('aws.identity')).toMatchObject({ status: 'fail', fix: expect.stringContaining('AWS_PROFILE') });
  });

  it('checks the token against the scopes manifest.yml asks for', () => {
    const manifest = parse(readFileSync(join(REPO_ROOT, 'manifest.yml'), 'utf8')) as { oauth_config: { scopes: { bot: string[] } } };
    expect([...MANIFEST_BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
    expect([...MANIFEST_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });
});
