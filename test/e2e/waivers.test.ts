import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultStore } from '../../src/checks/store.js';
import type { CheckResult } from '../../src/checks/types.js';
import { Keys } from '../../src/redis/keys.js';
import { waiverStore } from '../../src/waivers/flow.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { interactions } from '../helpers/interactions.js';
import { testRedis } from '../helpers/redis.js';
import { buttonClick, viewSubmission } from '../helpers/slack-request.js';

const ACCOUNT = '111122223333';
const APPROVER = 'U0000APPR1';
const MEMBER = 'U0000USER1';
const GUEST = 'U0000GUEST';
const BUCKET = 'arn:aws:s3:::static-assets';
const r = (resource: string, status: CheckResult['status'], checkId = 's3_bucket_tls_only'): CheckResult => ({
  checkId,
  accountId: ACCOUNT,
  region: 'eu-west-1',
  status,
  resource,
  message: `${checkId}: ${resource} is ${status}`,
});

type Block = { type: string; text?: { text: string }; accessory?: { action_id: string; value: string } };

describe('waivers in Slack, end to end (real app, Redis and workers; Slack test server)', () => {
  let t: TestBot;
  let redis: Redis;
  let ix: ReturnType<typeof interactions>;
  const channel = 'C0000WAIV';

  beforeAll(async () => {
    // A guest listed as an approver is still no approver.
    t = await startTestBot({ config: { approvers: { users: [APPROVER, GUEST], usergroups: [] } } });
    t.slack.users.set(GUEST, { id: GUEST, is_restricted: true });
    ix = interactions(t);
    redis = testRedis();
    await new ResultStore(redis, new Keys(t.prefix)).saveResults('scan-1', new Date().toISOString(), [
      r(BUCKET, 'fail'),
      r('arn:aws:s3:::exports', 'fail'),
      r('arn:aws:s3:::unreadable', 'error'),
      r('arn:aws:s3:::fine', 'pass', 's3_bucket_default_encryption'),
    ]);
  });
  afterAll(async () => {
    redis?.disconnect();
    await t?.close();
  });

  const store = () => waiverStore(t.bot.services);
  const detailsFor = async (user: string) => {
    const body = await ix.click('scan_details', 'latest', user, { channelId: channel });
    return (body.blocks ?? []) as Block[];
  };
  const submit = async (user: string, target: string, justification = 'Public static assets only, no personal data.') => {
    const res = await t.post(
      viewSubmission({
        userId: user,
        callbackId: 'waiver_modal',
        privateMetadata: JSON.stringify({ c: 's3_bucket_tls_only' }),
        values: {
          target: { value: { type: 'static_select', selected_option: { value: target } } },
          duration: { value: { type: 'plain_text_input', value: '30d' } },
          justification: { value: { type: 'plain_text_input', value: justification } },
        },
      }),
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    return text ? (JSON.parse(text) as { response_action?: string; errors?: Record<string, string> }) : {};
  };

  it('/gdpr waive is refused to a member who is not an approver, and nothing is waived', async () => {
    const answer = await t.ask(`waive s3_bucket_tls_only static-assets 30d Public static assets only.`, { user: MEMBER, channel });
    expect(String(answer.text)).toMatch(/Only approvers can use `\/gdpr waive`/);
    expect(await store().active()).toEqual([]);
    expect(String((await t.ask('waivers', { user: MEMBER, channel })).text)).toMatch(/No waivers are active/);
  });

  it('the Waive… button is shown to approvers only; a member who clicks a forged one is refused and no form opens', async () => {
    expect((await detailsFor(MEMBER)).some((b) => b.accessory?.action_id === 'waiver_open')).toBe(false);
    const button = (await detailsFor(APPROVER)).find((b) => b.accessory?.action_id === 'waiver_open')!;
    expect(JSON.parse(button.accessory!.value)).toEqual({ c: 's3_bucket_tls_only' });
    const refused = await ix.click('waiver_open', button.accessory!.value, MEMBER, { channelId: channel });
    expect(String(refused.text)).toMatch(/Only approvers can use Waive…/);
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('an approver opens the form from Details; a member submitting it is refused; the approver grants the waiver', async () => {
    // The form opens in place of an answer: nothing is posted to the response_url.
    const res = await t.post(
      buttonClick({
        actionId: 'waiver_open',
        value: JSON.stringify({ c: 's3_bucket_tls_only' }),
        userId: APPROVER,
        responseUrl: t.slack.responseUrl('waive-open'),
        channelId: channel,
      }),
    );
    expect(res.status).toBe(200);
    await t.slack.waitFor(() => t.slack.callsTo('views.open').length === 1, 'the Waive… modal');
    const view = t.slack.callsTo('views.open')[0]!.args.view as {
      blocks: { block_id?: string; element?: { options?: { text: { text: string }; value: string }[] } }[];
    };
    const options = view.blocks.find((b) => b.block_id === 'target')!.element!.options!;
    // The failing resources and the whole account/region; never the error, never the pass.
    expect(options.map((o) => o.text.text).sort()).toEqual(['All of it in 111122223333/eu-west-1', 'arn:aws:s3:::exports', BUCKET].sort());
    const token = options.find((o) => o.text.text === BUCKET)!.value;

    for (const user of [MEMBER, GUEST]) {
      const refused = await submit(user, token);
      expect(refused.response_action).toBe('errors');
      expect(JSON.stringify(refused.errors)).toMatch(user === GUEST ? /guest accounts cannot approve/ : /Only approvers/);
    }
    expect(await store().active()).toEqual([]);

    const granted = await submit(APPROVER, token);
    expect(granted.response_action).toBe('clear');
    const [waiver] = await store().active();
    expect(waiver).toMatchObject({ checkId: 's3_bucket_tls_only', resource: BUCKET, grantedBy: APPROVER, status: 'active' });
    await t.slack.waitFor(() => ix.latestMessage('C0000APPR', waiver!.id) !== undefined, 'the notice in the approvals channel');
    expect(String(ix.latestMessage('C0000APPR', waiver!.id)!.args.text)).toMatch(/Risk accepted/);
    expect(await ix.auditActions(waiver!.id)).toEqual(['waiver.granted']);
  });

  it('/gdpr report sarif carries the waived failure as a failure with an accepted suppression: who, why, until', async () => {
    const answer = String((await t.ask('report sarif', { user: APPROVER, channel })).text);
    expect(answer).toMatch(/Preparing the evidence report \(SARIF\)/);
    await t.slack.waitFor(() => t.slack.uploads.length > 0, 'the SARIF upload', 15_000);
    const sarif = JSON.parse(t.slack.uploads[0]!.content) as {
      runs: {
        results: {
          kind: string;
          locations: { logicalLocations: { fullyQualifiedName: string }[] }[];
          suppressions?: { status: string; justification: string; properties: { grantedBy: string; expiresAt: string } }[];
        }[];
      }[];
    };
    const at = (name: string) => sarif.runs[0]!.results.find((x) => x.locations[0]!.logicalLocations[0]!.fullyQualifiedName === name)!;
    expect(at(BUCKET).kind).toBe('fail');
    expect(at(BUCKET).suppressions).toEqual([
      expect.objectContaining({
        status: 'accepted',
        justification: 'Public static assets only, no personal data.',
        properties: expect.objectContaining({ grantedBy: APPROVER }),
      }),
    ]);
    expect(at('arn:aws:s3:::exports').suppressions).toBeUndefined();
    expect(at('arn:aws:s3:::unreadable')).toMatchObject({ kind: 'open' });
  });

  it('status shows the waived failure as waived, not passing; /gdpr waivers lists it; revoking makes it a failure again', async () => {
    const status = JSON.stringify((await t.ask('status', { user: MEMBER, channel })).blocks);
    // The check still fails (another bucket): one waived result, shown apart, never as a pass.
    expect(status).toMatch(/13\. Encryption in transit\*: 0 passed · 1 failed/);
    expect(status).toContain(':shield: 1 waived result(s) (accepted risks, not passing)');
    const list = String((await t.ask('waivers', { user: MEMBER, channel })).text);
    expect(list).toMatch(/Active waivers\* \(1\)/);
    expect(list).toContain('Public static assets only, no personal data.');
    const [waiver] = await store().active();

    expect(String((await t.ask(`waive revoke ${waiver!.id}`, { user: MEMBER, channel })).text)).toMatch(/Only approvers/);
    expect(String((await t.ask(`waive revoke ${waiver!.id}`, { user: APPROVER, channel })).text)).toMatch(/revoked/);
    expect(await store().active()).toEqual([]);
    expect(JSON.stringify((await t.ask('status', { user: MEMBER, channel })).blocks)).not.toContain('waived');
    expect(await ix.auditActions(waiver!.id)).toEqual(['waiver.granted', 'waiver.revoked']);
  });

  it('the sweep runs on a job scheduler', async () => {
    const schedulers = await t.bot.services.queues.get('waivers').getJobSchedulers();
    expect(schedulers.map((x) => [x.key, x.every])).toEqual([['sweep', 60_000]]);
  });

  it('/gdpr waive by an approver refuses what could not be checked', async () => {
    const answer = String((await t.ask('waive s3_bucket_tls_only unreadable 30d The bucket is being deleted next week.', { user: APPROVER, channel })).text);
    expect(answer).toMatch(/could not be checked/);
    expect(await store().active()).toEqual([]);
  });
});
