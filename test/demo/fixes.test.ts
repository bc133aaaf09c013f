import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultStore } from '../../src/checks/store.js';
import { DEMO_CHANNELS, DEMO_USERS, startDemo, type DemoHandle } from '../../src/demo/demo.js';
import type { DemoMessage } from '../../src/demo/slack.js';
import { LogCapture } from '../helpers/bot.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';

/**
 * The demo's synthetic account is misconfigured on purpose, and every fix the bot offers for it works:
 * applied through the real remediation, it changes the account, and the verification re-scan passes.
 */
describe('gdpr-bot demo: every fix offered for the synthetic account is verified', () => {
  let demo: DemoHandle;
  const logs = new LogCapture();
  const [alice, bob] = DEMO_USERS as [(typeof DEMO_USERS)[0], (typeof DEMO_USERS)[0]];

  const waitFor = async (what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await predicate())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const blocksText = (m: DemoMessage) => JSON.stringify(m.blocks ?? []) + m.text;
  const approvalOf = (requestId: string) =>
    demo.slack.messages.find((m) => m.channel === DEMO_CHANNELS.approvals.id && !m.threadTs && blocksText(m).includes(requestId));
  const approveRef = (m: DemoMessage) => {
    const i = (m.blocks ?? []).findIndex((b) => b.type === 'actions' && b.elements?.some((e) => e.action_id === 'remediation_approve'));
    const j = m.blocks?.[i]?.elements?.findIndex((e) => e.action_id === 'remediation_approve') ?? -1;
    return i >= 0 && j >= 0 ? `m|${m.channel}|${m.ts}|${i}|${j}` : undefined;
  };

  beforeAll(async () => {
    demo = await startDemo({ redisUrl: TEST_REDIS_URL, logDestination: logs });
    const store = new ResultStore(demo.bot.services.redis, demo.bot.services.keys);
    await waitFor('the first scan', async () => (await store.lastScan())?.state === 'finished');
  }, 40_000);
  afterAll(async () => {
    await demo?.close();
  });

  it.each([
    ['s3_bucket_public_access_blocked', 'acme-customer-exports', () => demo.aws.bucketBlock.get('acme-customer-exports')?.RestrictPublicBuckets === true],
    ['s3_bucket_default_encryption', 'acme-customer-exports', () => demo.aws.bucketEncryption.has('acme-customer-exports')],
    ['s3_bucket_tls_only', 'acme-customer-exports', () => (demo.aws.bucketPolicy.get('acme-customer-exports') ?? '').includes('aws:SecureTransport')],
    ['s3_account_public_access_blocked', '', () => demo.aws.accountBlock.RestrictPublicBuckets === true],
    ['ebs_default_encryption', 'eu-west-1', () => demo.aws.ebsDefaultOn.has('eu-west-1')],
    ['securityhub_enabled', 'eu-west-1', () => demo.aws.standards.some((s) => s.status === 'READY')],
  ])('/gdpr fix %s %s → Bob approves → the synthetic account is changed and the fix verified', async (checkId, resource, changed) => {
    expect(changed()).toBe(false);
    const before = demo.slack.messages.length;
    expect(await demo.slack.command(alice.id, DEMO_CHANNELS.security.id, `/gdpr fix ${checkId} ${resource}`.trim())).toEqual({ ok: true });
    let requestId = '';
    await waitFor('the request id', () => {
      requestId =
        demo.slack.messages
          .slice(before)
          .map((m) => /`(R[0-9A-F]{10})`/.exec(m.text)?.[1])
          .find(Boolean) ?? '';
      return requestId !== '';
    });
    await waitFor('the plan and its Approve button', () => approvalOf(requestId) !== undefined && approveRef(approvalOf(requestId)!) !== undefined);
    expect(await demo.slack.click(bob.id, approveRef(approvalOf(requestId)!)!)).toEqual({ ok: true });
    await waitFor(`${checkId} to be fixed and verified`, () => blocksText(approvalOf(requestId)!).includes('Fixed and verified'));
    expect(changed()).toBe(true);
  });
});
