import { EC2Client, EnableEbsEncryptionByDefaultCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultStore } from '../../src/checks/store.js';
import type { FixVerifier } from '../../src/remediations/engine.js';
import { encodeFixValue } from '../../src/checks/messages.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { buttonClick } from '../helpers/slack-request.js';

const REQUESTER = 'U0000USER';
const APPROVER_1 = 'U0000APPR1';
const APPROVER_2 = 'U0000APPR2';
const APPROVALS = 'C0000APPR';
const STATUS_CHANNEL = 'C0000STAT';

const ACCOUNT = '111122223333';
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'ap-south-1', 'sa-east-1'];

/** The Fix button of a failing `ebs_default_encryption` result, as /gdpr status renders it. */
const fixValue = (region: string) => encodeFixValue({ checkId: 'ebs_default_encryption', accountId: ACCOUNT, region, resource: `${ACCOUNT}/${region}` })!;

/** The approval flow is under test here, so the verifier is a stand-in (test/e2e/fix-wiring.test.ts runs the real one). */
const verified: string[] = [];
const verifier: FixVerifier = {
  verify: (_id, target) => {
    verified.push(target.region ?? '');
    return Promise.resolve({ status: 'pass', message: `EBS encryption by default is on in ${target.region}.` });
  },
};

describe('approve-to-fix through the real app, Redis and worker', () => {
  const ec2 = mockClient(EC2Client);
  let t: TestBot;
  let clicks = 0;

  beforeAll(async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    t = await startTestBot({ overrides: { fixVerifier: verifier } });
    // What a scan of these regions would have stored: EBS encryption by default is off everywhere.
    await new ResultStore(t.bot.services.redis, t.bot.services.keys).saveResults(
      'scan-seed',
      new Date().toISOString(),
      REGIONS.map((region) => ({
        checkId: 'ebs_default_encryption',
        accountId: ACCOUNT,
        region,
        status: 'fail',
        resource: `${ACCOUNT}/${region}`,
        message: `EBS encryption by default is off in ${region} (account ${ACCOUNT}).`,
      })),
    );
  });
  afterAll(async () => {
    await t?.close();
    ec2.restore();
  });

  const enableCalls = () => ec2.commandCalls(EnableEbsEncryptionByDefaultCommand).length;

  async function click(
    actionId: string,
    value: string,
    userId: string,
    extra: { channelId?: string; messageTs?: string } = {},
  ): Promise<Record<string, unknown>> {
    const id = `click-${++clicks}`;
    const res = await t.post(buttonClick({ actionId, value, userId, responseUrl: t.slack.responseUrl(id), ...extra }));
    expect(res.status).toBe(200);
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), `the answer to ${actionId} by ${userId}`);
    return t.slack.responses.find((r) => r.id === id)!.body;
  }

  /** Clicks Fix on a status message and returns the new request id. */
  async function requestFix(region: string, messageTs: string): Promise<string> {
    const answer = await click('remediation_fix', fixValue(region), REQUESTER, { channelId: STATUS_CHANNEL, messageTs });
    expect(answer.response_type).toBe('ephemeral');
    const id = /`(R[0-9A-F]{10})`/.exec(String(answer.text))?.[1];
    expect(id, String(answer.text)).toBeDefined();
    return id!;
  }

  /** The latest version of a request's approval message (post or update). */
  function approvalMessage(requestId: string) {
    const calls = t.slack.calls.filter(
      (c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === APPROVALS && JSON.stringify(c.args).includes(requestId),
    );
    return calls.at(-1);
  }

  async function waitForApprovalButtons(requestId: string) {
    await t.slack.waitFor(
      () => JSON.stringify(approvalMessage(requestId)?.args.blocks ?? []).includes('remediation_approve'),
      'the approval message with its buttons',
    );
    return approvalMessage(requestId)!;
  }

  async function auditActions(requestId: string): Promise<string[]> {
    return (await t.bot.services.audit.tail(500)).filter((e) => e.subject === requestId).map((e) => e.action);
  }

  it('Fix → approval message with the plan → Approve by another user → AWS call → messages updated, requester told', async () => {
    const before = enableCalls();
    const id = await requestFix('eu-west-1', '1700000100.000100');

    const message = await waitForApprovalButtons(id);
    const blocks = JSON.stringify(message.args.blocks);
    expect(blocks).toContain('EBS encryption by default is off in eu-west-1');
    expect(blocks).toContain('ec2:EnableEbsEncryptionByDefault');
    expect(blocks).toContain(`<@${REQUESTER}>`);
    expect(blocks).toContain('low');
    // Buttons carry only the request id.
    const buttons = (message.args.blocks as { type: string; elements?: { value?: string }[] }[]).find((b) => b.type === 'actions')!.elements!;
    expect(buttons.map((b) => b.value)).toEqual([id, id]);
    expect(enableCalls()).toBe(before); // nothing changes before an approval

    const answer = await click('remediation_approve', id, APPROVER_1, { channelId: APPROVALS });
    expect(answer.text).toMatch(/You approved request/);

    await t.slack.waitFor(
      () => JSON.stringify(approvalMessage(id)?.args.blocks ?? []).includes('Fixed and verified'),
      'the approval message to show the outcome',
    );
    expect(enableCalls()).toBe(before + 1);
    const final = JSON.stringify(approvalMessage(id)!.args.blocks);
    expect(approvalMessage(id)!.method).toBe('chat.update');
    expect(final).toContain(`<@${APPROVER_1}>`);
    expect(final).toContain('EBS encryption by default is on in eu-west-1');
    expect(final).not.toContain('remediation_approve');

    await t.slack.waitFor(
      () => t.slack.callsTo('chat.postMessage').some((c) => c.args.channel === STATUS_CHANNEL && c.args.thread_ts === '1700000100.000100'),
      'the requester to be told in the thread of the status message',
    );
    const told = t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === STATUS_CHANNEL)!;
    expect(String(told.args.text)).toMatch(/done and verified/);

    expect(await auditActions(id)).toEqual([
      'remediation.requested',
      'remediation.planned',
      'remediation.approved',
      'remediation.applied',
      'remediation.verified',
    ]);
    expect((await t.bot.services.audit.verify()).ok).toBe(true);
  });

  it('concurrent approvals (two approvers, a double click, a Slack retry) run the fix exactly once', async () => {
    const before = enableCalls();
    const id = await requestFix('eu-central-1', '1700000200.000100');
    await waitForApprovalButtons(id);

    const answers = await Promise.all([
      click('remediation_approve', id, APPROVER_1),
      click('remediation_approve', id, APPROVER_2),
      click('remediation_approve', id, APPROVER_1),
      click('remediation_approve', id, APPROVER_2),
    ]);
    expect(answers.filter((a) => /You approved request/.test(String(a.text)))).toHaveLength(1);

    await t.slack.waitFor(() => JSON.stringify(approvalMessage(id)?.args.blocks ?? []).includes('Fixed and verified'), 'the fix to finish');
    await new Promise((r) => setTimeout(r, 300));
    expect(enableCalls()).toBe(before + 1);
    const actions = await auditActions(id);
    expect(actions.filter((a) => a === 'remediation.approved')).toHaveLength(1);
    expect(actions.filter((a) => a === 'remediation.applied')).toHaveLength(1);
    expect(verified.filter((r) => r === 'eu-central-1')).toHaveLength(1);
  });

  it('refuses the requester approving their own request, and a rejection changes nothing in AWS', async () => {
    const before = enableCalls();
    const id = await requestFix('us-east-1', '1700000300.000100');
    await waitForApprovalButtons(id);

    const self = await click('remediation_approve', id, REQUESTER);
    expect(self.text).toMatch(/cannot approve your own request/);
    const stranger = await click('remediation_approve', id, 'U0000NOBODY');
    expect(stranger.text).toMatch(/not an approver/);

    const rejected = await click('remediation_reject', id, APPROVER_2);
    expect(rejected.text).toMatch(/You rejected request/);
    await t.slack.waitFor(() => JSON.stringify(approvalMessage(id)?.args.blocks ?? []).includes('Rejected by'), 'the approval message to show the rejection');
    expect(JSON.stringify(approvalMessage(id)!.args.blocks)).not.toContain('remediation_approve');

    const late = await click('remediation_approve', id, APPROVER_1);
    expect(late.text).toMatch(/already rejected/);
    await new Promise((r) => setTimeout(r, 300));
    expect(enableCalls()).toBe(before);
    const actions = await auditActions(id);
    expect(actions).toContain('remediation.rejected');
    expect(actions).toContain('remediation.approve-refused');
    expect(actions).not.toContain('remediation.applied');
  });

  it('refuses guests who try to request a fix', async () => {
    t.slack.users.set('U0000GUEST', { id: 'U0000GUEST', is_restricted: true });
    const id = `click-${++clicks}`;
    await t.post(buttonClick({ actionId: 'remediation_fix', value: fixValue('ap-south-1'), userId: 'U0000GUEST', responseUrl: t.slack.responseUrl(id) }));
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), 'the answer to the guest');
    expect(t.slack.responses.find((r) => r.id === id)!.body.text).toMatch(/Guest accounts cannot request fixes/);
  });

  it('/gdpr fix creates a request; an unknown check gets a reason', async () => {
    await t.command('fix ebs_default_encryption sa-east-1', { responseId: 'fix-cmd', user: REQUESTER });
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === 'fix-cmd'), 'the /gdpr fix answer');
    expect(t.slack.responses.find((r) => r.id === 'fix-cmd')!.body.text).toMatch(/Requested `R[0-9A-F]{10}`/);
    await t.command('fix nothing_here', { responseId: 'fix-unknown', user: REQUESTER });
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === 'fix-unknown'), 'the /gdpr fix answer');
    expect(t.slack.responses.find((r) => r.id === 'fix-unknown')!.body.text).toMatch(/there is no check called nothing_here/);
  });

  it('refuses a Fix button whose value is not a check result (old or forged formats)', async () => {
    for (const value of [
      'ebs_default_encryption|eu-west-1',
      '{"c":"ebs_default_encryption","a":"1","g":"eu-west-1","r":"x"}',
      '{"c":"EBS!","a":"111122223333","g":"eu-west-1","r":"x"}',
    ]) {
      const answer = await click('remediation_fix', value, REQUESTER);
      expect(answer.text).toBe('This button does not name a check result I can fix.');
    }
  });
});
