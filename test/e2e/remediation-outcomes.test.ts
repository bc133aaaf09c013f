import { EC2Client, EnableEbsEncryptionByDefaultCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { EnableKeyRotationCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FixResolver, FixVerifier, Verification } from '../../src/remediations/engine.js';
import { encodeFixValue } from '../../src/checks/messages.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { buttonClick } from '../helpers/slack-request.js';

const APPROVALS = 'C0000APPR';

/** `kms_customer_keys_rotation` on a key → the KMS fix; `ebs_default_encryption` in a region → the EBS fix. */
const resolver: FixResolver = {
  resolve: ({ checkId, region, resource }) =>
    Promise.resolve(
      checkId === 'kms_customer_keys_rotation'
        ? { remediationId: 'kms-enable-key-rotation', target: { resource } }
        : checkId === 'ebs_default_encryption'
          ? { remediationId: 'ebs-enable-default-encryption', target: { region } }
          : { error: 'unknown check' },
    ),
};
/** Keys named `still-failing-*` do not pass verification. */
const verifier: FixVerifier = {
  verify: (_id, target): Promise<Verification> =>
    Promise.resolve(
      target.resource?.startsWith('still-failing')
        ? { status: 'fail', message: `key ${target.resource} still does not rotate` }
        : { status: 'pass', message: 'ok' },
    ),
};

const denied = Object.assign(
  new Error('User: arn:aws:sts::111122223333:assumed-role/remediator/x is not authorized to perform: kms:EnableKeyRotation on resource: key'),
  {
    name: 'AccessDeniedException',
    $metadata: { httpStatusCode: 400 },
  },
);

describe('approve-to-fix outcomes', () => {
  const kms = mockClient(KMSClient);
  const ec2 = mockClient(EC2Client);
  let t: TestBot;
  let n = 0;
  /** The running bot's clock: the real time moved forward by `ahead` ms (the expiry test moves it). */
  let ahead = 0;
  const now = () => new Date(Date.now() + ahead);

  beforeAll(async () => {
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    kms.on(EnableKeyRotationCommand).resolves({});
    kms.on(EnableKeyRotationCommand, { KeyId: 'denied-key' }).rejects(denied);
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    t = await startTestBot({
      overrides: { fixResolver: resolver, fixVerifier: verifier, now },
      config: { remediation: { auto: ['ebs-enable-default-encryption'], requestTtl: '2s' } },
    });
  });
  afterAll(async () => {
    await t?.close();
    kms.restore();
    ec2.restore();
  });

  async function click(actionId: string, value: string, userId: string): Promise<string> {
    const id = `c-${++n}`;
    await t.post(buttonClick({ actionId, value, userId, responseUrl: t.slack.responseUrl(id) }));
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), `the answer to ${actionId}`);
    return String(t.slack.responses.find((r) => r.id === id)!.body.text);
  }

  /** Clicks Fix for `<checkId>|<key or region>` (encoded as /gdpr status renders it). */
  async function requestFix(what: string): Promise<string> {
    const [checkId, x] = what.split('|') as [string, string];
    const region = checkId === 'ebs_default_encryption' ? x : 'eu-west-1';
    const value = encodeFixValue({ checkId, accountId: '111122223333', region, resource: checkId === 'ebs_default_encryption' ? `111122223333/${x}` : x })!;
    const text = await click('remediation_fix', value, 'U0000USER');
    return /`(R[0-9A-F]{10})`/.exec(text)![1]!;
  }

  const approval = (id: string) =>
    t.slack.calls
      .filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === APPROVALS && JSON.stringify(c.args).includes(id))
      .at(-1);
  const approvalShows = (id: string, text: string) => JSON.stringify(approval(id)?.args.blocks ?? []).includes(text);
  const audit = async (id: string) => (await t.bot.services.audit.tail(500)).filter((e) => e.subject === id);

  it('AccessDenied fails the fix at once, naming the missing permission, without retrying', async () => {
    const id = await requestFix('kms_customer_keys_rotation|denied-key');
    await t.slack.waitFor(() => approvalShows(id, 'remediation_approve'), 'the approval buttons');
    await click('remediation_approve', id, 'U0000APPR1');
    await t.slack.waitFor(() => approvalShows(id, 'Failed'), 'the failure on the approval message');
    expect(JSON.stringify(approval(id)!.args.blocks)).toContain('lacks kms:EnableKeyRotation');
    await new Promise((r) => setTimeout(r, 300));
    expect(kms.commandCalls(EnableKeyRotationCommand, { KeyId: 'denied-key' })).toHaveLength(1);
    const failed = (await audit(id)).find((e) => e.action === 'remediation.failed');
    expect(failed?.detail).toMatchObject({ stage: 'apply' });
    expect(String(failed?.detail.reason)).toContain('kms:EnableKeyRotation');
    // The requester clicked from C0000TEST: told in that message's thread.
    expect(t.slack.callsTo('chat.postMessage').some((c) => c.args.channel === 'C0000TEST' && /your fix failed/.test(String(c.args.text)))).toBe(true);
  });

  it('a fix whose check still fails afterwards is reported as failed, not done', async () => {
    const id = await requestFix('kms_customer_keys_rotation|still-failing-key');
    await t.slack.waitFor(() => approvalShows(id, 'remediation_approve'), 'the approval buttons');
    await click('remediation_approve', id, 'U0000APPR2');
    await t.slack.waitFor(() => approvalShows(id, 'Failed'), 'the failure on the approval message');
    const blocks = JSON.stringify(approval(id)!.args.blocks);
    expect(blocks).toContain('still does not rotate');
    expect(blocks).not.toContain('Fixed and verified');
    expect((await audit(id)).map((e) => e.action)).toEqual(expect.arrayContaining(['remediation.applied', 'remediation.verified', 'remediation.failed']));
  });

  it('runs a fix listed in remediation.auto without a human, approved by "policy"', async () => {
    const before = ec2.commandCalls(EnableEbsEncryptionByDefaultCommand).length;
    const id = await requestFix('ebs_default_encryption|eu-north-1');
    await t.slack.waitFor(() => approvalShows(id, 'Fixed and verified'), 'the automatic fix to finish');
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand).length).toBe(before + 1);
    const approved = (await audit(id)).find((e) => e.action === 'remediation.approved');
    expect(approved?.actor).toBe('policy');
  });

  it('expires a request nobody approved within requestTtl; a late Approve changes nothing', async () => {
    const id = await requestFix('kms_customer_keys_rotation|late-key');
    await t.slack.waitFor(() => approvalShows(id, 'remediation_approve'), 'the approval buttons');
    // The bot's clock moves past requestTtl; nothing sleeps and no stored record is edited.
    ahead += 2100;
    await t.bot.services.queues.get('remediation').add('sweep', {});
    await t.slack.waitFor(() => approvalShows(id, 'Expired'), 'the expiry on the approval message');
    expect((await audit(id)).map((e) => e.action)).toContain('remediation.expired');
    expect(await click('remediation_approve', id, 'U0000APPR1')).toMatch(/expired/);
    expect(kms.commandCalls(EnableKeyRotationCommand, { KeyId: 'late-key' })).toHaveLength(0);
  });
  it('an approval whose chain write fails is still on the trail: its entry was staged with the state change (issue 13)', async () => {
    const id = await requestFix('kms_customer_keys_rotation|atomic-key');
    await t.slack.waitFor(() => approvalShows(id, 'remediation_approve'), 'the approval buttons');
    // Chaining what a state change staged fails (as if the process died right after the change) until restored.
    const audit = t.bot.services.audit;
    // (An entry appended on its own after the change, as before, would be lost by the same crash.)
    const crash = vi.spyOn(audit, 'drain').mockRejectedValue(new Error('process killed (injected)'));
    const original = audit.append.bind(audit);
    const append = vi
      .spyOn(audit, 'append')
      .mockImplementation((input) => (input.action === 'remediation.approved' ? Promise.reject(new Error('process killed (injected)')) : original(input)));
    try {
      await click('remediation_approve', id, 'U0000APPR1');
      await t.slack.waitFor(() => approvalShows(id, 'Fixed and verified'), 'the fix to finish');
    } finally {
      crash.mockRestore();
      append.mockRestore();
    }
    await audit.drain();
    const actions = (await audit.tail(500)).filter((e) => e.subject === id).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['remediation.requested', 'remediation.approved']));
    expect((await audit.verify()).ok).toBe(true);
  });
});
