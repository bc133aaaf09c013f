import { awsRegion } from '../../../src/config/schema.js';
import { getCheck, type CheckSelector } from '../../../src/checks/registry.js';
import { startScan } from '../../../src/checks/scans.js';
import { ACTION_ITEM_NUMBERS, type ActionItem } from '../../../src/checks/types.js';
import { code } from '../../../src/slack/mrkdwn.js';
import { POSTURE_ACTIONS } from '../../../src/checks/messages.js';
import { defineAction, valueDecodedBy } from '../../action.js';
import { describeSelector, scanDestination } from '../../gdpr/scan.js';

/** Reads a Rescan button value; anything forged or malformed falls back to nothing (the click is refused). */
export function parseRescanValue(value: string): { selector: CheckSelector; regions: string[] } | undefined {
  try {
    const v = JSON.parse(value) as { selector?: { kind?: string; item?: unknown; ids?: unknown }; regions?: unknown };
    const regions = Array.isArray(v.regions) ? v.regions.filter((r): r is string => typeof r === 'string' && awsRegion.safeParse(r).success) : [];
    const s = v.selector;
    if (s?.kind === 'all') return { selector: { kind: 'all' }, regions };
    if (s?.kind === 'actionItem' && ACTION_ITEM_NUMBERS.includes(s.item as ActionItem))
      return { selector: { kind: 'actionItem', item: s.item as ActionItem }, regions };
    if (s?.kind === 'checks' && Array.isArray(s.ids)) {
      const ids = s.ids.filter((id): id is string => typeof id === 'string' && getCheck(id) !== undefined);
      if (ids.length > 0) return { selector: { kind: 'checks', ids }, regions };
    }
  } catch {
    return undefined; // not JSON: not ours
  }
  return undefined;
}

/** The Rescan button: starts the same scan again (deduplicated while one runs). Members only. */
export const rescanAction = defineAction({
  id: POSTURE_ACTIONS.rescan,
  what: 'Rescan button',
  audience: { who: 'members', what: 'Rescan' },
  parse: valueDecodedBy(parseRescanValue),
  invalid: 'That button does not describe a scan I can run.',
  async run({ value: parsed, userId, channel, services }) {
    const destination = await scanDestination(services, channel, userId);
    const { scanId, started } = await startScan(services, { ...parsed, channel: destination.channel, user: userId, trigger: 'rescan' });
    return started
      ? `:mag: Started scan ${code(scanId)} of ${describeSelector(parsed.selector)}. A message ${destination.where} will show its progress.`
      : `A scan of the same scope is already running (${code(scanId)}).`;
  },
});
