import { awsRegion } from '../../src/config/schema.js';
import { parseCheckSelector, type CheckSelector } from '../../src/checks/registry.js';
import { startScan } from '../../src/checks/scans.js';
import type { Services } from '../../src/services.js';
import { dmChannel } from '../../src/notify/dm.js';
import { code } from '../../src/slack/mrkdwn.js';
import type { Subcommand } from '../subcommand.js';

/**
 * Where a scan started from Slack posts its progress and summary (which name failing resources): the
 * channel it was started from when that channel is listed in `channels.private` (members only), else
 * the requester alone, by direct message. A channel not listed may hold guests or Slack Connect members,
 * who must not see the posture.
 */
export async function scanDestination(
  services: Pick<Services, 'config' | 'redis' | 'keys' | 'slack'>,
  channelId: string | undefined,
  userId: string,
): Promise<{ channel: string; where: string }> {
  if (channelId && services.config.channels.private.includes(channelId)) return { channel: channelId, where: 'in this channel' };
  return { channel: await dmChannel(services, userId), where: 'in a direct message to you' };
}

/** Describes a selector for people: "every check", "action item 12", "2 check(s)". */
export function describeSelector(selector: CheckSelector): string {
  if (selector.kind === 'all') return 'every check';
  if (selector.kind === 'actionItem') return `action item ${selector.item}`;
  return selector.ids.length === 1 ? `check ${code(selector.ids[0]!)}` : `${selector.ids.length} checks`;
}

/** `/gdpr scan [all | <1-14> | <check_id>] [region …]`: starts a scan; a message follows its progress (see {@link scanDestination}). */
export const scan: Subcommand = {
  name: 'scan',
  usage: '[all | <1-14> | <check_id>] [region …]',
  summary: 'scan AWS now; a message follows the progress (in this channel if it is members-only, else by DM)',
  async run({ args, services, respond, channelId, userId }) {
    const regions = args.filter((a) => awsRegion.safeParse(a).success);
    const { selector, unknown } = parseCheckSelector(args.filter((a) => !awsRegion.safeParse(a).success));
    if (unknown.length > 0) {
      await respond({
        response_type: 'ephemeral',
        text: `I don't know ${unknown
          .slice(0, 5)
          .map((u) => code(u.slice(0, 80)))
          .join(', ')}. Use \`all\`, an action item number 1–14, a check id (see \`/gdpr report\`), and optionally regions such as \`eu-west-1\`.`,
      });
      return;
    }
    const destination = await scanDestination(services, channelId, userId);
    const { scanId, started } = await startScan(services, { selector, regions, channel: destination.channel, user: userId, trigger: 'slack' });
    const where =
      regions.length > 0
        ? regions.map(code).join(', ')
        : services.config.scan.regions
          ? 'the configured regions (`scan.regions`)'
          : 'every region enabled in the account(s)';
    await respond({
      response_type: 'ephemeral',
      text: started
        ? `:mag: Started scan ${code(scanId)} of ${describeSelector(selector)} in ${where}. A message ${destination.where} will show its progress and then the summary.`
        : `A scan of ${describeSelector(selector)} in ${where} is already running (${code(scanId)}); its message where it was started will show the result.`,
    });
  },
};
