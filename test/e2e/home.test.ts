import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { decodePng } from '../helpers/png.js';
import { appHomeOpened, homeTabClick } from '../helpers/slack-events.js';
import { mockSyntheticAccount } from '../helpers/synthetic-aws.js';

type Block = {
  type: string;
  text?: { text: string };
  slack_file?: { id: string };
  alt_text?: string;
  accessory?: { action_id: string; value: string };
  elements?: { action_id?: string; value?: string }[];
};

describe('the App Home tab, end to end (signed events, real app and Redis, AWS mocked)', () => {
  let t: TestBot;
  let aws: ReturnType<typeof mockSyntheticAccount>;
  const channel = 'C0000SCAN';
  const APPROVER = 'U0000APPR1';
  const MEMBER = 'U0000USER';
  const GUEST = 'U0000GUEST';

  const publishes = (user: string) => t.slack.callsTo('views.publish').filter((c) => c.args.user_id === user);
  const blocksOf = (call: { args: Record<string, unknown> }) => ((call.args.view as { blocks: Block[] }).blocks ?? []) as Block[];
  const buttons = (blocks: Block[]) => blocks.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]);
  /** Opens the Home tab as `user` and returns the blocks of the view published for them. */
  const open = async (user: string) => {
    const before = publishes(user).length;
    const res = await t.post(appHomeOpened({ userId: user }), { contentType: 'application/json' });
    expect(res.status).toBe(200);
    await t.slack.waitFor(() => publishes(user).length > before, `the Home tab of ${user}`, 20_000);
    const call = publishes(user).at(-1)!;
    expect((call.args.view as { type: string }).type).toBe('home');
    return blocksOf(call);
  };
  const scanFinished = (scanId: string) =>
    t.slack
      .callsTo('chat.update')
      .some(
        (c) =>
          c.args.channel === channel && JSON.stringify(c.args.blocks ?? []).includes('Scan finished') && JSON.stringify(c.args.blocks ?? []).includes(scanId),
      );
  const scan = async () => {
    const answer = await t.ask('scan', { channel });
    const scanId = /`(scan-[a-z0-9-]+)`/.exec(String(answer.text))?.[1] ?? '';
    await t.slack.waitFor(() => scanFinished(scanId), 'the scan summary', 30_000);
  };

  beforeAll(async () => {
    aws = mockSyntheticAccount({ buckets: 4, users: 6, keys: 2, misconfigured: true });
    t = await startTestBot({ config: { channels: { approvals: 'C0000APPR', findings: 'C0000FIND', audit: 'C0000AUDT', private: [channel] } } });
    t.slack.users.set(GUEST, { id: GUEST, is_restricted: true });
  });
  afterAll(async () => {
    await t?.close();
    aws?.restore();
  });

  it('before any scan, the Home tab says so and lists what is not set up yet', async () => {
    const text = JSON.stringify(await open(APPROVER));
    expect(text).toContain('GDPR posture: no scan yet');
    expect(text).toContain('Not set up yet');
    expect(text).toContain('A first scan');
  });

  it('the messages tab publishes nothing', async () => {
    const before = t.slack.callsTo('views.publish').length;
    const res = await t.post(appHomeOpened({ userId: MEMBER, tab: 'messages' }), { contentType: 'application/json' });
    expect(res.status).toBe(200);
    // The same user's Home tab afterwards is published: the messages-tab event was handled (and ignored) before it.
    await open(MEMBER);
    expect(t.slack.callsTo('views.publish').length).toBe(before + 1);
  });

  it('after a scan: the score, the charts as image blocks of uploaded PNGs, the riskiest failures with Fix', async () => {
    await scan();
    const blocks = await open(MEMBER);
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(blocks[0]!.text!.text).toMatch(/^GDPR posture: \d+%$/);
    const images = blocks.filter((b) => b.type === 'image');
    expect(images.length, t.logs.lines.filter((l) => l.includes('chart')).join('\n')).toBe(2);
    for (const image of images) {
      const upload = t.slack.uploads.find((u) => u.fileId === image.slack_file!.id);
      expect(upload, 'the image is an uploaded file').toBeDefined();
      expect(upload!.channel).toBeUndefined(); // kept private to the bot, not shared in a channel
      const png = decodePng(upload!.bytes);
      expect(png.width).toBeGreaterThan(500);
    }
    expect(images[1]!.alt_text).toMatch(/1: \d+ passed, \d+ failed/);
    const text = JSON.stringify(blocks);
    expect(text).toContain('Riskiest failures');
    expect(buttons(blocks).some((b) => b.action_id === 'remediation_fix')).toBe(true);
    // A member is not an approver: no approvals section.
    expect(text).not.toContain('waiting for your approval');
  });

  it('Fix on the Home tab files a request (answered in the Messages tab); the approver, not the requester, sees it to approve', async () => {
    const memberHome = await open(MEMBER);
    const fix = buttons(memberHome).find((b) => b.action_id === 'remediation_fix')!;
    const res = await t.post(homeTabClick({ userId: MEMBER, actionId: 'remediation_fix', value: fix.value! }));
    expect(res.status).toBe(200);
    // No response_url on a view: the answer goes to the clicker's DM with the bot.
    await t.slack.waitFor(() => t.slack.callsTo('chat.postMessage').some((c) => c.args.channel === MEMBER), 'the answer to the Fix click');
    const answer = t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === MEMBER)!;
    expect(String(answer.args.text)).toMatch(/R[0-9A-F]{10}/);
    const requestId = /R[0-9A-F]{10}/.exec(String(answer.args.text))![0];
    // Once planned, the request waits for approval.
    await t.slack.waitFor(
      () => t.slack.callsTo('chat.update').some((c) => JSON.stringify(c.args).includes(requestId) && JSON.stringify(c.args).includes('remediation_approve')),
      'the planned approval message',
      20_000,
    );
    const approve = buttons(await open(APPROVER)).find((b) => b.action_id === 'remediation_approve');
    expect(approve?.value).toBe(requestId);
    const again = buttons(await open(MEMBER));
    expect(again.some((b) => b.action_id === 'remediation_approve')).toBe(false);
  });

  it('/gdpr status chart uploads the two charts as PNGs in the members-only channel, with the numbers in their descriptions', async () => {
    const answer = await t.ask('status chart', { channel });
    expect(String(answer.text)).toContain('Drawing the posture charts');
    await t.slack.waitFor(() => t.slack.uploads.filter((u) => u.channel === channel).length >= 2, 'the charts in the channel', 20_000);
    const uploads = t.slack.uploads.filter((u) => u.channel === channel);
    expect(uploads.map((u) => u.filename).sort()).toEqual(['gdpr-posture-items.png', 'gdpr-posture-trend.png']);
    for (const u of uploads) expect(decodePng(u.bytes).height).toBeGreaterThan(300);
    const asked = t.slack
      .callsTo('files.getUploadURLExternal')
      .filter((c) => String(c.args.filename).startsWith('gdpr-posture-'))
      .map((c) => String(c.args.alt_txt ?? c.args.alt_text ?? ''));
    expect(asked.some((a) => /Posture score over the last 90 days \(\d+ scans?\): \d+% on/.test(a))).toBe(true);
  });

  it('open breach assessments with their clocks: shown to an approver, not to a member', async () => {
    const answer = await t.ask('breach open Customer export bucket was public', { user: APPROVER, channel });
    const id = /BR-[0-9a-f]{8}/.exec(JSON.stringify(answer))?.[0];
    expect(id, JSON.stringify(answer)).toBeDefined();
    const approverText = JSON.stringify(await open(APPROVER));
    expect(approverText).toContain('Open breach assessments* (1;');
    expect(approverText).toMatch(new RegExp(`\`${id}\` Customer export bucket was public: \\*\\d+ h left\\*`));
    expect(JSON.stringify(await open(MEMBER))).not.toContain('Open breach assessments');
  });

  it('a guest gets the restricted view: no score, no failures, no buttons', async () => {
    const blocks = await open(GUEST);
    const text = JSON.stringify(blocks);
    expect(text).toContain('members of this workspace only');
    expect(text).not.toContain('GDPR posture:');
    expect(buttons(blocks)).toEqual([]);
  });

  it('a later scan refreshes the Home tabs of the people who opened theirs', async () => {
    const before = { approver: publishes(APPROVER).length, member: publishes(MEMBER).length, guest: publishes(GUEST).length };
    await scan();
    await t.slack.waitFor(() => publishes(APPROVER).length > before.approver && publishes(MEMBER).length > before.member, 'the refreshed Home tabs', 20_000);
    // The guest never passed the check on opening, so was not remembered.
    expect(publishes(GUEST).length).toBe(before.guest);
    expect(blocksOf(publishes(MEMBER).at(-1)!)[0]!.text!.text).toMatch(/^GDPR posture: \d+%$/);
  });
});
