import { EC2Client, EnableEbsEncryptionByDefaultCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultStore } from '../../src/checks/store.js';
import type { FixVerifier } from '../../src/remediations/engine.js';
import { encodeFixValue } from '../../src/checks/messages.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { buttonClick } from '../helpers/slack-request.js';
import { SlackTestServer } from '../helpers/slack-server.js';

/**
 * Issue #13, part 2: Redis is storage, not a root of trust. Whoever can write Redis (but holds neither
 * the state key nor Slack's signing secret) queues jobs and edits records directly; the bot must mint
 * nothing, apply nothing and POST nothing anywhere but Slack.
 */
const REQUESTER = 'U0000REQ1';
const APPROVER = 'U0000APPR1';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/gdpr-jit-readonly';
const ADMIN_ARN = 'arn:aws:iam::123456789012:role/gdpr-jit-admin';
const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYSECRETKEY';
const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

describe('fault: someone who can write Redis, but holds no key', () => {
  const sts = mockClient(STSClient);
  const ec2 = mockClient(EC2Client);
  let t: TestBot;
  /** Another loopback server, where a forged response_url points. */
  let attacker: SlackTestServer;
  let clicks = 0;
  const verifier: FixVerifier = { verify: () => Promise.resolve({ status: 'pass', message: 'on' }) };

  beforeAll(async () => {
    sts.on(AssumeRoleCommand).callsFake(async (input: { DurationSeconds: number }) => ({
      Credentials: {
        AccessKeyId: 'ASIAEXAMPLE000000001',
        SecretAccessKey: SECRET,
        SessionToken: 'token',
        Expiration: new Date(Date.now() + input.DurationSeconds * 1000),
      },
    }));
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    attacker = await new SlackTestServer().start();
    t = await startTestBot({
      config: {
        access: {
          roles: [
            { name: 'prod-readonly', arn: ROLE_ARN, maxDuration: '4h' },
            { name: 'prod-admin', arn: ADMIN_ARN, maxDuration: '2h' },
          ],
        },
      },
      overrides: { fixVerifier: verifier },
    });
  });
  afterAll(async () => {
    await t?.close();
    await attacker?.close();
    sts.restore();
    ec2.restore();
  });

  const redis = () => t.bot.services.redis;
  const click = async (actionId: string, value: string, userId: string, extra: { channelId?: string; messageTs?: string } = {}) => {
    const id = `click-${++clicks}`;
    const res = await t.post(
      buttonClick({
        actionId,
        value,
        userId,
        responseUrl: t.slack.responseUrl(id),
        channelId: extra.channelId ?? 'D0000REQ1',
        messageTs: extra.messageTs ?? `1700000000.${String(clicks).padStart(6, '0')}`,
      }),
    );
    expect(res.status).toBe(200);
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), `the answer to ${actionId}`);
    return t.slack.responses.find((r) => r.id === id)!.body;
  };
  const auditActions = async () => (await t.bot.services.audit.tail(500)).map((e) => `${e.action}:${e.subject}`);
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 250 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
    if (!(await check())) throw new Error(`timed out waiting for ${what}`);
  };
  const requestKey = (id: string) => `${t.prefix}:access:req:${id}`;
  const editRecord = async (key: string, change: (r: Record<string, unknown>) => void) => {
    const record = JSON.parse((await redis().get(key))!) as Record<string, unknown>;
    change(record);
    await redis().set(key, JSON.stringify(record));
  };

  /** Files a request for `role` as the requester; approved (and active) unless `approve` is false. */
  async function grant(role = 'prod-readonly', approve = true): Promise<string> {
    await t.command(`access ${role} 1h investigating`, { user: REQUESTER, responseId: `req-${++clicks}` });
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === `req-${clicks}`), 'the request answer');
    const id = /ax-[0-9a-f]{8}/.exec(String(t.slack.responses.find((r) => r.id === `req-${clicks}`)!.body.text))![0];
    if (!approve) return id;
    expect(String((await click('access_approve', id, APPROVER)).text)).toMatch(/You approved/);
    await until('the grant to be active', async () => (await auditActions()).includes(`access.activated:${id}`));
    return id;
  }

  const mintJobsDone = async () => {
    await until('the credentials jobs to finish', async () => {
      const counts = await t.bot.services.queues.get('access-credentials').getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    });
  };

  it('a forged response_url in a queued credentials job is never contacted, and nothing is minted', async () => {
    const id = await grant();
    const before = sts.commandCalls(AssumeRoleCommand).length;
    // Someone's grant, someone else's URL: written straight into the queue, as a Redis writer can.
    await t.bot.services.queues
      .get('access-credentials')
      .add('mint', { grantId: id, kind: 'cli', userId: REQUESTER, issuedAt: Date.now(), responseUrl: attacker.responseUrl('stolen') });
    // The bot's own job data with only the URL changed: its seal no longer holds.
    await t.command('help', { user: REQUESTER, responseId: 'seal-donor' });
    await t.bot.services.queues.get('access-credentials').add('mint', {
      grantId: id,
      kind: 'cli',
      userId: REQUESTER,
      issuedAt: Date.now(),
      responseUrl: `https://hooks.slack.com@${new URL(attacker.baseUrl).host}/response/stolen-2`,
      seal: t.bot.services.integrity.sealOf('access-credentials-job', {
        grantId: id,
        kind: 'cli',
        userId: REQUESTER,
        issuedAt: 0,
        responseUrl: t.slack.responseUrl('seal-donor'),
      }),
    });
    await mintJobsDone();
    expect(attacker.responses).toHaveLength(0);
    expect(attacker.calls).toHaveLength(0);
    expect(sts.commandCalls(AssumeRoleCommand).length).toBe(before);
    expect(await auditActions()).toContain(`access.session.refused:${id}`);
    expect(t.logs.text()).not.toContain('/response/stolen');

    // A genuine click still works.
    expect(JSON.stringify(await click('access_cli', id, REQUESTER))).toContain(SECRET);
  });

  it('a forged response_url in another queued job (the audit check) is never contacted; the answer is dead-lettered with a reason', async () => {
    await t.bot.services.queues
      .get('audit')
      .add('verify', { requestedBy: APPROVER, channel: 'C0000AUDT', responseUrl: attacker.responseUrl('stolen-verify'), issuedAt: Date.now() });
    await until('the answer to be dead-lettered', async () => (await redis().llen(`${t.prefix}:slack:dead`)) > 0);
    const dead = (await redis().lrange(`${t.prefix}:slack:dead`, 0, -1)).map((d) => JSON.parse(d) as { reason: string });
    expect(dead.some((d) => /^response_url refused: .*not one of the allowed response_url hosts/.test(d.reason))).toBe(true);
    expect(attacker.responses).toHaveLength(0);
    expect(attacker.calls).toHaveLength(0);
    expect(t.logs.text()).not.toContain('/response/stolen-verify');
  });

  it('a grant approved by nobody (a pending request flipped to active in Redis) mints nothing', async () => {
    const id = await grant('prod-readonly', false);
    const before = sts.commandCalls(AssumeRoleCommand).length;
    await editRecord(requestKey(id), (r) =>
      Object.assign(r, {
        status: 'active',
        grantStart: Date.now(),
        grantEnd: Date.now() + 3_600_000,
        approvals: [{ by: APPROVER, at: Date.now(), via: 'user' }],
      }),
    );
    const answer = await click('access_cli', id, REQUESTER);
    expect(String(answer.text)).toMatch(/failed its integrity check/);
    expect(JSON.stringify(answer)).not.toContain(SECRET);
    await mintJobsDone();
    expect(sts.commandCalls(AssumeRoleCommand).length).toBe(before);
    expect(await auditActions()).toContain(`integrity.refused:${id}`);
    // It does not show up as an open grant either.
    const list = await t.ask('access list', { user: APPROVER });
    expect(JSON.stringify(list)).not.toContain(id);
  });

  it('a genuine grant whose role ARN was swapped in Redis mints nothing, and neither does one whose ARN is no longer the configured one', async () => {
    const id = await grant();
    const before = sts.commandCalls(AssumeRoleCommand).length;
    await editRecord(requestKey(id), (r) => (r.roleArn = ADMIN_ARN));
    expect(String((await click('access_cli', id, REQUESTER)).text)).toMatch(/failed its integrity check/);

    // Sealed by the bot, but the configuration now names another ARN for the role: the configuration wins.
    const second = await grant();
    const role = t.bot.services.config.access.roles.find((r) => r.name === 'prod-readonly')!;
    const configured = role.arn;
    try {
      role.arn = 'arn:aws:iam::123456789012:role/gdpr-jit-readonly-v2';
      expect(String((await click('access_cli', second, REQUESTER)).text)).toMatch(/another role ARN than the one configured/);
      // And a job queued before the configuration changed: refused in the job too.
      role.arn = configured;
      await click('access_cli', second, REQUESTER);
      await mintJobsDone();
      const minted = sts.commandCalls(AssumeRoleCommand).length;
      role.arn = 'arn:aws:iam::123456789012:role/gdpr-jit-readonly-v2';
      const data = { grantId: second, kind: 'cli' as const, userId: REQUESTER, issuedAt: Date.now(), responseUrl: t.slack.responseUrl('late-job') };
      await t.bot.services.queues.get('access-credentials').add('mint', { ...data, seal: t.bot.services.integrity.sealOf('access-credentials-job', data) });
      await mintJobsDone();
      expect(sts.commandCalls(AssumeRoleCommand).length).toBe(minted);
      expect(String(t.slack.responses.find((r) => r.id === 'late-job')?.body.text)).toMatch(/another role ARN/);
      expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).not.toContain(ADMIN_ARN);
    } finally {
      role.arn = configured;
    }
    expect(sts.commandCalls(AssumeRoleCommand).length).toBe(before + 1);
  });

  it('a grant written before seals existed is refused, and the requester is told to ask again', async () => {
    const id = await grant();
    await editRecord(requestKey(id), (r) => delete r.seal);
    expect(String((await click('access_cli', id, REQUESTER)).text)).toMatch(/without an integrity seal.*Request access again/);
  });

  it('a remediation request marked approved in Redis is not applied', async () => {
    await new ResultStore(redis(), t.bot.services.keys).saveResults('scan-seed', new Date().toISOString(), [
      {
        checkId: 'ebs_default_encryption',
        accountId: ACCOUNT,
        region: REGION,
        status: 'fail',
        resource: `${ACCOUNT}/${REGION}`,
        message: 'EBS encryption by default is off.',
      },
    ]);
    const value = encodeFixValue({ checkId: 'ebs_default_encryption', accountId: ACCOUNT, region: REGION, resource: `${ACCOUNT}/${REGION}` })!;
    const answer = await click('remediation_fix', value, REQUESTER, { channelId: 'C0000STAT', messageTs: '1700000900.000100' });
    const id = /`(R[0-9A-F]{10})`/.exec(String(answer.text))![1]!;
    const key = `${t.prefix}:remediation:request:${id}`;
    await until('the plan', async () => (JSON.parse((await redis().get(key)) ?? '{}') as { status?: string }).status === 'pending');
    await editRecord(key, (r) => Object.assign(r, { status: 'approved', approvals: [{ by: APPROVER, at: new Date().toISOString(), via: 'user' }] }));
    // What the approval would have queued (the sweep would queue it too).
    await t.bot.services.queues.get('remediation').add('apply', { requestId: id }, { jobId: `apply-${id}` });
    await until('the apply job to end', async () =>
      ['failed', 'completed'].includes(await (await t.bot.services.queues.get('remediation').getJob(`apply-${id}`))!.getState()),
    );
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand)).toHaveLength(0);
    expect(await auditActions()).toContain(`integrity.refused:${id}`);
    expect(await auditActions()).not.toContain(`remediation.applied:${id}`);
    // An approver's click on it is refused with a reason, not applied.
    expect(String((await click('remediation_approve', id, 'U0000APPR2', { channelId: 'C0000APPR' })).text)).toMatch(/failed its integrity check/);
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand)).toHaveLength(0);
  });
});
