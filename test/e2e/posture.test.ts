import { BatchGetAccountStatusCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { buttonClick } from '../helpers/slack-request.js';
import { awsError, mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

type Block = {
  type: string;
  text?: { text: string };
  accessory?: { action_id: string; value: string };
  elements?: { action_id?: string; value?: string; text?: unknown }[];
};

describe('/gdpr status and /gdpr scan, end to end (real app and Redis, AWS mocked)', () => {
  let t: TestBot;
  let aws: ReturnType<typeof mockSyntheticAccount>;
  const channel = 'C0000SCAN';

  const blocksOf = (body: Record<string, unknown>) => (body.blocks ?? []) as Block[];
  const allText = (blocks: Block[]) => JSON.stringify(blocks);
  const response = async (id: string) => {
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), `the response ${id}`);
    return t.slack.responses.find((r) => r.id === id)!.body;
  };
  const finished = (scanId: string) =>
    [...t.slack.callsTo('chat.update'), ...t.slack.callsTo('chat.postMessage')].find(
      (c) =>
        c.args.channel === channel &&
        allText((c.args.blocks ?? []) as Block[]).includes('Scan finished') &&
        allText((c.args.blocks ?? []) as Block[]).includes(scanId),
    );
  const scanIdIn = (text: string) => /`(scan-[a-z0-9-]+)`/.exec(text)?.[1] ?? '';

  beforeAll(async () => {
    aws = mockSyntheticAccount({ buckets: 6, users: 12, keys: 3, pageSize: 4, misconfigured: true });
    aws
      .stub(Inspector2Client)
      .on(BatchGetAccountStatusCommand)
      .callsFake(() => {
        throw awsError('AccessDeniedException', 'User is not authorized to perform: inspector2:BatchGetAccountStatus');
      });
    // C0000SCAN is listed as members-only, so scans started there post in the channel.
    t = await startTestBot({
      config: {
        channels: { approvals: 'C0000APPR', findings: 'C0000FIND', audit: 'C0000AUDT', private: [channel] },
        scan: { regions: ['eu-west-1', 'eu-central-1'], schedule: '0 6 * * *' },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    aws?.restore();
  });

  it('starts a scan when there are no results yet, says so, then posts one message and updates it to the summary', async () => {
    const first = await t.ask('status', { channel });
    expect(first.response_type).toBe('ephemeral');
    expect(first.text).toMatch(/No scan results yet, so I started a full scan/);
    const scanId = scanIdIn(String(first.text));
    expect(scanId).not.toBe('');
    await t.slack.waitFor(() => finished(scanId) !== undefined, 'the scan summary', 20_000);
    const posts = t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
    expect(posts).toHaveLength(1);
    expect(String(posts[0]!.args.text)).toMatch(/Scanning every check in 1 account\(s\): 0\/2/);
    const summary = finished(scanId)!;
    expect(summary.method).toBe('chat.update');
    expect(String(summary.args.ts)).toMatch(/^\d+\.\d+$/);
  });

  it('answers /gdpr status from the stored results: score, 14 action items, failures with Fix buttons, errors shown as errors', async () => {
    const res = await t.command('status', { responseId: 'status-full', channel });
    expect(res.status).toBe(200);
    // The posture comes back in the acknowledgement itself: one round trip, nothing on the response_url.
    const body = (await res.json()) as Record<string, unknown>;
    expect(t.slack.responses.some((r) => r.id === 'status-full')).toBe(false);
    expect(body.response_type).toBe('ephemeral');
    const blocks = blocksOf(body);
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    expect(blocks[0]!.text!.text).toMatch(/^GDPR posture: \d+%$/);
    const items = blocks.find((b) => b.text?.text.includes('*1. IAM'))!.text!.text.split('\n');
    expect(items).toHaveLength(14);
    expect(items[11]).toMatch(/12\. Encryption at rest\*: \d+ passed · [1-9]\d* failed/);
    const fix = blocks.filter((b) => b.accessory?.action_id === 'remediation_fix');
    expect(fix.length).toBeGreaterThan(0);
    const value = JSON.parse(fix[0]!.accessory!.value) as { c: string; a: string; r: string };
    expect(value.a).toBe(SYNTHETIC_ACCOUNT_ID);
    expect(allText(blocks)).toContain('bucket-00000');
    expect(allText(blocks)).toMatch(/could not check: AccessDeniedException on inspector2:BatchGetAccountStatus/);
    const buttons = blocks.find((b) => b.type === 'actions')!.elements!.map((e) => e.action_id);
    expect(buttons).toEqual(['scan_rescan', 'scan_details']);
  });

  it('never reports an unreadable check as passing', async () => {
    const text = allText(blocksOf(await t.ask('status', { channel })));
    const line = /:(\w+): \*11\. Centralised security management\*: ([^"\\]*)/.exec(text)!;
    expect(line[1]).not.toBe('white_check_mark');
    expect(line[2]).toMatch(/could not check/);
  });

  it('/gdpr scan 12 eu-west-1 keeps one message updated and deduplicates a second request while it runs', async () => {
    const [a, b] = await Promise.all([
      t.command('scan 12 eu-west-1', { responseId: 'scan-a', channel }),
      t.command('scan 12 eu-west-1', { responseId: 'scan-b', channel }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const texts = [String((await response('scan-a')).text), String((await response('scan-b')).text)];
    expect(texts.filter((x) => x.includes('Started scan'))).toHaveLength(1);
    expect(texts.filter((x) => x.includes('already running'))).toHaveLength(1);
    const scanId = scanIdIn(texts.find((x) => x.includes('Started scan'))!);
    expect(scanIdIn(texts.find((x) => x.includes('already running'))!)).toBe(scanId);
    await t.slack.waitFor(() => finished(scanId) !== undefined, 'the item-12 scan summary', 20_000);
    const summary = allText((finished(scanId)!.args.blocks ?? []) as Block[]);
    // The most severe item-12 failure of the misconfigured account (a public, unencrypted RDS snapshot) leads
    // the summary; only the five most severe are listed, so a medium one may not be.
    expect(summary).toContain('rds_snapshots_encrypted_and_private');
    expect(summary).not.toContain('iam_root_mfa_enabled');
  });

  it('rejects what it does not understand instead of scanning everything', async () => {
    await t.command('scan 15 nonsense', { responseId: 'scan-bad', channel });
    expect(String((await response('scan-bad')).text)).toMatch(/I don't know `15`, `nonsense`/);
  });

  it('Details lists every failing resource; Rescan starts a scan', async () => {
    await t.post(
      buttonClick({ actionId: 'scan_details', value: 'latest', userId: 'U0000USER', responseUrl: t.slack.responseUrl('details'), channelId: channel }),
    );
    // Details come in several messages (at most four here), the most severe checks first.
    const parts = () => t.slack.responses.filter((r) => r.id === 'details').map((r) => r.body);
    const total = (body: Record<string, unknown>) => Number(/\((\d+)\/(\d+)\)/.exec(String(body.text))?.[2] ?? 1);
    await t.slack.waitFor(() => parts().length > 0 && parts().length >= Math.min(4, total(parts()[0]!)), 'every Details message');
    const details = parts()
      .map((p) => allText(blocksOf(p)))
      .join('\n');
    expect(details).toContain('bucket-00002');
    // A public bucket is critical: it is in the first message, before any low-severity check.
    expect(allText(blocksOf(parts()[0]!))).toContain('s3_bucket_public_access_blocked');
    const rescanValue = JSON.stringify({ selector: { kind: 'checks', ids: ['ebs_default_encryption'] }, regions: ['eu-west-1'] });
    await t.post(
      buttonClick({ actionId: 'scan_rescan', value: rescanValue, userId: 'U0000USER', responseUrl: t.slack.responseUrl('rescan'), channelId: channel }),
    );
    const rescan = await response('rescan');
    expect(String(rescan.text)).toMatch(/Started scan `scan-[a-z0-9-]+` of check `ebs_default_encryption`/);
    await t.post(
      buttonClick({
        actionId: 'scan_rescan',
        value: '{"selector":{"kind":"checks","ids":["<!channel>"]}}',
        userId: 'U0000USER',
        responseUrl: t.slack.responseUrl('forged'),
        channelId: channel,
      }),
    );
    expect(String((await response('forged')).text)).toMatch(/does not describe a scan/);
  });

  it('/gdpr report is for approvers: anyone else is refused and nothing is uploaded', async () => {
    await t.command('report csv', { responseId: 'report-refused', channel, user: 'U0000USER' });
    expect(String((await response('report-refused')).text)).toMatch(/Only approvers can use `\/gdpr report`/);
    expect(t.slack.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('/gdpr status and /gdpr scan are not for guests', async () => {
    t.slack.users.set('U0000GUEST', { id: 'U0000GUEST', is_restricted: true });
    expect(String((await t.ask('status', { channel, user: 'U0000GUEST' })).text)).toMatch(/Guest accounts cannot use `\/gdpr status`/);
  });

  it('/gdpr report csv uploads an evidence file to the channel', async () => {
    await t.command('report csv', { responseId: 'report', channel, user: 'U0000APPR1' });
    expect(String((await response('report')).text)).toMatch(/Preparing the evidence report \(CSV\)/);
    await t.slack.waitFor(() => t.slack.callsTo('files.completeUploadExternal').length > 0, 'the upload to complete', 15_000);
    const complete = t.slack.callsTo('files.completeUploadExternal')[0]!;
    expect(complete.args.channel_id).toBe(channel);
    const upload = t.slack.uploads[0]!;
    expect(upload.content).toContain('article,check_id,title,action_item,severity,account_id,region,resource,status,message');
    expect(upload.content).toContain(`Art. 32,s3_bucket_default_encryption`);
    expect(upload.content).toContain(SYNTHETIC_ACCOUNT_ID);
  });

  it('/gdpr report typed in a channel that is not members-only goes to the requester by DM, never to that channel', async () => {
    const shared = 'C0000SHARE';
    const before = t.slack.callsTo('files.completeUploadExternal').length;
    await t.command('report md', { responseId: 'report-shared', channel: shared, user: 'U0000APPR1' });
    expect(String((await response('report-shared')).text)).toMatch(/uploaded in a direct message to you/);
    await t.slack.waitFor(() => t.slack.callsTo('files.completeUploadExternal').length > before, 'the upload to complete', 15_000);
    const complete = t.slack.callsTo('files.completeUploadExternal')[before]!;
    const dm = t.slack.callsTo('conversations.open').find((c) => c.args.users === 'U0000APPR1');
    expect(dm).toBeDefined();
    expect(complete.args.channel_id).not.toBe(shared);
    expect(String(complete.args.channel_id)).toMatch(/^D/);
  });
});
