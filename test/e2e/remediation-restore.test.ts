import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISOLATION_GROUP } from '../../src/remediations/catalog/ec2-isolate-instance.js';
import { createRemediationRequest, requestStore } from '../../src/remediations/requests.js';
import type { RemediationRequest, RequestStatus } from '../../src/remediations/state.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { FakeEc2 } from '../helpers/fake-ec2.js';
import { interactions, until } from '../helpers/interactions.js';

const ACCOUNT = '111122223333';
const REQUESTER = 'U0000USER';
const APPROVER_1 = 'U0000APPR1';
const APPROVER_2 = 'U0000APPR2';
const APPROVALS = 'C0000APPR';
const WEB = 'sg-0e1';
const SSH = 'sg-0e2';
const DB = 'sg-0db';

/**
 * Undoing an isolation, end to end: a GuardDuty finding's isolation of an instance is approved and
 * applied (real app, Redis and worker; a stateful fake EC2), then **Restore network access** on its
 * approval message asks for a new `ec2-restore-instance` request, which another approver must approve
 * before the recorded groups go back.
 */
describe('Restore network access after an isolation, through the real app, Redis and worker', () => {
  const ec2 = new FakeEc2();
  const sts = mockClient(STSClient);
  let t: TestBot;
  let ui: ReturnType<typeof interactions>;

  beforeAll(async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    for (const id of [WEB, SSH, DB]) ec2.addGroup(id);
    ec2.addInstance('i-0abc', { 'eni-a1': [WEB, SSH], 'eni-b2': [DB] });
    t = await startTestBot();
    ui = interactions(t);
  });
  afterAll(async () => {
    await t?.close();
    ec2.restore();
    sts.restore();
  });

  const store = () => requestStore(t.bot.services);
  const approvalBlocks = (requestId: string) => JSON.stringify(ui.latestMessage(APPROVALS, requestId)?.args.blocks ?? []);
  const requestIdIn = (text: unknown) => {
    const id = /`(R[0-9A-F]{10})`/.exec(String(text))?.[1];
    expect(id, String(text)).toBeDefined();
    return id!;
  };
  async function requestedCount(): Promise<number> {
    return (await t.bot.services.audit.tail(1000)).filter((e) => e.action === 'remediation.requested').length;
  }
  async function restoreButton(requestId: string) {
    const blocks = ui.latestMessage(APPROVALS, requestId)!.args.blocks as {
      type: string;
      elements?: { action_id?: string; value?: string; text?: { text: string } }[];
    }[];
    return blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'remediation_restore');
  }

  /** A request as the store would hold it, for states the flow only reaches slowly (failed, pending). */
  async function seed(status: RequestStatus, patch: Partial<RemediationRequest> = {}): Promise<string> {
    const now = new Date();
    const id = `R${Math.floor(Math.random() * 0xffffffffff)
      .toString(16)
      .toUpperCase()
      .padStart(10, '0')}`;
    const request: RemediationRequest = {
      id,
      remediation: 'ec2-isolate-instance',
      target: { accountId: ACCOUNT, region: 'eu-west-1', resource: 'i-0abc' },
      requestedBy: REQUESTER,
      source: { kind: 'finding', id: 'gd-seeded' },
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
      updatedAt: now.toISOString(),
      minApprovals: 1,
      status,
      approvals: [],
      version: 1,
      ...patch,
    };
    expect(await store().create(request)).toBe(true);
    return id;
  }

  let isolationId = '';

  it('isolates the instance through the approval flow; the succeeded request offers Restore network access', async () => {
    const created = await createRemediationRequest(t.bot.services, {
      remediationId: 'ec2-isolate-instance',
      target: { accountId: ACCOUNT, region: 'eu-west-1', resource: 'i-0abc' },
      requestedBy: REQUESTER,
      source: { kind: 'finding', id: 'gd000001' },
      origin: { channel: 'C0000FIND', ts: '1700000000.000100' },
    });
    if (!created.ok) throw new Error(created.error);
    isolationId = created.request.id;
    await t.slack.waitFor(() => approvalBlocks(isolationId).includes('remediation_approve'), 'the isolation plan');
    expect(approvalBlocks(isolationId)).not.toContain('remediation_restore'); // nothing to restore yet
    expect((await ui.click('remediation_approve', isolationId, APPROVER_1, { channelId: APPROVALS })).text).toMatch(/You approved request/);
    await t.slack.waitFor(() => approvalBlocks(isolationId).includes('Fixed and verified'), 'the isolation to be applied and verified');

    const isoGroup = [...ec2.groups].find(([, g]) => g.name === ISOLATION_GROUP)![0];
    expect(ec2.groupsOf('eni-a1')).toEqual([isoGroup]);
    expect(ec2.groupsOf('eni-b2')).toEqual([isoGroup]);
    expect(await restoreButton(isolationId)).toEqual(
      expect.objectContaining({ value: isolationId, text: expect.objectContaining({ text: 'Restore network access' }) }),
    );
  });

  it('Restore → a new request in the approvals channel → the requester cannot approve it → a second approver does → groups restored and verified', async () => {
    expect(isolationId).not.toBe('');
    const isoGroup = ec2.groupsOf('eni-a1')![0]!;
    const modifiesBefore = ec2.modifications().length;

    // An approver asks for the restore from the isolation's approval message.
    const asked = await ui.click('remediation_restore', isolationId, APPROVER_1, { channelId: APPROVALS, messageTs: '1700000900.000100' });
    expect(asked.response_type).toBe('ephemeral');
    const restoreId = requestIdIn(asked.text);
    expect(restoreId).not.toBe(isolationId);

    await t.slack.waitFor(() => approvalBlocks(restoreId).includes('remediation_approve'), 'the restore plan with its buttons');
    const plan = approvalBlocks(restoreId);
    expect(plan).toContain('Restore the network access of an isolated EC2 instance');
    expect(plan).toContain('ec2:ModifyNetworkInterfaceAttribute');
    expect(plan).toContain(`eni-a1 is isolated (${isoGroup}); recorded groups: ${WEB}, ${SSH}`);
    expect(plan).toContain(`restore \`${isolationId}\``); // the source names the isolation request
    expect(plan).toContain('high');
    expect(ec2.modifications()).toHaveLength(modifiesBefore); // nothing changes before an approval

    const request = (await store().get(restoreId))!;
    expect(request).toMatchObject({
      remediation: 'ec2-restore-instance',
      requestedBy: APPROVER_1,
      source: { kind: 'restore', id: isolationId },
      target: { accountId: ACCOUNT, region: 'eu-west-1', resource: 'i-0abc', restoreSecurityGroups: { 'eni-a1': [WEB, SSH], 'eni-b2': [DB] } },
      status: 'pending',
    });

    // A second click points to the open request instead of asking twice.
    const again = await ui.click('remediation_restore', isolationId, REQUESTER, { channelId: APPROVALS });
    expect(again.text).toMatch(new RegExp(`already open \\(\`${restoreId}\`, pending\\)`));

    expect((await ui.click('remediation_approve', restoreId, APPROVER_1, { channelId: APPROVALS })).text).toMatch(/cannot approve your own request/);
    expect(ec2.modifications()).toHaveLength(modifiesBefore);
    expect((await ui.click('remediation_approve', restoreId, APPROVER_2, { channelId: APPROVALS })).text).toMatch(/You approved request/);

    await t.slack.waitFor(() => approvalBlocks(restoreId).includes('Fixed and verified'), 'the restore to be applied and verified');
    expect(ec2.groupsOf('eni-a1')).toEqual([WEB, SSH]);
    expect(ec2.groupsOf('eni-b2')).toEqual([DB]);
    expect(ec2.modifications().slice(modifiesBefore)).toEqual([
      { NetworkInterfaceId: 'eni-a1', Groups: [WEB, SSH] },
      { NetworkInterfaceId: 'eni-b2', Groups: [DB] },
    ]);
    expect((await store().get(restoreId))!.verification?.status).toBe('pass');

    // The audit log has the usual trail, and the applied entry records both directions.
    expect(await ui.auditActions(restoreId)).toEqual([
      'remediation.requested',
      'remediation.planned',
      'remediation.approve-refused', // the requester's own approval
      'remediation.approved',
      'remediation.applied',
      'remediation.verified',
    ]);
    const applied = (await t.bot.services.audit.tail(1000)).find((e) => e.subject === restoreId && e.action === 'remediation.applied')!;
    expect(applied.detail).toMatchObject({
      remediation: 'ec2-restore-instance',
      calls: [
        { action: 'ec2:ModifyNetworkInterfaceAttribute', params: { NetworkInterfaceId: 'eni-a1', Groups: [WEB, SSH] } },
        { action: 'ec2:ModifyNetworkInterfaceAttribute', params: { NetworkInterfaceId: 'eni-b2', Groups: [DB] } },
      ],
      previous: { securityGroups: { 'eni-a1': [isoGroup], 'eni-b2': [isoGroup] } },
    });
    expect((await t.bot.services.audit.verify()).ok).toBe(true);

    // The requester is told in the thread of the message they clicked.
    await t.slack.waitFor(
      () =>
        t.slack
          .callsTo('chat.postMessage')
          .some((c) => c.args.channel === APPROVALS && c.args.thread_ts === '1700000900.000100' && /done and verified/.test(String(c.args.text))),
      'the requester to be told in the thread of the isolation message',
    );
  });

  it('refuses Restore on anything but a succeeded isolation with recorded groups, and creates nothing', async () => {
    const failed = await seed('failed', { error: 'AccessDenied' });
    const pending = await seed('pending');
    const nothingRecorded = await seed('succeeded', { result: { outcome: 'already-compliant', summary: 'already isolated', calls: [] } });
    const otherFix = await seed('succeeded', {
      remediation: 'ebs-enable-default-encryption',
      target: { accountId: ACCOUNT, region: 'eu-west-1' },
      result: { outcome: 'changed', summary: 'on', calls: [] },
    });
    const before = await requestedCount();
    const modifies = ec2.modifications().length;

    const answers = {
      failed: await ui.click('remediation_restore', failed, APPROVER_1),
      pending: await ui.click('remediation_restore', pending, APPROVER_1),
      nothingRecorded: await ui.click('remediation_restore', nothingRecorded, APPROVER_1),
      otherFix: await ui.click('remediation_restore', otherFix, APPROVER_1),
      unknown: await ui.click('remediation_restore', 'R0000000000', APPROVER_1),
      forged: await ui.click('remediation_restore', '{"eni-a1":["sg-0e1"]}', APPROVER_1),
    };
    expect(answers.failed.text).toMatch(/Nothing can be restored: request `?R[0-9A-F]{10}`? did not succeed \(it is failed\)/);
    expect(answers.pending.text).toMatch(/did not succeed \(it is pending\)/);
    expect(answers.nothingRecorded.text).toMatch(/recorded no security groups to restore/);
    expect(answers.otherFix.text).toMatch(/did not isolate an EC2 instance/);
    expect(answers.unknown.text).toMatch(/no longer exists/);
    expect(answers.forged.text).toBe('This button does not name a request.');
    for (const answer of Object.values(answers)) expect(answer.response_type).toBe('ephemeral');

    await new Promise((r) => setTimeout(r, 200));
    expect(await requestedCount()).toBe(before);
    const restoreRequests = await Promise.all((await store().open()).map((id) => store().get(id)));
    expect(restoreRequests.filter((r) => r?.remediation === 'ec2-restore-instance')).toEqual([]);
    expect(ec2.modifications()).toHaveLength(modifies);
  });

  it('a restore names the account of its finding: the plan refuses to run with credentials of another account', async () => {
    const elsewhere = await seed('succeeded', {
      target: { accountId: '999988887777', region: 'eu-west-1', resource: 'i-0abc' },
      result: { outcome: 'changed', summary: 'isolated', calls: [], previous: { securityGroups: { 'eni-a1': [DB] } } },
    });
    const modifies = ec2.modifications().length;
    const restoreId = requestIdIn((await ui.click('remediation_restore', elsewhere, REQUESTER)).text);
    await until('the plan to fail', async () => (await store().get(restoreId))?.status === 'failed');
    expect((await store().get(restoreId))!.error).toMatch(/the target is in account 999988887777, but the bot's credentials are for account 111122223333/);
    expect(ec2.modifications()).toHaveLength(modifies);
  });

  it("refuses a guest's click and creates nothing", async () => {
    t.slack.users.set('U0000GUEST', { id: 'U0000GUEST', is_restricted: true });
    // Isolate again so there is an open-able restore, then let a guest ask for it.
    const isolated = await seed('succeeded', {
      result: { outcome: 'changed', summary: 'isolated', calls: [], previous: { securityGroups: { 'eni-a1': [WEB] } } },
    });
    const before = await requestedCount();
    const answer = await ui.click('remediation_restore', isolated, 'U0000GUEST');
    expect(answer.text).toMatch(/Guest accounts cannot request fixes/);
    await new Promise((r) => setTimeout(r, 200));
    expect(await requestedCount()).toBe(before);
    // The same click by a member does create the request (so the refusal above was the guest check).
    const member = await ui.click('remediation_restore', isolated, REQUESTER);
    expect(member.text).toMatch(/Requested `R[0-9A-F]{10}`/);
    await until('the request to be audited', async () => (await requestedCount()) === before + 1);
  });
});
