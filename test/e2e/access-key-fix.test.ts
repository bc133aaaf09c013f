import {
  DeleteLoginProfileCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
  type AccessKeyMetadata,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultStore } from '../../src/checks/store.js';
import { requestStore } from '../../src/remediations/requests.js';
import { encodeFixValue } from '../../src/checks/messages.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { credentialReportCsv } from '../helpers/credential-report.js';
import { buttonClick } from '../helpers/slack-request.js';

const ACCOUNT = '111122223333';
const REQUESTER = 'U0000USER';
const APPROVER = 'U0000APPR2';
const APPROVALS = 'C0000APPR';
const STATUS_CHANNEL = 'C0000STAT';
const DAY = 86_400_000;

const arn = (user: string) => `arn:aws:iam::${ACCOUNT}:user/${user}`;
const OLD = 'AKIAOLDKEYEXAMPLE001'; // alice: 200 days old, the one the check flags
const FRESH = 'AKIAFRESHEXAMPLE0002'; // alice: 5 days old, must never be touched
const BOB = 'AKIABOBKEYEXAMPLE003'; // bob: named explicitly with /gdpr fix
const CAROL = 'AKIACAROLEXAMPLE0004'; // carol: flagged as unused, but used again since the scan
const DAVE_1 = 'AKIADAVEONEEXAMPLE05'; // dave (a console user): active, used last week
const DAVE_2 = 'AKIADAVETWOEXAMPLE06'; // dave: active, never used
const DAVE_OFF = 'AKIADAVEOFFEXAMPLE07'; // dave: already inactive
const DAVE_NEW = 'AKIADAVENEWEXAMPLE08'; // dave: created after the plan, must never be touched
const ERIN = 'AKIAERINKEYEXAMPLE09'; // erin: used last week; her console password has not been used for 200 days
const GINA = 'AKIAGINAKEYEXAMPLE10'; // gina: unused for 150 days, named explicitly; her stale password must stay

/**
 * The **Fix** button of the access key checks, end to end: the stored failing result names a user,
 * not a key (the credential report has no key ids); the plan job picks the key, the approver sees
 * it, and the apply job deactivates exactly that key. IAM is mocked with state, so verification (a
 * re-read of the keys) sees what apply did.
 */
describe('access key fixes from a stored check result, through the real app, Redis and worker', () => {
  const iam = mockClient(IAMClient);
  const keys = new Map<string, AccessKeyMetadata[]>();
  const lastUsed = new Map<string, Date>();
  /** Login profiles (console passwords) by user: creation and last use. */
  const profiles = new Map<string, { created: Date; used?: Date }>();
  let t: TestBot;
  let clicks = 0;

  beforeAll(async () => {
    const now = Date.now();
    keys.set('alice', [
      { UserName: 'alice', AccessKeyId: OLD, Status: 'Active', CreateDate: new Date(now - 200 * DAY) },
      { UserName: 'alice', AccessKeyId: FRESH, Status: 'Active', CreateDate: new Date(now - 5 * DAY) },
    ]);
    keys.set('bob', [{ UserName: 'bob', AccessKeyId: BOB, Status: 'Active', CreateDate: new Date(now - 10 * DAY) }]);
    keys.set('carol', [{ UserName: 'carol', AccessKeyId: CAROL, Status: 'Active', CreateDate: new Date(now - 300 * DAY) }]);
    keys.set('dave', [
      { UserName: 'dave', AccessKeyId: DAVE_1, Status: 'Active', CreateDate: new Date(now - 30 * DAY) },
      { UserName: 'dave', AccessKeyId: DAVE_2, Status: 'Active', CreateDate: new Date(now - 2 * DAY) },
      { UserName: 'dave', AccessKeyId: DAVE_OFF, Status: 'Inactive', CreateDate: new Date(now - 400 * DAY) },
    ]);
    lastUsed.set(DAVE_1, new Date(now - 7 * DAY));
    lastUsed.set(OLD, new Date(now - 3 * DAY));
    lastUsed.set(CAROL, new Date(now - DAY));
    keys.set('erin', [{ UserName: 'erin', AccessKeyId: ERIN, Status: 'Active', CreateDate: new Date(now - 400 * DAY) }]);
    lastUsed.set(ERIN, new Date(now - 7 * DAY));
    profiles.set('erin', { created: new Date(now - 500 * DAY), used: new Date(now - 200 * DAY) });
    keys.set('gina', [{ UserName: 'gina', AccessKeyId: GINA, Status: 'Active', CreateDate: new Date(now - 150 * DAY) }]);
    profiles.set('gina', { created: new Date(now - 300 * DAY) });
    const noProfile = (user: string) =>
      Object.assign(new Error(`Login Profile for User ${user} cannot be found.`), { name: 'NoSuchEntity', $metadata: { httpStatusCode: 404 } });
    iam.on(GetLoginProfileCommand).callsFake((input: { UserName: string }) => {
      const p = profiles.get(input.UserName);
      if (!p) throw noProfile(input.UserName);
      return { LoginProfile: { UserName: input.UserName, CreateDate: p.created, PasswordResetRequired: false } };
    });
    // The credential report, as the scan left it: each password last set when its login profile was created.
    iam.on(GetCredentialReportCommand).callsFake(() => ({
      Content: new TextEncoder().encode(
        credentialReportCsv(
          [...profiles].map(([user, p]) => ({
            user,
            arn: arn(user),
            created: new Date(now - 900 * DAY),
            passwordLastChanged: p.created,
            ...(p.used ? { passwordLastUsed: p.used } : {}),
          })),
        ),
      ),
      ReportFormat: 'text/csv',
      GeneratedTime: new Date(now - 3_600_000),
    }));
    iam.on(GetUserCommand).callsFake((input: { UserName: string }) => {
      const used = profiles.get(input.UserName)?.used;
      return {
        User: {
          UserName: input.UserName,
          UserId: 'AIDAEXAMPLE000000001',
          Arn: arn(input.UserName),
          Path: '/',
          CreateDate: new Date(now - 900 * DAY),
          ...(used ? { PasswordLastUsed: used } : {}),
        },
      };
    });
    iam.on(DeleteLoginProfileCommand).callsFake((input: { UserName: string }) => {
      if (!profiles.delete(input.UserName)) throw noProfile(input.UserName);
      return {};
    });
    iam.on(ListAccessKeysCommand).callsFake((input: { UserName: string }) => ({ AccessKeyMetadata: keys.get(input.UserName) ?? [], IsTruncated: false }));
    iam.on(GetAccessKeyLastUsedCommand).callsFake((input: { AccessKeyId: string }) => {
      const at = lastUsed.get(input.AccessKeyId);
      return { AccessKeyLastUsed: at ? { LastUsedDate: at, ServiceName: 's3', Region: 'eu-west-1' } : { ServiceName: 'N/A', Region: 'N/A' } };
    });
    iam.on(UpdateAccessKeyCommand).callsFake((input: { UserName: string; AccessKeyId: string; Status: 'Active' | 'Inactive' }) => {
      keys.set(
        input.UserName,
        (keys.get(input.UserName) ?? []).map((k) => (k.AccessKeyId === input.AccessKeyId ? { ...k, Status: input.Status } : k)),
      );
      return {};
    });
    t = await startTestBot();
    // What a scan would have stored from the credential report: users, no key ids.
    await new ResultStore(t.bot.services.redis, t.bot.services.keys).saveResults('scan-seed', new Date().toISOString(), [
      {
        checkId: 'iam_user_access_keys_rotated',
        accountId: ACCOUNT,
        region: 'global',
        status: 'fail',
        resource: arn('alice'),
        message: `IAM user alice (${arn('alice')}) has access key(s) older than 90 days: key 1 (200 days).`,
      },
      {
        checkId: 'iam_user_access_keys_rotated',
        accountId: ACCOUNT,
        region: 'global',
        status: 'fail',
        resource: arn('bob'),
        message: `IAM user bob (${arn('bob')}) has access key(s) older than 90 days: key 1 (? days).`,
      },
      {
        checkId: 'iam_user_unused_credentials',
        accountId: ACCOUNT,
        region: 'global',
        status: 'fail',
        resource: arn('carol'),
        message: `IAM user carol (${arn('carol')}) has unused credentials: access key 1 unused for 300 days.`,
      },
      {
        checkId: 'iam_user_console_users_without_keys',
        accountId: ACCOUNT,
        region: 'global',
        status: 'fail',
        resource: arn('dave'),
        message: `Console user dave (${arn('dave')}) also has 2 active access key(s).`,
      },
      {
        checkId: 'iam_user_unused_credentials',
        accountId: ACCOUNT,
        region: 'global',
        status: 'fail',
        resource: arn('erin'),
        message: `IAM user erin (${arn('erin')}) has unused credentials: password unused for 200 days.`,
      },
      {
        checkId: 'iam_user_unused_credentials',
        accountId: ACCOUNT,
        region: 'global',
        status: 'fail',
        resource: arn('gina'),
        message: `IAM user gina (${arn('gina')}) has unused credentials: password unused for 300 days, access key 1 unused for 150 days.`,
      },
    ]);
  });
  afterAll(async () => {
    await t?.close();
    iam.restore();
  });

  const updates = () => iam.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input);
  const statusOf = (user: string, id: string) => keys.get(user)?.find((k) => k.AccessKeyId === id)?.Status;

  async function click(actionId: string, value: string, userId: string, extra: { channelId?: string; messageTs?: string } = {}): Promise<string> {
    const id = `click-${++clicks}`;
    await t.post(buttonClick({ actionId, value, userId, responseUrl: t.slack.responseUrl(id), ...extra }));
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), `the answer to ${actionId} by ${userId}`);
    return String(t.slack.responses.find((r) => r.id === id)!.body.text);
  }
  const requestIdIn = (text: string) => {
    const id = /`(R[0-9A-F]{10})`/.exec(text)?.[1];
    expect(id, text).toBeDefined();
    return id!;
  };
  const approvalText = (requestId: string) =>
    JSON.stringify(
      t.slack.calls
        .filter(
          (c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === APPROVALS && JSON.stringify(c.args).includes(requestId),
        )
        .at(-1)?.args.blocks ?? [],
    );

  it('Fix → the plan lists the old key → Approve by a second person → exactly that key is deactivated and verified; the fresh key is never touched', async () => {
    const value = encodeFixValue({ checkId: 'iam_user_access_keys_rotated', accountId: ACCOUNT, region: 'global', resource: arn('alice') })!;
    const requested = await click('remediation_fix', value, REQUESTER, { channelId: STATUS_CHANNEL, messageTs: '1700000700.000100' });
    expect(requested).not.toMatch(/access_key_id/); // no "name the key" hint any more
    const id = requestIdIn(requested);

    await t.slack.waitFor(() => approvalText(id).includes('remediation_approve'), 'the approval message with its plan and buttons');
    const plan = approvalText(id);
    expect(plan).toContain(`One active access key of alice is older than 90 days: ${OLD} (created`);
    expect(plan).toContain('200 days ago; last used');
    expect(plan).toContain(`\\"AccessKeyId\\": \\"${OLD}\\"`); // the exact call
    expect(plan).not.toContain(`\\"AccessKeyId\\": \\"${FRESH}\\"`);
    expect(plan).toContain(`Stays active: ${FRESH}`);
    expect(plan).toContain(`key ${OLD}`); // *Where:* names the recorded key
    expect(updates()).toEqual([]); // nothing changes before an approval

    expect(await click('remediation_approve', id, REQUESTER, { channelId: APPROVALS })).toMatch(/cannot approve your own request/);
    expect(await click('remediation_approve', id, APPROVER, { channelId: APPROVALS })).toMatch(/You approved request/);
    await t.slack.waitFor(() => approvalText(id).includes('Fixed and verified'), 'the approval message to show the fix verified');

    expect(updates()).toEqual([{ UserName: 'alice', AccessKeyId: OLD, Status: 'Inactive' }]);
    expect(statusOf('alice', FRESH)).toBe('Active');
    const request = await requestStore(t.bot.services).get(id);
    expect(request).toMatchObject({
      status: 'succeeded',
      target: { resource: arn('alice'), keySelector: { kind: 'older-than', days: 90 }, accessKeyIds: [OLD] },
    });
    expect(request?.verification).toEqual({ status: 'pass', message: `Access key ${OLD} of alice is Inactive.` });
    expect(approvalText(id)).toContain(`Access key ${OLD} of alice is now inactive (not deleted).`);
    await t.slack.waitFor(
      () =>
        t.slack
          .callsTo('chat.postMessage')
          .some((c) => c.args.channel === STATUS_CHANNEL && c.args.thread_ts === '1700000700.000100' && /done and verified/.test(String(c.args.text))),
      'the requester to be told in the thread',
    );
    const applied = (await t.bot.services.audit.tail(500)).find((e) => e.subject === id && e.action === 'remediation.applied');
    expect(applied?.detail).toMatchObject({ target: { accessKeyIds: [OLD] }, outcome: 'changed' });
  });

  it('the explicit form /gdpr fix <check> <user> <access_key_id> still deactivates the named key', async () => {
    const before = updates().length;
    const answer = await t.ask(`fix iam_user_access_keys_rotated bob ${BOB}`, { user: REQUESTER });
    const id = requestIdIn(String(answer.text));
    await t.slack.waitFor(() => approvalText(id).includes('remediation_approve'), 'the approval message');
    expect(approvalText(id)).toContain(`Access key ${BOB} (created`);
    expect(await click('remediation_approve', id, APPROVER, { channelId: APPROVALS })).toMatch(/You approved request/);
    await t.slack.waitFor(() => approvalText(id).includes('Fixed and verified'), 'the fix to be verified');
    expect(updates().slice(before)).toEqual([{ UserName: 'bob', AccessKeyId: BOB, Status: 'Inactive' }]);
    expect(statusOf('alice', FRESH)).toBe('Active');
  });

  it('a key that no longer matches at plan time: the plan says "already compliant" and approving changes nothing', async () => {
    const before = updates().length;
    const value = encodeFixValue({ checkId: 'iam_user_unused_credentials', accountId: ACCOUNT, region: 'global', resource: arn('carol') })!;
    const id = requestIdIn(await click('remediation_fix', value, REQUESTER, { channelId: STATUS_CHANNEL }));
    await t.slack.waitFor(() => approvalText(id).includes('remediation_approve'), 'the approval message');
    expect(approvalText(id)).toContain(
      'carol has no console password (login profile). No active access key of carol is unused for more than 90 days. Nothing to change: already compliant.',
    );
    expect(approvalText(id)).toContain('Nothing to change');
    expect(await click('remediation_approve', id, APPROVER, { channelId: APPROVALS })).toMatch(/You approved request/);
    await t.slack.waitFor(() => approvalText(id).includes('Fixed and verified'), 'the request to finish');
    expect(updates().length).toBe(before);
    expect(statusOf('carol', CAROL)).toBe('Active');
  });

  it('Fix on a console user with keys → the plan lists every active key (not the inactive one) → Approve → exactly those are deactivated; a key created meanwhile stays active', async () => {
    const before = updates().length;
    const value = encodeFixValue({ checkId: 'iam_user_console_users_without_keys', accountId: ACCOUNT, region: 'global', resource: arn('dave') })!;
    const requested = await click('remediation_fix', value, REQUESTER, { channelId: STATUS_CHANNEL });
    expect(requested).not.toMatch(/access_key_id/);
    const id = requestIdIn(requested);

    await t.slack.waitFor(() => approvalText(id).includes('remediation_approve'), 'the approval message with its plan and buttons');
    const plan = approvalText(id);
    expect(plan).toContain(`dave has 2 active access keys: ${DAVE_1} (created`);
    expect(plan).toContain(`; ${DAVE_2} (created`);
    expect(plan).toContain(`\\"AccessKeyId\\": \\"${DAVE_1}\\"`);
    expect(plan).toContain(`\\"AccessKeyId\\": \\"${DAVE_2}\\"`);
    expect(plan).not.toContain(DAVE_OFF);
    expect(plan).toContain(`keys ${DAVE_1}, ${DAVE_2}`); // *Where:* names the recorded keys
    expect(updates().length).toBe(before);

    // A key created after the approver saw the plan is not part of what they approved.
    keys.set('dave', [...keys.get('dave')!, { UserName: 'dave', AccessKeyId: DAVE_NEW, Status: 'Active', CreateDate: new Date() }]);
    expect(await click('remediation_approve', id, APPROVER, { channelId: APPROVALS })).toMatch(/You approved request/);
    await t.slack.waitFor(() => approvalText(id).includes('Fixed and verified'), 'the approval message to show the fix verified');

    expect(updates().slice(before)).toEqual([
      { UserName: 'dave', AccessKeyId: DAVE_1, Status: 'Inactive' },
      { UserName: 'dave', AccessKeyId: DAVE_2, Status: 'Inactive' },
    ]);
    expect(statusOf('dave', DAVE_NEW)).toBe('Active');
    const request = await requestStore(t.bot.services).get(id);
    expect(request).toMatchObject({ status: 'succeeded', target: { resource: arn('dave'), keySelector: { kind: 'active' }, accessKeyIds: [DAVE_1, DAVE_2] } });
  });
  it('Fix on a user whose only unused credential is the console password → the plan deletes the login profile → Approve by a second person → removed and verified; the key in use stays', async () => {
    const before = updates().length;
    const value = encodeFixValue({ checkId: 'iam_user_unused_credentials', accountId: ACCOUNT, region: 'global', resource: arn('erin') })!;
    const requested = await click('remediation_fix', value, REQUESTER, { channelId: STATUS_CHANNEL, messageTs: '1700000800.000100' });
    expect(requested).not.toMatch(/console password \(login profile\) in IAM/); // no refusal any more
    const id = requestIdIn(requested);

    await t.slack.waitFor(() => approvalText(id).includes('remediation_approve'), 'the approval message with its plan and buttons');
    const plan = approvalText(id);
    expect(plan).toContain('The console password of erin was last used');
    expect(plan).toContain('200 days ago: unused for more than 90 days.');
    expect(plan).toContain('iam:DeleteLoginProfile');
    expect(plan).toContain('erin can no longer sign in to the AWS console until an admin sets a new one');
    expect(plan).toContain(`Stays active: ${ERIN}`);
    expect(plan).toContain(`${arn('erin')} · console password · account ${ACCOUNT}`); // *Where:* names what the plan recorded
    expect(iam.commandCalls(DeleteLoginProfileCommand)).toHaveLength(0); // nothing changes before an approval

    expect(await click('remediation_approve', id, REQUESTER, { channelId: APPROVALS })).toMatch(/cannot approve your own request/);
    expect(await click('remediation_approve', id, APPROVER, { channelId: APPROVALS })).toMatch(/You approved request/);
    await t.slack.waitFor(() => approvalText(id).includes('Fixed and verified'), 'the approval message to show the fix verified');

    expect(iam.commandCalls(DeleteLoginProfileCommand).map((c) => c.args[0].input)).toEqual([{ UserName: 'erin' }]);
    expect(profiles.has('erin')).toBe(false);
    expect(updates().length).toBe(before);
    expect(statusOf('erin', ERIN)).toBe('Active');
    const request = await requestStore(t.bot.services).get(id);
    expect(request).toMatchObject({
      status: 'succeeded',
      remediation: 'iam-remove-unused-credentials',
      target: { resource: arn('erin'), keySelector: { kind: 'unused-for', days: 90 }, accessKeyIds: [], removeLoginProfile: true },
    });
    expect(request?.verification?.status).toBe('pass');
    expect(request?.verification?.message).toContain('erin has no console password (login profile).');
    expect(approvalText(id)).toContain('The console password of erin is removed: they can no longer sign in to the console until an admin sets a new one.');
    const audit = (await t.bot.services.audit.tail(500)).filter((e) => e.subject === id);
    const applied = audit.find((e) => e.action === 'remediation.applied');
    expect(applied?.detail).toMatchObject({
      remediation: 'iam-remove-unused-credentials',
      outcome: 'changed',
      calls: [{ action: 'iam:DeleteLoginProfile', params: { UserName: 'erin' } }],
      previous: { loginProfile: { existed: true, passwordLastUsed: expect.any(String) as unknown } },
    });
    expect(audit.find((e) => e.action === 'remediation.verified')?.detail).toMatchObject({ status: 'pass' });
  });

  it('/gdpr fix iam_user_unused_credentials <user> <access_key_id> still deactivates exactly that key and leaves the console password alone', async () => {
    const before = updates().length;
    const deletesBefore = iam.commandCalls(DeleteLoginProfileCommand).length;
    const answer = await t.ask(`fix iam_user_unused_credentials gina ${GINA}`, { user: REQUESTER });
    const id = requestIdIn(String(answer.text));
    await t.slack.waitFor(() => approvalText(id).includes('remediation_approve'), 'the approval message');
    expect(approvalText(id)).not.toContain('DeleteLoginProfile');
    expect(await click('remediation_approve', id, APPROVER, { channelId: APPROVALS })).toMatch(/You approved request/);
    await t.slack.waitFor(() => approvalText(id).includes('Fixed and verified'), 'the fix to be verified');
    expect(updates().slice(before)).toEqual([{ UserName: 'gina', AccessKeyId: GINA, Status: 'Inactive' }]);
    expect(iam.commandCalls(DeleteLoginProfileCommand).length).toBe(deletesBefore);
    expect(profiles.has('gina')).toBe(true);
    expect(await requestStore(t.bot.services).get(id)).toMatchObject({ remediation: 'iam-deactivate-access-key', target: { accessKeyId: GINA } });
  });
});
