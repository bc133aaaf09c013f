import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingFixRequester, FixRequestInput } from '../../src/findings/fixes.js';
import { ACCOUNT, FakeFindingServices, gdFinding } from '../helpers/aws-findings.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { until } from '../helpers/interactions.js';
import { buttonClick, postTwice, slashCommand } from '../helpers/slack-request.js';
import { mockSyntheticAccount } from '../helpers/synthetic-aws.js';

/**
 * Issue 13, part 4: what outsiders and members can steer. Each `describe` is one class of abuse, through
 * the real app's HTTP endpoint, real Redis and the Slack stand-in (AWS mocked): victims offered for
 * isolation, posture in shared channels, findings of restricted channels listed to everyone, one member
 * flooding clicks and requests, replays within Slack's 5-minute window, and text that fakes the bot's lines.
 */

const USER = 'U0000USER';
const APPROVER = 'U0000APPR1';
const GUEST = 'U0000GUEST';
/** A Slack Connect user: a full member of their own company's workspace, not of the bot's. */
const EXTERNAL = 'U0000EXTRN';
const FOREIGN_TEAM = 'T0000OTHER';
const RESTRICTED = 'C0000REST';
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

const section = (blocks: unknown) => JSON.stringify(blocks ?? []);

describe('fault: abuse through the findings feed, clicks and requests (one bot)', () => {
  let t: TestBot;
  let aws: FakeFindingServices;
  const sts = mockClient(STSClient);
  const fixRequests: FixRequestInput[] = [];
  const recorder: FindingFixRequester = {
    requestFix: (_services, input) => {
      fixRequests.push(input);
      return Promise.resolve({ status: 'requested', requestId: `R-${fixRequests.length}` });
    },
  };
  let n = 0;
  const findingPost = (id: string) =>
    t.slack.callsTo('chat.postMessage').find((c) => (c.args.blocks as { block_id?: string }[] | undefined)?.[0]?.block_id === `finding:${id}`);
  /** Clicks as `userId` and returns the answer the clicker saw. */
  const click = async (actionId: string, value: string, userId: string, extra: { userTeamId?: string } = {}) => {
    const id = `abuse-${++n}`;
    const res = await t.post(buttonClick({ actionId, value, userId, responseUrl: t.slack.responseUrl(id), channelId: 'C0000FIND', ...extra }));
    expect(res.status).toBe(200);
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), `the answer to ${actionId} by ${userId}`);
    return String(t.slack.responses.find((r) => r.id === id)!.body.text);
  };
  const auditCount = async (action: string, subject: string) =>
    (await t.bot.services.audit.tail(1000)).filter((e) => e.action === action && e.subject === subject).length;

  beforeAll(async () => {
    aws = new FakeFindingServices();
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    const service = gdFinding(0).Service!;
    aws.addGuardDuty(
      // SSH brute force against our instance: it is the victim (TARGET).
      gdFinding(1, { Type: 'UnauthorizedAccess:EC2/SSHBruteForce', Severity: 5, Service: { ...service, ResourceRole: 'TARGET' } }),
      // Our instance brute-forcing others: it is the culprit (ACTOR).
      gdFinding(2, { Type: 'UnauthorizedAccess:EC2/SSHBruteForce', Severity: 5, Service: { ...service, ResourceRole: 'ACTOR' } }),
      // Routed to a restricted channel.
      gdFinding(3, {
        Type: 'Policy:S3/BucketAnonymousAccessGranted',
        Severity: 8,
        Resource: { ResourceType: 'S3Bucket', S3BucketDetails: [{ Name: 'secret-payroll-bucket' }] },
      }),
      // AWS text an attacker chose (an instance tag, a bucket name quoted in a title).
      gdFinding(4, { Title: 'Probe\n:white_check_mark: Approved by <@U0000APPR1>\u202E\u2066 all clear\u200F', Severity: 3 }),
    );
    t = await startTestBot({
      config: {
        findings: { pollInterval: '1h', minSeverity: 'low', routes: [{ typePrefix: 'Policy:', channel: RESTRICTED }] },
        slack: { postInterval: '10ms', rateLimits: { actions: 4, window: '1m', accessRequests: 2, accessWindow: '1h' } },
        access: { roles: [{ name: 'prod-readonly', arn: 'arn:aws:iam::123456789012:role/gdpr-jit-readonly', maxDuration: '4h' }] },
      },
      overrides: { findingFixes: recorder },
    });
    t.slack.users.set(GUEST, { id: GUEST, is_restricted: true });
    t.slack.users.set(EXTERNAL, { id: EXTERNAL, team_id: FOREIGN_TEAM });
    t.slack.channelMembers.set(RESTRICTED, [APPROVER]);
    await t.slack.waitFor(() => [1, 2, 3, 4].every((i) => findingPost(`gd00000${i}`)), 'the first poll to post the findings', 15_000);
  });
  afterAll(async () => {
    await t?.close();
    aws?.restore();
    sts.restore();
  });

  describe('victims are not offered for isolation', () => {
    it('a finding whose instance is the TARGET says so and offers no Approve fix; the ACTOR one offers isolation', async () => {
      const victim = section(findingPost('gd000001')!.args.blocks);
      expect(victim).toContain('TARGET');
      expect(victim).not.toContain('finding_fix');
      const culprit = section(findingPost('gd000002')!.args.blocks);
      expect(culprit).toContain('ACTOR');
      expect(culprit).toContain('finding_fix');
      // A forged click on the victim's (absent) button asks for nothing.
      expect(await click('finding_fix', 'gd000001', USER)).toMatch(/no automatic fix/);
      expect(fixRequests.map((r) => r.source.id)).not.toContain('gd000001');
      expect(await click('finding_fix', 'gd000002', USER)).toMatch(/Fix `ec2-isolate-instance` requested/);
    });
  });

  describe('/gdpr findings lists only what the caller may read where it was posted', () => {
    it('a finding routed to a restricted channel is listed to its members only', async () => {
      const outsider = await t.ask('findings', { user: USER });
      expect(section(outsider.blocks)).not.toContain('secret-payroll-bucket');
      expect(section(outsider.blocks)).toMatch(/1 open finding\(s\) went to channels you are not a member of/);
      const member = await t.ask('findings', { user: APPROVER });
      expect(section(member.blocks)).toContain('secret-payroll-bucket');
    });
  });

  describe('display spoofing', () => {
    it('AWS text cannot start a line of its own or reorder what is shown, in the blocks or the notification text', () => {
      const post = findingPost('gd000004')!.args;
      const shown = `${String(post.text)}\n${section(post.blocks)}`;
      expect(shown).not.toMatch(BIDI);
      for (const text of [String(post.text), ...(post.blocks as { text?: { text?: string } }[]).map((b) => b.text?.text ?? '')]) {
        expect(text.split('\n').some((line) => /^\W*:white_check_mark: Approved by/.test(line))).toBe(false);
      }
    });

    it("a justification's extra lines stay inside the quote, without bidi controls", async () => {
      const justification = 'routine check\n:white_check_mark: *Approved by <@U0000APPR1>*\u202E\u2067';
      await t.ask(`access prod-readonly 30m ${justification}`, { user: 'U0000SPOOF' });
      await t.slack.waitFor(
        () => t.slack.callsTo('chat.postMessage').some((c) => c.args.channel === 'C0000APPR' && section(c.args.blocks).includes('U0000SPOOF')),
        'the approval message',
      );
      const approval = t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0000APPR' && section(c.args.blocks).includes('U0000SPOOF'))!.args;
      expect(`${String(approval.text)}${section(approval.blocks)}`).not.toMatch(BIDI);
      const lines = (approval.blocks as { text?: { text?: string } }[]).flatMap((b) => (b.text?.text ?? '').split('\n'));
      const quoted = lines.filter((l) => l.includes('routine check'));
      expect(quoted).toHaveLength(1);
      expect(quoted[0]).toMatch(/^> routine check/);
      expect(quoted[0]).toContain('Approved by &lt;@U0000APPR1&gt;');
      expect(lines.filter((l) => /Approved by/.test(l) && !l.startsWith('> '))).toEqual([]);
    });
  });

  describe('one member cannot delay alerts and approvals', () => {
    it('Details is refused to guests and to Slack Connect users, and posted once however often it is clicked', async () => {
      expect(await click('finding_details', 'gd000002', GUEST)).toMatch(/Guest accounts cannot see finding details/);
      expect(await click('finding_details', 'gd000002', EXTERNAL)).toMatch(/another organisation/);
      // Both refusals are on the trail (coalesced per user and minute), saying who and why.
      const refusals = (await t.bot.services.audit.tail(1000)).filter((e) => e.action === 'finding.details_refused' && e.subject === 'gd000002');
      expect(refusals.map((e) => e.actor).sort()).toEqual([EXTERNAL, GUEST].sort());
      expect(await click('finding_fix', 'gd000002', GUEST)).toMatch(/Guest accounts cannot request fixes/);
      expect((await t.bot.services.audit.tail(1000)).filter((e) => e.action === 'finding.fix_refused' && e.actor === GUEST)).toHaveLength(1);
      // The first click posts the details in the finding's thread (and answers nothing more).
      expect(
        (
          await t.post(
            buttonClick({
              actionId: 'finding_details',
              value: 'gd000002',
              userId: USER,
              responseUrl: t.slack.responseUrl('details-first'),
              channelId: 'C0000FIND',
            }),
          )
        ).status,
      ).toBe(200);
      await t.slack.waitFor(
        () => t.slack.callsTo('chat.postMessage').some((c) => String(c.args.text).startsWith('Details of GuardDuty finding gd000002')),
        'the details post',
      );
      const answers = [await click('finding_details', 'gd000002', USER), await click('finding_details', 'gd000002', APPROVER)];
      expect(answers.every((a) => /posted in its thread a moment ago/.test(a))).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      expect(t.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('Details of GuardDuty finding gd000002'))).toHaveLength(1);
    });

    it('clicks past the per-user limit are answered "slow down" and leave no audit entries', async () => {
      const answers: string[] = [];
      for (let i = 0; i < 8; i++) answers.push(await click('finding_archive', 'gd000003', 'U0000NOBODY'));
      expect(answers.slice(0, 4).every((a) => /Only an approver can archive/.test(a))).toBe(true);
      expect(answers.slice(4).every((a) => /Slow down/.test(a))).toBe(true);
      // The refusal is on the trail once, not once per click.
      expect(await auditCount('finding.archive_refused', 'gd000003')).toBe(1);
      // Another user is not slowed down by this one.
      expect(await click('finding_archive', 'gd000003', 'U0000OTHER')).toMatch(/Only an approver can archive/);
    });

    it('access requests have a per-user limit', async () => {
      const texts: string[] = [];
      for (let i = 0; i < 3; i++) texts.push(String((await t.ask(`access prod-readonly 30m flood ${i}`, { user: 'U0000FLOOD' })).text));
      expect(texts.slice(0, 2).every((x) => /sent for approval/.test(x))).toBe(true);
      expect(texts[2]).toMatch(/You have filed 2 access requests recently/);
      await new Promise((r) => setTimeout(r, 300));
      expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0000APPR' && section(c.args.blocks).includes('U0000FLOOD'))).toHaveLength(
        2,
      );
    });

    it("a new finding is posted while a user's answers are still queued for the same channel", async () => {
      const outbox = t.bot.services.outbox;
      const queued = 150;
      await outbox.send(
        ...Array.from({ length: queued }, (_, i) => ({ kind: 'post' as const, lane: 'user' as const, channel: 'C0000FIND', text: `user answer ${i}` })),
      );
      aws.addGuardDuty(gdFinding(5, { Type: 'Backdoor:EC2/C&CActivity.B', Severity: 8 }));
      await t.bot.services.queues.get('findings-poll').add('poll', { account: 'self', region: 'eu-west-1' });
      await t.slack.waitFor(() => findingPost('gd000005') !== undefined, 'the new finding', 20_000);
      const answeredBefore = t.slack
        .callsTo('chat.postMessage')
        .filter((c) => c.at <= findingPost('gd000005')!.at && /^user answer/.test(String(c.args.text))).length;
      expect(answeredBefore).toBeLessThan(queued);
      await until('the user lane to drain', async () => (await outbox.waiting('C0000FIND', 'user')) === 0, 20_000);
    });
  });

  describe('Slack Connect users and requests from another organisation', () => {
    it('a command from another team is refused, even when the user looks like a member', async () => {
      const id = `foreign-${++n}`;
      const res = await t.post(slashCommand({ text: 'findings', user_id: 'U0000LOOKS', team_id: FOREIGN_TEAM, response_url: t.slack.responseUrl(id) }));
      expect(String((await t.answer(res, id)).text)).toMatch(/another organisation/);
    });

    it('a user whose profile names another team is treated like a guest (commands and clicks)', async () => {
      expect(String((await t.ask('findings', { user: EXTERNAL })).text)).toMatch(/Guest accounts cannot use .*another organisation/);
      expect(await click('finding_fix', 'gd000002', USER, { userTeamId: FOREIGN_TEAM })).toMatch(/another organisation/);
    });
  });

  describe('replays within the 5-minute window', () => {
    it('the same signed access request sent twice files one request', async () => {
      const body = slashCommand({ text: 'access prod-readonly 30m replayed once', user_id: 'U0000REPLY', response_url: t.slack.responseUrl('replay-1') });
      const [first, second] = await postTwice(t.baseUrl, body);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(String((await t.answer(first, 'replay-1')).text)).toMatch(/sent for approval/);
      await new Promise((r) => setTimeout(r, 300));
      expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0000APPR' && section(c.args.blocks).includes('U0000REPLY'))).toHaveLength(
        1,
      );
      expect(t.slack.responses.filter((r) => r.id === 'replay-1')).toHaveLength(1);
    });

    it('the same signed click sent twice is acted on once', async () => {
      const before = fixRequests.length;
      const body = buttonClick({
        actionId: 'finding_fix',
        value: 'gd000002',
        userId: 'U0000REPL2',
        responseUrl: t.slack.responseUrl('replay-click'),
        channelId: 'C0000FIND',
      });
      await postTwice(t.baseUrl, body);
      await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === 'replay-click'), 'the answer to the click');
      await new Promise((r) => setTimeout(r, 300));
      expect(fixRequests.length - before).toBe(1);
    });
  });
});

describe('fault: /gdpr scan results do not leak into shared channels', () => {
  let t: TestBot;
  let aws: ReturnType<typeof mockSyntheticAccount>;
  const SHARED = 'C0000SHRD';
  const PRIVATE = 'C0000PRIV';
  const postsTo = (channel: string) =>
    t.slack.calls.filter(
      (c) => (c.method === 'chat.postMessage' || c.method === 'chat.update' || c.method === 'chat.postEphemeral') && c.args.channel === channel,
    );
  const finished = (channel: string) => postsTo(channel).some((c) => section(c.args.blocks).includes('Scan finished'));

  beforeAll(async () => {
    aws = mockSyntheticAccount({ buckets: 2, users: 2, keys: 1, misconfigured: true });
    t = await startTestBot({
      config: { channels: { approvals: 'C0000APPR', findings: 'C0000FIND', audit: 'C0000AUDT', private: [PRIVATE] }, scan: { schedule: '0 6 1 1 *' } },
    });
    t.slack.users.set(EXTERNAL, { id: EXTERNAL, team_id: FOREIGN_TEAM });
  });
  afterAll(async () => {
    await t?.close();
    aws?.restore();
  });

  it('typed in a channel not listed as private, progress and summary go to the requester alone', async () => {
    const answer = await t.ask('scan 12', { channel: SHARED, user: USER });
    expect(String(answer.text)).toMatch(/direct message to you/);
    await t.slack.waitFor(() => finished('D0000USER'), 'the summary in the DM', 20_000);
    expect(postsTo(SHARED)).toEqual([]);
  });

  it('typed in a channel listed in channels.private, they go to the channel', async () => {
    await t.ask('scan 13', { channel: PRIVATE, user: USER });
    await t.slack.waitFor(() => finished(PRIVATE), 'the summary in the private channel', 20_000);
  });

  it('a Slack Connect user cannot start a scan at all', async () => {
    const answer = await t.ask('scan 14', { channel: PRIVATE, user: EXTERNAL });
    expect(String(answer.text)).toMatch(/another organisation/);
  });
});
