import {
  DescribeFlowLogsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultStore } from '../../src/checks/store.js';
import { decodeFixValue } from '../../src/checks/messages.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { buttonClick } from '../helpers/slack-request.js';

const ACCOUNT = '111122223333';
const REQUESTER = 'U0000USER';
const APPROVER = 'U0000APPR2';
const APPROVALS = 'C0000APPR';
const CHANNEL = 'C0000POST';

type Block = { type: string; text?: { text: string }; accessory?: { action_id: string; value: string } };

/**
 * The whole approve-to-fix path with the real check engine: scan → /gdpr status → Fix → approval →
 * Approve → EnableEbsEncryptionByDefault → re-collection → verdict → stored result. AWS is mocked:
 * in eu-west-1 the fix takes effect; in eu-central-1 something (say an SCP) keeps it off.
 */
describe('Fix from /gdpr status, with the real resolver and verifier', () => {
  const ec2 = mockClient(EC2Client);
  const sts = mockClient(STSClient);
  const ebsOn = new Map<string, boolean>([
    ['eu-west-1', false],
    ['eu-central-1', false],
  ]);
  const sticks = new Set(['eu-west-1']);
  let t: TestBot;
  let n = 0;

  const regionOf = async (getClient: () => EC2Client) => getClient().config.region();

  beforeAll(async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/bot` });
    ec2
      .on(GetEbsEncryptionByDefaultCommand)
      .callsFake(async (_input, getClient) => ({ EbsEncryptionByDefault: ebsOn.get(await regionOf(getClient)) === true }));
    ec2.on(EnableEbsEncryptionByDefaultCommand).callsFake(async (_input, getClient) => {
      const region = await regionOf(getClient);
      if (sticks.has(region)) ebsOn.set(region, true);
      return { EbsEncryptionByDefault: true };
    });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    // The scan channel is members-only, so the scan posts its progress and summary there.
    t = await startTestBot({
      config: {
        channels: { approvals: 'C0000APPR', findings: 'C0000FIND', audit: 'C0000AUDT', private: [CHANNEL] },
        scan: { regions: ['eu-west-1', 'eu-central-1'] },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    ec2.restore();
    sts.restore();
  });

  async function answer(id: string): Promise<Record<string, unknown>> {
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), `the answer ${id}`);
    return t.slack.responses.find((r) => r.id === id)!.body;
  }
  async function click(actionId: string, value: string, userId: string, messageTs?: string): Promise<string> {
    const id = `click-${++n}`;
    await t.post(buttonClick({ actionId, value, userId, responseUrl: t.slack.responseUrl(id), channelId: CHANNEL, messageTs }));
    return String((await answer(id)).text);
  }
  const approval = (requestId: string) =>
    t.slack.calls
      .filter(
        (c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === APPROVALS && JSON.stringify(c.args).includes(requestId),
      )
      .at(-1);
  const approvalText = (requestId: string) => JSON.stringify(approval(requestId)?.args.blocks ?? []);
  const stored = async (region: string) =>
    (await new ResultStore(t.bot.services.redis, t.bot.services.keys).latest()).find((r) => r.checkId === 'ebs_default_encryption' && r.region === region);

  /** `/gdpr status` → the Fix button of `ebs_default_encryption` in `region`. */
  async function fixButton(region: string): Promise<string> {
    const blocks = ((await t.ask('status', { channel: CHANNEL })).blocks ?? []) as Block[];
    const buttons = blocks.filter((b) => b.accessory?.action_id === 'remediation_fix').map((b) => b.accessory!.value);
    const value = buttons.find((v) => decodeFixValue(v)?.region === region);
    expect(value, `a Fix button for eu-west-1 and eu-central-1 among ${buttons.join(', ')}`).toBeDefined();
    expect(decodeFixValue(value!)).toEqual({ checkId: 'ebs_default_encryption', accountId: ACCOUNT, region, resource: `${ACCOUNT}/${region}` });
    return value!;
  }

  /** Clicks Fix, waits for the plan, approves as a second person; returns the request id. */
  async function fixAndApprove(value: string, messageTs: string): Promise<string> {
    const requested = await click('remediation_fix', value, REQUESTER, messageTs);
    const requestId = /`(R[0-9A-F]{10})`/.exec(requested)?.[1];
    expect(requestId, requested).toBeDefined();
    await t.slack.waitFor(() => approvalText(requestId!).includes('remediation_approve'), 'the approval message with its plan and buttons');
    expect(approvalText(requestId!)).toMatch(/EBS encryption by default is off in eu-(west|central)-1/);
    expect(await click('remediation_approve', requestId!, REQUESTER)).toMatch(/no_entry/); // never one's own request
    expect(await click('remediation_approve', requestId!, APPROVER)).toMatch(/You approved request/);
    return requestId!;
  }

  it('a scan stores the failing check, and /gdpr status offers Fix for it', async () => {
    await t.command('scan ebs_default_encryption', { responseId: 'scan', channel: CHANNEL });
    const scanId = /`(scan-[a-z0-9-]+)`/.exec(String((await answer('scan')).text))?.[1];
    expect(scanId).toBeDefined();
    await t.slack.waitFor(
      () =>
        t.slack.calls.some(
          (c) =>
            c.args.channel === CHANNEL &&
            JSON.stringify(c.args.blocks ?? []).includes('Scan finished') &&
            JSON.stringify(c.args.blocks ?? []).includes(scanId!),
        ),
      'the scan summary',
      20_000,
    );
    expect((await stored('eu-west-1'))?.status).toBe('fail');
    expect((await stored('eu-central-1'))?.status).toBe('fail');
    await fixButton('eu-west-1');
  });

  it('Fix → approval → Approve → EnableEbsEncryptionByDefault → re-collected and verified; the stored result passes', async () => {
    const value = await fixButton('eu-west-1');
    const before = ec2.commandCalls(EnableEbsEncryptionByDefaultCommand).length;
    const requestId = await fixAndApprove(value, '1700000500.000100');

    await t.slack.waitFor(() => approvalText(requestId).includes('Fixed and verified'), 'the approval message to say fixed and verified');
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand).length).toBe(before + 1);
    expect(approvalText(requestId)).toContain(`*Verification:* :white_check_mark: pass: EBS encryption by default is on in eu-west-1 (account ${ACCOUNT}).`);
    await t.slack.waitFor(
      () =>
        t.slack
          .callsTo('chat.postMessage')
          .some((c) => c.args.channel === CHANNEL && c.args.thread_ts === '1700000500.000100' && /done and verified/.test(String(c.args.text))),
      'the requester to be told in the thread',
    );

    const result = await stored('eu-west-1');
    expect(result?.status).toBe('pass');
    expect(result?.message).toBe(`EBS encryption by default is on in eu-west-1 (account ${ACCOUNT}).`);
    expect((await stored('eu-central-1'))?.status).toBe('fail'); // only the fixed region was re-checked

    // /gdpr status no longer offers Fix for it.
    const after = (((await t.ask('status', { channel: CHANNEL })).blocks ?? []) as Block[])
      .filter((b) => b.accessory?.action_id === 'remediation_fix')
      .map((b) => decodeFixValue(b.accessory!.value)?.region);
    expect(after).toEqual(['eu-central-1']);

    const audit = (await t.bot.services.audit.tail(500)).filter((e) => e.subject === requestId);
    expect(audit.find((e) => e.action === 'remediation.verified')?.detail).toMatchObject({ status: 'pass' });
  });

  it('a fix that does not take effect is reported as failed, not done, and the stored result still fails', async () => {
    const value = await fixButton('eu-central-1');
    const before = ec2.commandCalls(EnableEbsEncryptionByDefaultCommand).length;
    const requestId = await fixAndApprove(value, '1700000600.000100');

    await t.slack.waitFor(() => approvalText(requestId).includes('*Failed*'), 'the approval message to say failed');
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand).length).toBe(before + 1);
    expect(approvalText(requestId)).toContain(':x: fail: EBS encryption by default is off in eu-central-1');
    expect(approvalText(requestId)).not.toContain('Fixed and verified');
    await t.slack.waitFor(
      () =>
        t.slack
          .callsTo('chat.postMessage')
          .some((c) => c.args.channel === CHANNEL && c.args.thread_ts === '1700000600.000100' && /your fix failed/.test(String(c.args.text))),
      'the requester to be told it failed',
    );
    expect((await stored('eu-central-1'))?.status).toBe('fail');
    const audit = (await t.bot.services.audit.tail(500)).filter((e) => e.subject === requestId).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['remediation.applied', 'remediation.verified', 'remediation.failed']));
  });

  it('answers why not when there is nothing to fix: the check passes now, no stored result, no fix, unknown check', async () => {
    const ask = async (text: string) => {
      const id = `fix-${++n}`;
      await t.command(text, { responseId: id, channel: CHANNEL, user: REQUESTER });
      return String((await answer(id)).text);
    };
    expect(await ask('fix ebs_default_encryption eu-west-1')).toMatch(/ebs_default_encryption passes now for eu-west-1/);
    expect(await ask('fix kms_customer_keys_rotation')).toMatch(
      /no stored result for kms_customer_keys_rotation; run \/gdpr scan kms_customer_keys_rotation first/,
    );
    expect(await ask('fix iam_root_mfa_enabled')).toMatch(/iam_root_mfa_enabled has no automatic fix/);
    expect(await ask('fix not_a_check')).toMatch(/there is no check called not_a_check/);
    // A request through the command resolves the same stored result as the button.
    expect(await ask(`fix ebs_default_encryption ${ACCOUNT}/eu-central-1`)).toMatch(/Requested `R[0-9A-F]{10}`/);
  });
});
