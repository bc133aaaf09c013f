import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remediationFixRequester } from '../../src/findings/fixes.js';
import { requestStore } from '../../src/remediations/requests.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';

/** The Approve fix button of a finding, wired to the real remediation flow (no AWS call until approved). */
describe('Approve fix on a finding creates a remediation request', () => {
  let t: TestBot;
  const sts = mockClient(STSClient);
  beforeAll(async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
    t = await startTestBot({
      config: { scan: { regions: ['eu-west-1'], accounts: [{ id: '210987654321', roleArn: 'arn:aws:iam::210987654321:role/GdprBotScanner' }] } },
    });
  });
  afterAll(async () => {
    await t?.close();
    sts.restore();
  });

  it('stores the request and posts it to the approvals channel, attributed to whoever clicked', async () => {
    const outcome = await remediationFixRequester.requestFix(t.bot.services, {
      remediationId: 'iam-deactivate-access-key',
      target: { accountId: '123456789012', region: 'eu-west-1', resource: 'mallory', accessKeyId: 'AKIAEXAMPLEKEY000001' },
      requestedBy: 'U0000USER',
      source: { kind: 'finding', id: 'gd-finding-1' },
    });
    expect(outcome).toMatchObject({ status: 'requested', requestId: expect.any(String) });
    await t.slack.waitFor(() => t.slack.callsTo('chat.postMessage').some((c) => c.args.channel === 'C0000APPR'), 'the approval message');
    const approval = t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0000APPR')!;
    expect(JSON.stringify(approval.args.blocks)).toContain('mallory');
    expect(JSON.stringify(approval.args.blocks)).toContain('U0000USER');
  });

  it("fixes a member account's finding through that account's role", async () => {
    const outcome = await remediationFixRequester.requestFix(t.bot.services, {
      remediationId: 's3-bucket-block-public-access',
      target: { accountId: '210987654321', region: 'eu-west-1', resource: 'member-bucket' },
      requestedBy: 'U0000USER',
      source: { kind: 'finding', id: 'gd-finding-3' },
    });
    expect(outcome.status).toBe('requested');
    const request = await requestStore(t.bot.services).get((outcome as { requestId: string }).requestId);
    expect(request!.target).toMatchObject({ accountId: '210987654321', roleArn: 'arn:aws:iam::210987654321:role/GdprBotScanner', resource: 'member-bucket' });
  });

  it('never fixes a finding from an account the bot has no role for with its own credentials', async () => {
    const outcome = await remediationFixRequester.requestFix(t.bot.services, {
      remediationId: 'iam-deactivate-access-key',
      target: { accountId: '999999999999', region: 'eu-west-1', resource: 'mallory', accessKeyId: 'AKIAEXAMPLEKEY000009' },
      requestedBy: 'U0000USER',
      source: { kind: 'finding', id: 'gd-member-finding' },
    });
    const id = (outcome as { requestId: string }).requestId;
    const store = requestStore(t.bot.services);
    for (let i = 0; i < 200 && (await store.get(id))?.status === 'planning'; i++) await new Promise((r) => setTimeout(r, 25));
    const request = await store.get(id);
    expect(request!.status).toBe('failed');
    expect(request!.error).toMatch(/in account 999999999999, but the bot's credentials are for account 123456789012/);
  });

  it('refuses a fix the catalog does not have, and says why', async () => {
    const outcome = await remediationFixRequester.requestFix(t.bot.services, {
      remediationId: 'format-the-disk',
      target: { accountId: '123456789012', region: 'eu-west-1' },
      requestedBy: 'U0000USER',
      source: { kind: 'finding', id: 'gd-finding-2' },
    });
    expect(outcome).toEqual({ status: 'unavailable', reason: 'there is no fix called format-the-disk' });
  });
});
