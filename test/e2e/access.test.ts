import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessFlow } from '../../src/access/flow.js';
import type { AccessRequest } from '../../src/access/state.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import { buttonClick, viewSubmission } from '../helpers/slack-request.js';

const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYSECRETKEY';
const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN-0123456789abcdef';
const SIGNIN_TOKEN = 'SIGNINTOKEN-abcdef0123456789';
const REQUESTER = 'U0000REQ1';
/** The DM channel the Slack test server opens for the requester. */
const REQUESTER_DM = 'D0000REQ1';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/gdpr-jit-readonly';
const REVOKERS = [{ account: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/gdpr-bot-jit-revoker' }];

/** Every value stored under `prefix`, whatever its type, as one string. */
async function redisDump(prefix: string): Promise<string> {
  const redis = new Redis(TEST_REDIS_URL);
  const out: string[] = [];
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'string') out.push(String(await redis.get(key)));
        else if (type === 'list') out.push(...(await redis.lrange(key, 0, -1)));
        else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
        else if (type === 'set') out.push(...(await redis.smembers(key)));
        else if (type === 'zset') out.push(...(await redis.zrange(key, '0', '-1')));
        else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
        out.push(key);
      }
    }
  } finally {
    redis.disconnect();
  }
  return out.join('\n');
}

describe('just-in-time AWS access, end to end', () => {
  let t: TestBot;
  let federation: Server;
  let federationBase = '';
  const sts = mockClient(STSClient);
  const iam = mockClient(IAMClient);
  let clicks = 0;
  /** Replaces the answer of the next AssumeRole call. */
  let nextAssumeRole: (() => Promise<unknown>) | undefined;

  const click = (actionId: string, value: string, userId: string, responseId: string) =>
    t.post(
      buttonClick({
        actionId,
        value,
        userId,
        responseUrl: t.slack.responseUrl(responseId),
        channelId: 'D0000REQ1',
        messageTs: `1700000000.${String(++clicks).padStart(6, '0')}`,
      }),
    );
  const response = async (id: string) => {
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), `the response ${id}`);
    return t.slack.responses.find((r) => r.id === id)!.body;
  };
  const auditActions = async () => (await t.bot.services.audit.tail(500)).map((e) => `${e.action}:${e.subject}`);
  const requestIdFrom = (text: unknown) => /ax-[0-9a-f]{8}/.exec(String(text))?.[0] ?? '';

  beforeAll(async () => {
    federation = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(url.searchParams.get('Action') === 'getSigninToken' ? { SigninToken: SIGNIN_TOKEN } : {}));
    });
    await new Promise<void>((resolve) => federation.listen(0, '127.0.0.1', resolve));
    federationBase = `http://127.0.0.1:${(federation.address() as AddressInfo).port}`;
    sts.on(AssumeRoleCommand).callsFake(async (input: { DurationSeconds: number }) => {
      const fake = nextAssumeRole;
      nextAssumeRole = undefined;
      if (fake) return fake();
      return {
        Credentials: {
          AccessKeyId: 'ASIAEXAMPLE000000001',
          SecretAccessKey: SECRET,
          SessionToken: SESSION_TOKEN,
          Expiration: new Date(Date.now() + input.DurationSeconds * 1000),
        },
      };
    });
    // One account's IAM: the roles exist under their names, and an inline policy written reads back.
    const written = new Map<string, string>();
    iam
      .on(GetRoleCommand)
      .callsFake(async (input: { RoleName: string }) => ({ Role: { RoleName: input.RoleName, Arn: `arn:aws:iam::123456789012:role/${input.RoleName}` } }));
    iam.on(GetRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyName: string }) => {
      const doc = written.get(`${input.RoleName}/${input.PolicyName}`);
      if (!doc) throw Object.assign(new Error('not found'), { name: 'NoSuchEntityException' });
      return { RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(doc) };
    });
    iam.on(PutRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyName: string; PolicyDocument: string }) => {
      written.set(`${input.RoleName}/${input.PolicyName}`, input.PolicyDocument);
      return {};
    });
    t = await startTestBot({
      config: {
        approvers: { users: ['U0000APPR1', 'U0000APPR2', 'U0000GUEST'], usergroups: [] },
        access: {
          revokers: REVOKERS,
          roles: [
            { name: 'prod-readonly', arn: ROLE_ARN, maxDuration: '4h' },
            { name: 'prod-admin', arn: 'arn:aws:iam::123456789012:role/gdpr-jit-admin', maxDuration: '2h', minApprovals: 2 },
            { name: 'breakglass', arn: 'arn:aws:iam::123456789012:role/gdpr-jit-breakglass', maxDuration: '1h', breakglass: true },
          ],
          federationUrl: `${federationBase}/federation`,
        },
      },
    });
    t.slack.users.set('U0000GUEST', { id: 'U0000GUEST', is_restricted: true });
  });
  afterAll(async () => {
    await t?.close();
    sts.restore();
    iam.restore();
    await new Promise<void>((resolve) => federation.close(() => resolve()));
  });

  it('request → approval by a second user → DM buttons → ephemeral credentials, seen nowhere else → revoke', async () => {
    await t.command('access prod-readonly 1h investigating <!channel> incident <@U0000APPR1>', { user: REQUESTER, responseId: 'req' });
    const filed = await response('req');
    expect(filed.response_type).toBe('ephemeral');
    expect(filed.text).toMatch(/sent for approval/);
    const id = requestIdFrom(filed.text);
    expect(id).not.toBe('');

    // The approval request lands in the approvals channel, user text escaped, buttons carrying the id only.
    await t.slack.waitFor(
      () => t.slack.callsTo('chat.postMessage').some((c) => c.args.channel === 'C0000APPR' && JSON.stringify(c.args.blocks).includes(id)),
      'the approval message',
    );
    const approval = t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0000APPR')!;
    const blocks = JSON.stringify(approval.args.blocks);
    expect(blocks).toContain('&lt;!channel&gt;');
    expect(blocks).not.toContain('<!channel>');
    expect(blocks).toContain(`"action_id":"access_approve"`);
    expect(blocks).toContain(`"value":"${id}"`);

    // The requester cannot approve their own request, and a guest cannot approve even when listed.
    await click('access_approve', id, REQUESTER, 'self-approve');
    expect((await response('self-approve')).text).toMatch(/cannot approve your own request/);
    await click('access_approve', id, 'U0000GUEST', 'guest-approve');
    expect((await response('guest-approve')).text).toMatch(/guest accounts cannot approve/);

    // Double click by the approver (and a Slack retry): exactly one grant.
    await Promise.all([click('access_approve', id, 'U0000APPR1', 'approve-1'), click('access_approve', id, 'U0000APPR1', 'approve-2')]);
    const answers = [String((await response('approve-1')).text), String((await response('approve-2')).text)];
    expect(answers.filter((a) => a.includes('You approved'))).toHaveLength(1);
    expect(answers.filter((a) => a.includes('cannot be approved'))).toHaveLength(1);

    // The requester gets a DM with the credential buttons once the grant is active.
    await t.slack.waitFor(
      () => t.slack.calls.some((c) => c.args.channel === REQUESTER_DM && JSON.stringify(c.args.blocks ?? '').includes('access_cli')),
      'the DM with the credential buttons',
    );
    const actions = await auditActions();
    expect(actions.filter((a) => a === `access.granted:${id}`)).toHaveLength(1);
    expect(actions.filter((a) => a === `access.activated:${id}`)).toHaveLength(1);

    // Somebody else cannot use the grant.
    await click('access_cli', id, 'U0000APPR1', 'cli-stranger');
    expect((await response('cli-stranger')).text).toMatch(/Only <@U0000REQ1> can use/);

    // CLI credentials, ephemeral.
    await click('access_cli', id, REQUESTER, 'cli-1');
    const cli = await response('cli-1');
    expect(cli.response_type).toBe('ephemeral');
    expect(JSON.stringify(cli)).toContain(`export AWS_SECRET_ACCESS_KEY=${SECRET}`);
    expect(JSON.stringify(cli)).toContain(`export AWS_SESSION_TOKEN=${SESSION_TOKEN}`);

    // Console sign-in link from the federation stand-in, ephemeral.
    await click('access_console', id, REQUESTER, 'console-1');
    const consoleAnswer = await response('console-1');
    expect(consoleAnswer.response_type).toBe('ephemeral');
    const link = /https?:\/\/[^\s|>"]+/.exec(String(consoleAnswer.text))![0];
    const login = new URL(link);
    expect(`${login.origin}${login.pathname}`).toBe(`${federationBase}/federation`);
    expect(login.searchParams.get('Action')).toBe('login');
    expect(login.searchParams.get('SigninToken')).toBe(SIGNIN_TOKEN);

    // The STS calls: SourceIdentity, tags, a duration within the grant.
    const calls = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ RoleArn: ROLE_ARN, SourceIdentity: REQUESTER, RoleSessionName: `jit-${REQUESTER}-${id}` });
    // Capped by the time left in the 1h grant.
    expect(calls[0]!.DurationSeconds).toBeGreaterThan(3500);
    expect(calls[0]!.DurationSeconds).toBeLessThanOrEqual(3600);
    expect(calls[0]!.Tags).toEqual([
      { Key: 'request_id', Value: id },
      { Key: 'approver', Value: 'U0000APPR1' },
    ]);

    // The secrets appear in those two ephemeral answers and nowhere else: not in any other Slack call or
    // response, not in the logs, not in Redis (outbox, job data, job results, audit log).
    const jobsDone = async () => (await t.bot.services.queues.get('access-credentials').getJobCounts('waiting', 'active')) as Record<string, number>;
    for (let i = 0; i < 50 && Object.values(await jobsDone()).some((n) => n > 0); i++) await new Promise((r) => setTimeout(r, 20));
    const elsewhere = JSON.stringify({ calls: t.slack.calls, responses: t.slack.responses.filter((r) => r.id !== 'cli-1' && r.id !== 'console-1') });
    const logs = t.logs.text();
    const stored = await redisDump(t.prefix);
    for (const secret of [SECRET, SESSION_TOKEN, SIGNIN_TOKEN]) {
      expect(elsewhere).not.toContain(secret);
      expect(logs).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
    expect(t.slack.everything()).toContain(SECRET); // the check above can see it when it is there
    expect(stored).toContain('access.session.issued');

    // Revoke: the grant closes at once, the role gets the deny statement, and a cleanup is scheduled.
    await t.command(`access revoke ${id}`, { user: REQUESTER, responseId: 'revoke' });
    const revokeAnswer = String((await response('revoke')).text);
    expect(revokeAnswer).toMatch(/is now revoked/);
    expect(revokeAnswer).toMatch(/requested/);
    await t.slack.waitFor(() => iam.commandCalls(PutRolePolicyCommand).length > 0, 'the deny policy');
    const put = iam.commandCalls(PutRolePolicyCommand)[0]!.args[0].input;
    expect(put.RoleName).toBe('gdpr-jit-readonly');
    const statement = JSON.parse(put.PolicyDocument!).Statement[0];
    expect(statement).toMatchObject({
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceIdentity': REQUESTER, 'aws:PrincipalTag/request_id': id } },
    });
    // Sessions issued up to the skew margin (5 minutes) after the revocation are denied too.
    expect(Date.parse(statement.Condition.DateLessThan['aws:TokenIssueTime'])).toBeGreaterThan(Date.now() + 4 * 60_000);
    for (let i = 0; i < 100 && !(await auditActions()).includes(`access.revocation.applied:${id}`); i++) await new Promise((r) => setTimeout(r, 20));
    const delayed = await t.bot.services.queues.get('access-revoke').getJobs(['delayed']);
    expect(delayed.map((j) => j.name)).toContain('cleanup');
    expect(delayed[0]!.data).toEqual({ grantId: id, issuedBefore: expect.any(Number) });

    // The buttons stop working, and the DM loses them.
    await click('access_cli', id, REQUESTER, 'cli-after');
    expect((await response('cli-after')).text).toMatch(/revoked; it no longer gives credentials/);
    await t.slack.waitFor(
      () => t.slack.callsTo('chat.update').some((c) => c.args.channel === REQUESTER_DM && String(c.args.text).includes('revoked')),
      'the DM updated to revoked',
    );
    expect((await auditActions()).filter((a) => a.startsWith('access.revocation.applied'))).toHaveLength(1);
    expect(await t.bot.services.audit.verify()).toMatchObject({ ok: true });
  });

  it('answers bad input with clear ephemeral errors', async () => {
    await t.command('access prod-writer 1h because', { user: REQUESTER, responseId: 'bad-role' });
    const badRole = String((await response('bad-role')).text);
    expect(badRole).toMatch(/Unknown role `prod-writer`/);
    expect(badRole).toContain('`prod-readonly`, `prod-admin`, `breakglass`');
    await t.command('access prod-readonly 5h because', { user: REQUESTER, responseId: 'too-long' });
    expect((await response('too-long')).text).toMatch(/between 15m and 4h/);
    await t.command('access prod-readonly 10m because', { user: REQUESTER, responseId: 'too-short' });
    expect((await response('too-short')).text).toMatch(/between 15m and 4h/);
    await t.command('access prod-readonly soon because', { user: REQUESTER, responseId: 'not-duration' });
    expect((await response('not-duration')).text).toMatch(/`soon` is not a duration/);
    await t.command('access prod-readonly 1h', { user: REQUESTER, responseId: 'no-why' });
    expect((await response('no-why')).text).toMatch(/justification is required/);
    await t.command('access revoke <!here>', { user: REQUESTER, responseId: 'bad-id' });
    const badId = String((await response('bad-id')).text);
    expect(badId).toMatch(/There is no access request/);
    expect(badId).not.toContain('<!here>');
  });

  it('needs distinct approvers for a quorum of two', async () => {
    await t.command('access prod-admin 30m deploy fix', { user: REQUESTER, responseId: 'q-req' });
    const id = requestIdFrom((await response('q-req')).text);
    await click('access_approve', id, 'U0000APPR1', 'q-1');
    expect((await response('q-1')).text).toMatch(/\(1\/2\); it needs another approver/);
    await click('access_approve', id, 'U0000APPR1', 'q-1b');
    expect((await response('q-1b')).text).toMatch(/already approved/);
    await click('access_approve', id, 'U0000APPR2', 'q-2');
    expect((await response('q-2')).text).toMatch(/access for <@U0000REQ1> opens now/);
    const grant = (await new AccessFlow(t.bot.services).store.get(id)) as AccessRequest;
    expect(grant.approvals.map((a) => a.by)).toEqual(['U0000APPR1', 'U0000APPR2']);
  });

  it('lets a breakglass role be self-granted and alerts the audit channel at once', async () => {
    await t.command('access breakglass 30m prod down, nobody answers', { user: 'U0000ONCALL', responseId: 'bg' });
    const answer = String((await response('bg')).text);
    expect(answer).toMatch(/Breakglass access granted/);
    const id = requestIdFrom(answer);
    await t.slack.waitFor(
      () => t.slack.callsTo('chat.postMessage').some((c) => c.args.channel === 'C0000AUDT' && String(c.args.text).includes('Breakglass')),
      'the breakglass alert',
    );
    const entries = (await t.bot.services.audit.tail(500)).filter((e) => e.subject === id);
    expect(entries.find((e) => e.action === 'access.breakglass')?.detail).toMatchObject({ breakglass: true });
  });

  it('warns before the end, offers an extension, and expires the grant (clock moved forward)', async () => {
    await t.command('access prod-readonly 1h maintenance window', { user: REQUESTER, responseId: 'x-req' });
    const id = requestIdFrom((await response('x-req')).text);
    await click('access_approve', id, 'U0000APPR2', 'x-approve');
    await response('x-approve');
    const store = new AccessFlow(t.bot.services).store;
    for (let i = 0; i < 100 && (await store.get(id))?.status !== 'active'; i++) await new Promise((r) => setTimeout(r, 20));
    const grant = (await store.get(id))!;
    expect(grant.status).toBe('active');

    const at = (ms: number) => new AccessFlow({ ...t.bot.services, now: () => new Date(ms) });
    expect(await at(grant.grantEnd! - 5 * 60_000).advance(id)).toEqual(['warn']);
    await t.slack.waitFor(
      () => t.slack.callsTo('chat.postMessage').some((c) => c.args.channel === REQUESTER_DM && JSON.stringify(c.args.blocks ?? '').includes('access_extend')),
      'the expiry warning',
    );

    // The extension goes through approval again.
    await click('access_extend', id, REQUESTER, 'x-extend');
    const extAnswer = String((await response('x-extend')).text);
    expect(extAnswer).toMatch(/Extension .* sent for approval/);
    const extId = requestIdFrom(extAnswer);
    expect(extId).toMatch(/^ax-/);
    await click('access_approve', extId, 'U0000APPR1', 'x-ext-approve');
    await response('x-ext-approve');
    for (let i = 0; i < 100 && (await store.get(extId))?.status !== 'active'; i++) await new Promise((r) => setTimeout(r, 20));
    const extended = (await store.get(id))!;
    expect(extended.grantEnd).toBe(grant.grantEnd! + 60 * 60_000);

    expect(await at(extended.grantEnd! + 1000).advance(id)).toContain('expire');
    expect((await store.get(id))!.status).toBe('expired');
    await click('access_cli', id, REQUESTER, 'x-cli-after');
    expect((await response('x-cli-after')).text).toMatch(/expired; it no longer gives credentials/);
  });

  it('drops a session minted while the grant was being revoked, instead of delivering it', async () => {
    await t.command('access prod-readonly 30m race check', { user: REQUESTER, responseId: 'race-req' });
    const id = requestIdFrom((await response('race-req')).text);
    await click('access_approve', id, 'U0000APPR1', 'race-approve');
    await response('race-approve');
    const store = new AccessFlow(t.bot.services).store;
    for (let i = 0; i < 100 && (await store.get(id))?.status !== 'active'; i++) await new Promise((r) => setTimeout(r, 20));
    const racing = 'RACE-SECRET-should-never-be-seen';
    nextAssumeRole = async () => {
      await store.apply(id, { type: 'revoke', by: REQUESTER, as: 'requester' }, Date.now());
      return {
        Credentials: { AccessKeyId: 'ASIAEXAMPLE000000002', SecretAccessKey: racing, SessionToken: racing, Expiration: new Date(Date.now() + 900_000) },
      };
    };
    await click('access_cli', id, REQUESTER, 'race-cli');
    const answer = await response('race-cli');
    expect(answer.text).toMatch(/ended while the session was being prepared; nothing was issued/);
    expect(t.slack.everything()).not.toContain(racing);
  });

  it('opens the request form with the trigger id, and shows field errors on submit', async () => {
    await t.command('access', { user: REQUESTER, responseId: 'modal' });
    await t.slack.waitFor(() => t.slack.callsTo('views.open').length > 0, 'views.open');
    const open = t.slack.callsTo('views.open')[0]!.args;
    expect(open.trigger_id).toBe('1234.5678.abcdef');
    expect(JSON.stringify(open.view)).toContain('prod-readonly');

    const submit = (values: Record<string, unknown>) => t.post(viewSubmission({ userId: REQUESTER, callbackId: 'access_request_modal', values }));
    const res = await submit({
      role: { value: { type: 'static_select', selected_option: { value: 'prod-readonly' } } },
      duration: { value: { type: 'plain_text_input', value: '9h' } },
      justification: { value: { type: 'plain_text_input', value: '  ' } },
      ticket: { value: { type: 'plain_text_input', value: null } },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors.duration).toMatch(/between 15m and 4h/);
    expect(body.errors.justification).toMatch(/required/);

    const ok = await submit({
      role: { value: { type: 'static_select', selected_option: { value: 'prod-readonly' } } },
      duration: { value: { type: 'plain_text_input', value: '30m' } },
      justification: { value: { type: 'plain_text_input', value: 'from the form' } },
      ticket: { value: { type: 'plain_text_input', value: 'OPS-42' } },
    });
    expect(ok.status).toBe(200);
    await t.slack.waitFor(
      () =>
        t.slack
          .callsTo('chat.postMessage')
          .some(
            (c) =>
              c.args.channel === 'C0000APPR' && JSON.stringify(c.args.blocks).includes('from the form') && JSON.stringify(c.args.blocks).includes('OPS-42'),
          ),
      'the approval message from the form',
    );
  });

  it('lists the caller’s requests, and every open grant for approvers', async () => {
    await t.command('access list', { user: REQUESTER, responseId: 'list-req' });
    const mine = String((await response('list-req')).text);
    expect(mine).toContain('Your access requests');
    expect(mine).not.toContain('All open grants');
    await t.command('access list', { user: 'U0000APPR1', responseId: 'list-appr' });
    const all = String((await response('list-appr')).text);
    expect(all).toContain('All open grants');
    expect(all).toContain('prod-admin');
  });
});

describe('just-in-time access with approvals by DM', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({
      config: {
        approvers: { users: ['U0000APPR1', 'U0000APPR2'], usergroups: [] },
        access: { approvalMode: 'dm', revokers: REVOKERS, roles: [{ name: 'prod-readonly', arn: ROLE_ARN }] },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('asks each approver in a DM and updates every copy once decided', async () => {
    await t.command('access prod-readonly 30m check dm mode', { user: 'U0000APPR2', responseId: 'dm-req' });
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === 'dm-req'), 'the answer');
    const id = /ax-[0-9a-f]{8}/.exec(String(t.slack.responses.find((r) => r.id === 'dm-req')!.body.text))![0];
    // The requester is an approver too, but is not asked to approve their own request.
    await t.slack.waitFor(
      () => t.slack.callsTo('chat.postMessage').some((c) => c.args.channel === 'D0000APPR1' && JSON.stringify(c.args.blocks).includes('access_approve')),
      'the approver DM',
    );
    expect(t.slack.callsTo('chat.postMessage').some((c) => c.args.channel === 'D0000APPR2' && JSON.stringify(c.args.blocks).includes('access_approve'))).toBe(
      false,
    );
    await t.post(buttonClick({ actionId: 'access_deny', value: id, userId: 'U0000APPR1', responseUrl: t.slack.responseUrl('dm-deny') }));
    await t.slack.waitFor(
      () => t.slack.callsTo('chat.update').some((c) => c.args.channel === 'D0000APPR1' && String(c.args.text).includes('denied')),
      'the approver DM updated',
    );
    await t.slack.waitFor(
      () => t.slack.callsTo('chat.update').some((c) => c.args.channel === 'D0000APPR2' && String(c.args.text).includes('denied')),
      'the requester DM updated',
    );
  });
});
