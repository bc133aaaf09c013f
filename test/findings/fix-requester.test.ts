import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remediationFixRequester } from '../../src/findings/fixes.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';

/** The Approve fix button of a finding, wired to the real remediation flow (no AWS call until approved). */
describe('Approve fix on a finding creates a remediation request', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t?.close();
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
