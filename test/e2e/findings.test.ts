import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingFixRequester, FixRequestInput } from '../../src/findings/fixes.js';
import { ACCOUNT, FakeFindingServices, gdFinding, macieFinding } from '../helpers/aws-findings.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { buttonClick } from '../helpers/slack-request.js';

describe('the findings feed through the real app', () => {
  let t: TestBot;
  let aws: FakeFindingServices;
  const sts = mockClient(STSClient);
  const fixRequests: FixRequestInput[] = [];
  const recorder: FindingFixRequester = {
    async requestFix(_services, input) {
      fixRequests.push(input);
      return { status: 'requested', requestId: 'R-1' };
    },
  };
  let clicks = 0;
  const click = async (actionId: string, value: string, userId: string) => {
    const id = `click-${++clicks}`;
    const res = await t.post(buttonClick({ actionId, value, userId, responseUrl: t.slack.responseUrl(id), channelId: 'C0000FIND' }));
    expect(res.status).toBe(200);
    return id;
  };
  const reply = async (id: string) => {
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), `the answer to ${id}`);
    return t.slack.responses.find((r) => r.id === id)!.body;
  };
  const findingPost = (id: string) =>
    t.slack.callsTo('chat.postMessage').find((c) => (c.args.blocks as { block_id?: string }[] | undefined)?.[0]?.block_id === `finding:${id}`);

  beforeAll(async () => {
    aws = new FakeFindingServices();
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    aws.addGuardDuty(
      gdFinding(1, {
        Type: 'Backdoor:EC2/C&CActivity.B',
        Severity: 8,
        Service: { ...gdFinding(1).Service, ResourceRole: 'ACTOR' },
        Title: 'EC2 instance talks to <!channel> C&C',
      }),
      gdFinding(2, { Type: 'Recon:EC2/PortProbeUnprotectedPort', Severity: 2 }),
    );
    aws.addMacie(macieFinding(3));
    t = await startTestBot({ config: { findings: { pollInterval: '1h', minSeverity: 'low' } }, overrides: { findingFixes: recorder } });
    await t.slack.waitFor(() => ['gd000001', 'gd000002', 'mc000003'].every((id) => findingPost(id)), 'the first poll to post the findings');
  });
  afterAll(async () => {
    await t?.close();
    aws?.restore();
    sts.restore();
  });

  it('posts each finding to the findings channel with escaped text and its buttons', () => {
    const post = findingPost('gd000001')!;
    expect(post.args.channel).toBe('C0000FIND');
    const json = JSON.stringify(post.args.blocks);
    expect(json).toContain('High (8)');
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('finding_fix');
    expect(JSON.stringify(findingPost('gd000002')!.args.blocks)).not.toContain('finding_fix');
  });

  it('/gdpr findings lists open findings from stored state, filtered by severity and source', async () => {
    const before = aws.gdListCalls.length;
    // Answered in the acknowledgement itself.
    const all = (await (await t.command('findings', { responseId: 'list-all' })).json()) as Record<string, unknown>;
    expect(all.response_type).toBe('ephemeral');
    expect(all.text).toBe('3 open findings (all severities)');
    const high = await t.ask('findings high guardduty');
    expect(high.text).toBe('1 open findings (high and above, GuardDuty only)');
    expect(JSON.stringify(high.blocks)).toContain('Backdoor:EC2/C&amp;CActivity.B');
    expect((await t.ask('findings critical')).text).toBe('No open findings (critical and above).');
    expect((await t.ask('findings urgent')).text).toMatch(/`urgent` is not a severity/);
    expect(aws.gdListCalls.length).toBe(before); // answered from Redis, not AWS
  });

  it('Approve fix hands the mapped remediation to the remediation flow and tells the clicker', async () => {
    const id = await click('finding_fix', 'gd000001', 'U0000USER');
    expect((await reply(id)).text).toMatch(/Fix `ec2-isolate-instance` requested for finding `gd000001` \(request `R-1`\)/);
    expect(fixRequests).toEqual([
      {
        remediationId: 'ec2-isolate-instance',
        target: { accountId: ACCOUNT, region: 'eu-west-1', resource: 'i-00000001' },
        requestedBy: 'U0000USER',
        source: { kind: 'finding', id: 'gd000001' },
        origin: { channel: 'C0000FIND', ts: '1700000000.000100' },
      },
    ]);
  });

  it('Archive by someone who is not an approver is refused and changes nothing', async () => {
    const id = await click('finding_archive', 'gd000001', 'U0000USER');
    const answer = await reply(id);
    expect(answer.text).toMatch(/Only an approver can archive findings: you are not an approver/);
    await new Promise((r) => setTimeout(r, 200));
    expect(aws.archived).toEqual([]);
    const audit = await t.bot.services.redis.lrange(t.bot.services.keys.key('audit', 'log'), 0, -1);
    expect(audit.some((e) => e.includes('finding.archive_refused'))).toBe(true);
  });

  it('Archive by an approver archives the GuardDuty finding, updates the message and audits it', async () => {
    const id = await click('finding_archive', 'gd000001', 'U0000APPR1');
    expect((await reply(id)).text).toMatch(/Archiving GuardDuty finding `gd000001`/);
    await t.slack.waitFor(
      () => t.slack.callsTo('chat.update').some((c) => JSON.stringify(c.args.blocks).includes('Archived by <@U0000APPR1>')),
      'the archived message',
    );
    expect(aws.archived).toEqual([['gd000001']]);
    const update = t.slack.callsTo('chat.update').find((c) => JSON.stringify(c.args.blocks).includes('Archived by'))!;
    expect(update.args.ts).toBe(findingPost('gd000001')!.args.ts ?? update.args.ts);
    expect(JSON.stringify(update.args.blocks)).not.toContain('finding_archive');
    const audit = await t.bot.services.redis.lrange(t.bot.services.keys.key('audit', 'log'), 0, -1);
    expect(audit.filter((e) => e.includes('"finding.archived"'))).toHaveLength(1);
    expect((await t.ask('findings')).text).toBe('2 open findings (all severities)');
  });

  it('Archive on a Macie finding explains suppression rules instead', async () => {
    const id = await click('finding_archive', 'mc000003', 'U0000APPR2');
    expect((await reply(id)).text).toMatch(/suppression rules/);
  });

  it("Details posts the raw fields in the finding's thread, escaped", async () => {
    await click('finding_details', 'gd000002', 'U0000USER');
    await t.slack.waitFor(
      () => t.slack.callsTo('chat.postMessage').some((c) => String(c.args.text).startsWith('Details of GuardDuty finding gd000002')),
      'the details',
    );
    const details = t.slack.callsTo('chat.postMessage').find((c) => String(c.args.text).startsWith('Details of'))!;
    expect(details.args.thread_ts).toBeTruthy();
    expect(JSON.stringify(details.args.blocks)).toContain('Recon:EC2/PortProbeUnprotectedPort');
  });

  it('the Approve fix on a "service is off" notice asks for guardduty-enable / macie-enable', async () => {
    const id = await click('finding_enable', `macie|${ACCOUNT}|eu-west-1`, 'U0000USER');
    expect((await reply(id)).text).toMatch(/Fix `macie-enable` requested/);
    expect(fixRequests.at(-1)).toEqual({
      remediationId: 'macie-enable',
      target: { accountId: ACCOUNT, region: 'eu-west-1' },
      requestedBy: 'U0000USER',
      source: { kind: 'finding', id: `macie:${ACCOUNT}:eu-west-1` },
      origin: { channel: 'C0000FIND', ts: '1700000000.000100' },
    });
  });

  it('refuses a button value that is not a finding id', async () => {
    const id = await click('finding_fix', '../../etc', 'U0000USER');
    expect((await reply(id)).text).toMatch(/no longer known/);
  });
});
