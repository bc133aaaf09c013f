import { afterEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { DEFAULT_REGIONS, mockDeniedAccount, mockSyntheticAccount } from '../helpers/synthetic-aws.js';

type Block = { type: string; text?: { text: string }; elements?: { text?: string }[] };

/**
 * What a score covers, end to end: the real bot, Redis and a Slack stand-in, AWS mocked. A scan covers
 * every region enabled in the account unless told otherwise, says which enabled regions it left out,
 * and an account where nothing can be read is "nothing could be checked", never a score.
 */
describe('scan coverage in Slack', () => {
  let t: TestBot | undefined;
  let restore: (() => void) | undefined;
  const channel = 'C0000COVR';
  // Members only: scans started there post their progress and summary in the channel.
  const PRIVATE_CHANNELS = { approvals: 'C0000APPR', findings: 'C0000FIND', audit: 'C0000AUDT', private: [channel] };
  afterEach(async () => {
    await t?.close();
    restore?.();
    t = undefined;
    restore = undefined;
  });

  const text = (blocks: Block[]) => JSON.stringify(blocks);
  const scanIdIn = (s: string) => /`(scan-[a-z0-9-]+)`/.exec(s)?.[1] ?? '';
  async function scanAndWait(bot: TestBot, args: string): Promise<{ scanId: string; summary: Block[] }> {
    const started = await bot.ask(`scan ${args}`, { channel });
    const scanId = scanIdIn(String(started.text));
    expect(scanId, String(started.text)).not.toBe('');
    let summary: Block[] | undefined;
    await bot.slack.waitFor(
      () => {
        const call = [...bot.slack.callsTo('chat.update'), ...bot.slack.callsTo('chat.postMessage')].find(
          (c) =>
            c.args.channel === channel &&
            text((c.args.blocks ?? []) as Block[]).includes('Scan finished') &&
            text((c.args.blocks ?? []) as Block[]).includes(scanId),
        );
        summary = call?.args.blocks as Block[] | undefined;
        return summary !== undefined;
      },
      'the scan summary',
      30_000,
    );
    return { scanId, summary: summary! };
  }

  it('scans every enabled region by default (opted-in ones too) and says it covered them all', async () => {
    restore = mockSyntheticAccount({ buckets: 1, optedIn: ['eu-south-2'] }).restore;
    t = await startTestBot({ config: { channels: PRIVATE_CHANNELS, scan: { regions: undefined } } });
    const started = await t.ask('scan 12', { channel });
    expect(String(started.text)).toContain('every region enabled in the account(s)');
    const { summary } = await scanAndWait(t, '12');
    expect(text(summary)).toContain(`Covers ${DEFAULT_REGIONS.length + 1} region(s) in 1 account, every enabled region.`);
    const status = await t.ask('status', { channel });
    const regions = new Set([...text(status.blocks as Block[]).matchAll(/\b([a-z]{2}-[a-z]+-\d)\b/g)].map((m) => m[1]));
    expect(regions.has('af-south-1')).toBe(false);
    expect(text(status.blocks as Block[])).toContain('every enabled region');
  });

  it('names the enabled regions a narrowed scan left out, in the summary, /gdpr status and the CSV report', async () => {
    restore = mockSyntheticAccount({ buckets: 1 }).restore;
    t = await startTestBot({ config: { channels: PRIVATE_CHANNELS, scan: { regions: ['eu-west-1'] } } });
    const { summary } = await scanAndWait(t, '12');
    expect(text(summary)).toContain('Covers 1 region(s) in 1 account');
    expect(text(summary)).toMatch(/Not checked: ap-northeast-1, [^"]*us-west-2: enabled but outside the scanned regions/);
    const status = text((await t.ask('status', { channel })).blocks as Block[]);
    expect(status).toMatch(/Not checked: ap-northeast-1, /);
    expect(status).not.toMatch(/Not checked: [^"]*eu-west-1/);
    // The evidence report an approver uploads says so too: a not_checked row per region left out.
    await t.command('report csv', { responseId: 'report', channel, user: 'U0000APPR1' });
    await t.slack.waitFor(() => t!.slack.uploads.length > 0, 'the report upload', 15_000);
    const rows = t.slack.uploads[0]!.content.split('\n');
    const notChecked = rows.filter((r) => r.includes(',not_checked,')).map((r) => r.split(',')[6]);
    expect(notChecked).toContain('ap-northeast-1');
    expect(notChecked).not.toContain('eu-west-1');
  });

  it('says "nothing could be checked" when every call but sts:GetCallerIdentity is denied, never a score', async () => {
    restore = mockDeniedAccount().restore;
    t = await startTestBot({ config: { channels: PRIVATE_CHANNELS, scan: { regions: undefined } } });
    await scanAndWait(t, 'all');
    const status = await t.ask('status', { channel });
    const blocks = status.blocks as Block[];
    expect(blocks[0]!.text!.text).toBe('GDPR posture: nothing could be checked');
    expect(String(status.text)).toMatch(/^GDPR posture: nothing could be checked/);
    expect(text(blocks)).toContain('Nothing could be checked.');
    expect(text(blocks)).toMatch(/its enabled regions could not be listed \(AccessDenied on ec2:DescribeRegions\)/);
    expect(text(blocks)).not.toMatch(/white_check_mark/);
  });
});
