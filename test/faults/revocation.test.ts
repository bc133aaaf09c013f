import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteRolePolicyCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessFlow } from '../../src/access/flow.js';
import { REVOCATION_POLICY_NAME, type PolicyDocument } from '../../src/access/revoke.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { buttonClick } from '../helpers/slack-request.js';

/**
 * Revocation under faults and abuse, through the real bot (HTTP endpoint, real Redis, Slack stand-in).
 * AWS is mocked per account: the revoke job reaches a member account by assuming that account's
 * revoker role through STS (a loopback STS stand-in that hands out credentials naming the account),
 * and the fake IAM answers each call from the account those credentials belong to. So a deny written
 * with the bot's own credentials lands in the bot's own account, exactly as it would in AWS.
 */

const SELF = '111111111111';
const MEMBER = '222222222222';
const REQUESTER = 'U0000REQ1';
const REQUESTER_DM = 'D0000REQ1';
const MEMBER_ROLE = `arn:aws:iam::${MEMBER}:role/gdpr-jit-readonly`;
/** Configured with a path the member account's role of that name does not have. */
const MEMBER_OPS = `arn:aws:iam::${MEMBER}:role/team/gdpr-jit-ops`;
const revokerOf = (account: string) => `arn:aws:iam::${account}:role/gdpr-bot-jit-revoker`;
const SELF_KEY = 'AKIAEXAMPLESELF00001';

/** An SDK service exception as the SDK builds it: `name` is the AWS error code. */
function sdkError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 } });
}

/** One account's IAM: roles by name, each with its inline policies. */
interface FakeAccount {
  roles: Map<string, { arn: string; policies: Map<string, string> }>;
  /** Errors the next PutRolePolicy calls throw, in order. */
  putFaults: Error[];
  /** While set, a read of the revocation policy after a write waits for it (IAM not showing the write yet). */
  readBackGate?: Promise<void>;
}

function account(id: string, roles: string[]): FakeAccount {
  return { roles: new Map(roles.map((path) => [path.split('/').pop()!, { arn: `arn:aws:iam::${id}:role/${path}`, policies: new Map() }])), putFaults: [] };
}

/** A loopback STS: AssumeRole of `arn:aws:iam::<account>:role/…` gives credentials whose key id names the account. */
async function fakeSts(): Promise<{ server: Server; url: string; assumed: string[] }> {
  const assumed: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const params = new URLSearchParams(body);
      const roleArn = params.get('RoleArn') ?? '';
      assumed.push(roleArn);
      const acct = roleArn.split(':')[4] ?? '';
      const expires = new Date(Date.now() + 3600_000).toISOString();
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAREV${acct}</AccessKeyId><SecretAccessKey>revoker-secret</SecretAccessKey><SessionToken>revoker-token</SessionToken><Expiration>${expires}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${acct}:assumed-role/gdpr-bot-jit-revoker/gdpr-bot-revoke</Arn><AssumedRoleId>AROAREVOKER:gdpr-bot-revoke</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, assumed };
}

/**
 * What IAM decides for a session of the role given the revocation policy: denied when a statement's
 * conditions (DateLessThan on aws:TokenIssueTime, StringEquals on aws:SourceIdentity and the
 * request_id session tag, any of a list) all hold.
 */
function denied(policy: PolicyDocument | undefined, session: { sourceIdentity: string; requestId: string; issuedAt: number }): boolean {
  const context: Record<string, string> = { 'aws:SourceIdentity': session.sourceIdentity, 'aws:PrincipalTag/request_id': session.requestId };
  return (policy?.Statement ?? []).some((s) => {
    if (s.Effect !== 'Deny') return false;
    const before = s.Condition?.DateLessThan?.['aws:TokenIssueTime'];
    if (typeof before !== 'string' || !(session.issuedAt < Date.parse(before))) return false;
    return Object.entries(s.Condition?.StringEquals ?? {}).every(([key, value]) => (Array.isArray(value) ? value : [value]).includes(context[key] ?? '\u0000'));
  });
}

describe('fault: revocation across accounts, refused by IAM, and not yet visible', () => {
  let t: TestBot;
  let sts: Awaited<ReturnType<typeof fakeSts>>;
  const iam = mockClient(IAMClient);
  const accounts = new Map<string, FakeAccount>();
  const savedEnv: Record<string, string | undefined> = {};
  let clicks = 0;

  const click = (actionId: string, value: string, userId: string, responseId: string) =>
    t.post(
      buttonClick({
        actionId,
        value,
        userId,
        responseUrl: t.slack.responseUrl(responseId),
        channelId: REQUESTER_DM,
        messageTs: `1700000000.${String(++clicks).padStart(6, '0')}`,
      }),
    );
  const response = async (id: string) => {
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), `the response ${id}`);
    return String(t.slack.responses.find((r) => r.id === id)!.body.text);
  };
  const audit = async (action: string, subject: string) => (await t.bot.services.audit.tail(500)).filter((e) => e.action === action && e.subject === subject);
  const waitAudit = async (action: string, subject: string) => {
    for (let i = 0; i < 500 && (await audit(action, subject)).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    return audit(action, subject);
  };
  const policyIn = (acct: string, roleName: string): PolicyDocument | undefined => {
    const doc = accounts.get(acct)!.roles.get(roleName)?.policies.get(REVOCATION_POLICY_NAME);
    return doc ? (JSON.parse(doc) as PolicyDocument) : undefined;
  };
  const posted = (channel: string, pattern: RegExp) =>
    t.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === channel && pattern.test(`${String(c.args.text)} ${JSON.stringify(c.args.blocks ?? '')}`));
  const health = async () => {
    const res = await fetch(`${t.baseUrl}/healthz`);
    return { code: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const metric = async (name: string) => {
    const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(name));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  /** A granted, active request of `role` for the requester. */
  async function activeGrant(role: string, tag: string): Promise<string> {
    await t.command(`access ${role} 1h ${tag}`, { user: REQUESTER, responseId: `${tag}-req` });
    const id = /ax-[0-9a-f]{8}/.exec(await response(`${tag}-req`))![0];
    await click('access_approve', id, 'U0000APPR1', `${tag}-approve`);
    await response(`${tag}-approve`);
    const store = new AccessFlow(t.bot.services).store;
    for (let i = 0; i < 200 && (await store.get(id))?.status !== 'active'; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await store.get(id))?.status).toBe('active');
    return id;
  }

  beforeAll(async () => {
    sts = await fakeSts();
    // The bot's own credentials, and STS reached through the standard endpoint variable.
    for (const [k, v] of Object.entries({ AWS_ACCESS_KEY_ID: SELF_KEY, AWS_SECRET_ACCESS_KEY: 'self-secret', AWS_ENDPOINT_URL_STS: sts.url })) {
      savedEnv[k] = process.env[k];
      process.env[k] = v;
    }
    delete process.env.AWS_SESSION_TOKEN;
    // The bot's own account happens to have a role of the same name: a revocation written there would be silently wrong.
    accounts.set(SELF, account(SELF, ['gdpr-jit-readonly', 'gdpr-jit-ops']));
    accounts.set(MEMBER, account(MEMBER, ['gdpr-jit-readonly', 'other/gdpr-jit-ops']));
    const accountOf = async (getClient: () => IAMClient): Promise<FakeAccount> => {
      const { accessKeyId } = await getClient().config.credentials();
      const id = /^ASIAREV(\d{12})$/.exec(accessKeyId)?.[1] ?? (accessKeyId === SELF_KEY ? SELF : '');
      const acct = accounts.get(id);
      if (!acct) throw sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.');
      return acct;
    };
    const noSuchEntity = () => sdkError('NoSuchEntityException', 'The role cannot be found.');
    iam.on(GetRoleCommand).callsFake(async (input: { RoleName: string }, getClient) => {
      const role = (await accountOf(getClient)).roles.get(input.RoleName);
      if (!role) throw noSuchEntity();
      return { Role: { RoleName: input.RoleName, Arn: role.arn, Path: '/', RoleId: 'AROAEXAMPLE', CreateDate: new Date() } };
    });
    iam.on(GetRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyName: string }, getClient) => {
      const acct = await accountOf(getClient);
      const role = acct.roles.get(input.RoleName);
      if (acct.readBackGate && role?.policies.has(input.PolicyName)) await acct.readBackGate;
      const doc = role?.policies.get(input.PolicyName);
      if (!doc) throw noSuchEntity();
      return { RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(doc) };
    });
    iam.on(PutRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyName: string; PolicyDocument: string }, getClient) => {
      const acct = await accountOf(getClient);
      const fault = acct.putFaults.shift();
      if (fault) throw fault;
      const role = acct.roles.get(input.RoleName);
      if (!role) throw noSuchEntity();
      role.policies.set(input.PolicyName, input.PolicyDocument);
      return {};
    });
    iam.on(DeleteRolePolicyCommand).resolves({});
    t = await startTestBot({
      config: {
        access: {
          revokers: [
            { account: SELF, roleArn: revokerOf(SELF) },
            { account: MEMBER, roleArn: revokerOf(MEMBER) },
          ],
          roles: [
            { name: 'member-readonly', arn: MEMBER_ROLE, maxDuration: '4h' },
            { name: 'member-ops', arn: MEMBER_OPS, maxDuration: '4h' },
          ],
        },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    iam.restore();
    await new Promise<void>((resolve) => sts.server.close(() => resolve()));
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('revokes a member-account role in that account (not a same-named role of the bot’s), and says "requested" until the deny reads back', async () => {
    const id = await activeGrant('member-readonly', 'cross');
    let release!: () => void;
    accounts.get(MEMBER)!.readBackGate = new Promise<void>((resolve) => (release = resolve));

    await t.command(`access revoke ${id}`, { user: REQUESTER, responseId: 'cross-revoke' });
    const answer = await response('cross-revoke');
    expect(answer).toMatch(/is now revoked/);
    expect(answer).toMatch(/requested/);
    expect(answer).not.toMatch(/being denied|in force/);

    // Written in the member account through its revoker; the bot's own same-named role is untouched.
    await t.slack.waitFor(() => policyIn(MEMBER, 'gdpr-jit-readonly') !== undefined, 'the deny in the member account');
    expect(sts.assumed).toContain(revokerOf(MEMBER));
    expect(policyIn(SELF, 'gdpr-jit-readonly')).toBeUndefined();
    // IAM does not show it yet: nobody is told it is in force, nothing is audited as applied.
    await new Promise((r) => setTimeout(r, 200));
    expect(await audit('access.revocation.applied', id)).toHaveLength(0);
    expect(posted(REQUESTER_DM, /in force/)).toHaveLength(0);

    release();
    accounts.get(MEMBER)!.readBackGate = undefined;
    const [applied] = await waitAudit('access.revocation.applied', id);
    expect(applied?.detail).toMatchObject({ account: MEMBER, verifiedArn: MEMBER_ROLE, readBack: true });
    await t.slack.waitFor(() => posted(REQUESTER_DM, /in force/).length > 0, 'the in-force message');
    expect(policyIn(SELF, 'gdpr-jit-readonly')).toBeUndefined();
  });

  it('denies the revoked grant’s sessions minted up to the skew margin after the click, and never a new grant’s', async () => {
    const store = new AccessFlow(t.bot.services).store;
    const revoked = (await t.bot.services.audit.tail(500)).find((e) => e.action === 'access.revocation.applied')!.subject;
    const grant = (await store.get(revoked))!;
    const policy = policyIn(MEMBER, 'gdpr-jit-readonly');
    const at = grant.decidedAt!;
    const session = (requestId: string, issuedAt: number) => ({ sourceIdentity: REQUESTER, requestId, issuedAt });
    expect(denied(policy, session(revoked, at - 30 * 60_000))).toBe(true); // minted before the click
    expect(denied(policy, session(revoked, at + 4 * 60_000))).toBe(true); // AWS's clock 4 minutes ahead, or minted while clicking
    expect(denied(policy, session(revoked, at + 6 * 60_000))).toBe(false); // past the 5-minute margin
    // The same person is granted the same role again right away: their new sessions work.
    const again = await activeGrant('member-readonly', 'again');
    expect(denied(policyIn(MEMBER, 'gdpr-jit-readonly'), session(again, at + 60_000))).toBe(false);
    expect(denied(policyIn(MEMBER, 'gdpr-jit-readonly'), { ...session(revoked, at), sourceIdentity: 'U0000OTHER' })).toBe(false);
  });

  it('IAM refusing the deny (AccessDenied) is audited, alerted with "sessions remain valid until", counted and shown on /healthz; a retry clears it', async () => {
    expect((await health()).body.status).toBe('ok');
    const id = await activeGrant('member-readonly', 'denied');
    const grant = (await new AccessFlow(t.bot.services).store.get(id))!;
    accounts
      .get(MEMBER)!
      .putFaults.push(
        sdkError(
          'AccessDenied',
          `User: arn:aws:sts::${MEMBER}:assumed-role/gdpr-bot-jit-revoker/gdpr-bot-revoke is not authorized to perform: iam:PutRolePolicy (explicit deny in a service control policy)`,
        ),
      );
    await t.command(`access revoke ${id}`, { user: REQUESTER, responseId: 'denied-revoke' });
    expect(await response('denied-revoke')).toMatch(/requested/);

    const [failed] = await waitAudit('access.revocation.failed', id);
    expect(failed?.detail).toMatchObject({ roleArn: MEMBER_ROLE, account: MEMBER, reason: expect.stringMatching(/^AccessDenied: /) });
    expect(await audit('access.revocation.applied', id)).toHaveLength(0);
    const until = new RegExp(`sessions remain valid until <!date\\^${Math.floor(grant.grantEnd! / 1000)}\\^`);
    await t.slack.waitFor(() => posted('C0000AUDT', until).length > 0 && posted(REQUESTER_DM, until).length > 0, 'the alerts');
    expect(JSON.stringify(posted('C0000AUDT', until)[0]!.args.blocks)).toContain(`/gdpr access revoke ${id}`);
    expect(await metric('gdpr_bot_access_revocations_unresolved')).toBe(1);
    expect(await metric('gdpr_bot_access_revocations_total{outcome="failed"}')).toBe(1);
    expect(await health()).toMatchObject({ code: 200, body: { status: 'degraded', redis: 'up', failedRevocations: 1 } });

    // Fixed by hand; the revoker asks again: in force, and the bot is healthy again.
    await t.command(`access revoke ${id}`, { user: REQUESTER, responseId: 'denied-retry' });
    expect(await response('denied-retry')).toMatch(/trying again/);
    await waitAudit('access.revocation.applied', id);
    expect(denied(policyIn(MEMBER, 'gdpr-jit-readonly'), { sourceIdentity: REQUESTER, requestId: id, issuedAt: Date.now() })).toBe(true);
    expect(await metric('gdpr_bot_access_revocations_unresolved')).toBe(0);
    expect((await health()).body).toMatchObject({ status: 'ok', redis: 'up', role: 'all' });
    expect((await health()).body).not.toHaveProperty('failedRevocations');
  });

  it('the role’s inline policies over their size limit (LimitExceeded) fail loudly at once, not into a log line', async () => {
    const id = await activeGrant('member-readonly', 'full');
    accounts.get(MEMBER)!.putFaults.push(sdkError('LimitExceededException', 'Maximum policy size of 10240 bytes exceeded for role gdpr-jit-readonly'));
    await t.command(`access revoke ${id}`, { user: REQUESTER, responseId: 'full-revoke' });
    const [failed] = await waitAudit('access.revocation.failed', id);
    expect(failed?.detail).toMatchObject({ reason: expect.stringMatching(/^LimitExceededException: /), attempts: 1 });
    await t.slack.waitFor(() => posted('C0000AUDT', new RegExp(`FAILED.*${id}`)).length > 0, 'the alert');
    expect(await health()).toMatchObject({ body: { status: 'degraded', failedRevocations: 1 } });
  });

  it('a member role that is not the grant’s under that name (another path) is refused before anything is written', async () => {
    const id = await activeGrant('member-ops', 'mismatch');
    await t.command(`access revoke ${id}`, { user: REQUESTER, responseId: 'mismatch-revoke' });
    const [failed] = await waitAudit('access.revocation.failed', id);
    expect(failed?.detail).toMatchObject({
      reason: expect.stringContaining(`role arn:aws:iam::${MEMBER}:role/other/gdpr-jit-ops where the grant's role is ${MEMBER_OPS}`),
    });
    expect(policyIn(MEMBER, 'gdpr-jit-ops')).toBeUndefined();
    expect(policyIn(SELF, 'gdpr-jit-ops')).toBeUndefined();
    expect(await health()).toMatchObject({ body: { status: 'degraded', failedRevocations: 2 } });
  });

  it('throttling is retried by the job, and only the final outcome is announced', async () => {
    const id = await activeGrant('member-readonly', 'throttled');
    accounts.get(MEMBER)!.putFaults.push(sdkError('Throttling', 'Rate exceeded'));
    await t.command(`access revoke ${id}`, { user: REQUESTER, responseId: 'throttled-revoke' });
    const [applied] = await waitAudit('access.revocation.applied', id);
    expect(applied?.detail).toMatchObject({ account: MEMBER, readBack: true });
    expect(await audit('access.revocation.failed', id)).toHaveLength(0);
  });
  it('a revocation whose Slack updates fail right after the state change still denies the sessions (Slack down for conversations.open)', async () => {
    const id = await activeGrant('member-readonly', 'slackdown');
    // The requester's DM channel is not remembered, and Slack cannot open it now.
    await t.bot.services.redis.del(t.bot.services.keys.key('slack', 'dm', REQUESTER));
    t.slack.failNext('conversations.open', { times: 20, status: 200, error: 'fatal_error' });
    await t.command(`access revoke ${id}`, { user: REQUESTER, responseId: 'slackdown-revoke' });
    expect(await response('slackdown-revoke')).toMatch(/requested/);
    expect((await new AccessFlow(t.bot.services).store.get(id))?.status).toBe('revoked');
    const [applied] = await waitAudit('access.revocation.applied', id);
    expect(applied?.detail).toMatchObject({ account: MEMBER, readBack: true });
    expect(denied(policyIn(MEMBER, 'gdpr-jit-readonly'), { sourceIdentity: REQUESTER, requestId: id, issuedAt: Date.now() - 60_000 })).toBe(true);
    t.slack.clearFaults('conversations.open');
  });
  it('a revocation whose job stalled past the limit (its workers died) fails loudly, not into a log line', async () => {
    const id = await activeGrant('member-readonly', 'stalled');
    const queue = t.bot.services.queues.get('access-revoke');
    // No worker may take the revoke job until it looks the way BullMQ leaves a job that stalled too often.
    await queue.pause();
    try {
      await t.command(`access revoke ${id}`, { user: REQUESTER, responseId: 'stalled-revoke' });
      expect(await response('stalled-revoke')).toMatch(/requested/);
      let job;
      for (let i = 0; i < 200 && !job; i++) {
        job = (await queue.getJobs(['wait', 'prioritized'])).find((j) => j?.name === 'revoke' && j.data.grantId === id);
        if (!job) await new Promise((r) => setTimeout(r, 20));
      }
      expect(job).toBeDefined();
      // What moveStalledJobsToWait writes when a job exceeds maxStalledCount: the next worker fails it unrun.
      await t.bot.services.redis.hset(`${queue.opts.prefix}:access-revoke:${job!.id}`, 'defa', 'job stalled more than allowable limit');
    } finally {
      await queue.resume();
    }
    const [failed] = await waitAudit('access.revocation.failed', id);
    expect(failed?.detail).toMatchObject({ reason: expect.stringMatching(/stalled/) });
    await t.slack.waitFor(() => posted('C0000AUDT', new RegExp(`FAILED.*${id}`)).length > 0, 'the alert');
    expect(JSON.stringify(posted('C0000AUDT', new RegExp(`FAILED.*${id}`))[0]!.args)).toMatch(/sessions remain valid until/);
    expect(await health()).toMatchObject({ body: { status: 'degraded' } });
    expect(await audit('access.revocation.applied', id)).toHaveLength(0);
  });
  it('a revoked grant whose record is then edited in Redis cannot be revoked: that fails loudly, never silently', async () => {
    const id = await activeGrant('member-readonly', 'edited');
    const key = t.bot.services.keys.key('access', 'req', id);
    // Someone with write access to Redis edits the grant (here: its role) before the revoke job reads it.
    const raw = JSON.parse((await t.bot.services.redis.get(key))!) as Record<string, unknown>;
    await t.bot.services.redis.set(key, JSON.stringify({ ...raw, status: 'revoked', roleArn: `arn:aws:iam::${SELF}:role/gdpr-jit-readonly` }));
    await t.bot.services.queues
      .get('access-revoke')
      .add('revoke', { grantId: id }, { jobId: `revoke-${id}-edited`, attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    const [failed] = await waitAudit('access.revocation.failed', id);
    expect(failed?.detail).toMatchObject({ reason: expect.stringMatching(/integrity/) });
    await t.slack.waitFor(() => posted('C0000AUDT', new RegExp(`FAILED.*${id}`)).length > 0, 'the alert');
    expect(JSON.stringify(posted('C0000AUDT', new RegExp(`FAILED.*${id}`))[0]!.args)).toMatch(/sessions may remain valid until/);
    expect(await health()).toMatchObject({ body: { status: 'degraded' } });
    // Nothing was written with the edited record's role.
    expect(policyIn(SELF, 'gdpr-jit-readonly')).toBeUndefined();
  });
});
