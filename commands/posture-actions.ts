import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { awsRegion } from '../src/config/schema.js';
import { getCheck, type CheckSelector } from '../src/checks/registry.js';
import { startScan } from '../src/checks/scans.js';
import { ResultStore } from '../src/checks/store.js';
import { ACTION_ITEM_NUMBERS, type ActionItem } from '../src/checks/types.js';
import type { Services } from '../src/services.js';
import { code } from '../src/slack/mrkdwn.js';
import { DataMapStore } from '../src/datamap/store.js';
import { detailsMessages } from '../src/slack/posture.js';
import { withWaivers } from '../src/waivers/flow.js';
import { audienceRefusal } from './audience.js';
import { replyWithError } from './errors.js';
import { describeSelector, scanDestination } from './gdpr/scan.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Reads a Rescan button value; anything forged or malformed falls back to nothing (the click is refused). */
export function parseRescanValue(value: string): { selector: CheckSelector; regions: string[] } | undefined {
  try {
    const v = JSON.parse(value) as { selector?: { kind?: string; item?: unknown; ids?: unknown }; regions?: unknown };
    const regions = Array.isArray(v.regions) ? v.regions.filter((r): r is string => typeof r === 'string' && awsRegion.safeParse(r).success) : [];
    const s = v.selector;
    if (s?.kind === 'all') return { selector: { kind: 'all' }, regions };
    if (s?.kind === 'actionItem' && ACTION_ITEM_NUMBERS.includes(s.item as ActionItem)) return { selector: { kind: 'actionItem', item: s.item as ActionItem }, regions };
    if (s?.kind === 'checks' && Array.isArray(s.ids)) {
      const ids = s.ids.filter((id): id is string => typeof id === 'string' && getCheck(id) !== undefined);
      if (ids.length > 0) return { selector: { kind: 'checks', ids }, regions };
    }
  } catch {
    return undefined; // not JSON: not ours
  }
  return undefined;
}

/** The Rescan button: starts the same scan again (deduplicated while one runs). */
export function makeRescanAction(services: Services) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const log = services.log.child({ action: 'scan_rescan', user: body.user.id });
    try {
      const refusal = await audienceRefusal(services, body.user.id, 'members', 'Rescan');
      if (refusal) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: refusal });
        return;
      }
      const parsed = parseRescanValue(action.value ?? '');
      if (!parsed) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: 'That button does not describe a scan I can run.' });
        return;
      }
      const destination = await scanDestination(services, body.channel?.id ?? body.container?.channel_id, body.user.id);
      const { scanId, started } = await startScan(services, { ...parsed, channel: destination.channel, user: body.user.id, trigger: 'rescan' });
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: started
          ? `:mag: Started scan ${code(scanId)} of ${describeSelector(parsed.selector)}. A message ${destination.where} will show its progress.`
          : `A scan of the same scope is already running (${code(scanId)}).`,
      });
    } catch (error) {
      await replyWithError({ error, respond, log, what: 'Rescan button' });
    }
  };
}

/** How many messages Details posts through the response_url (it takes 5); the report holds the rest. */
const MAX_DETAIL_MESSAGES = 4;

/** The Details button: every failing and unchecked resource, grouped by check, in as many messages as it takes. */
export function makeDetailsAction(services: Services) {
  return async ({ ack, body, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const log = services.log.child({ action: 'scan_details', user: body.user.id });
    try {
      const refusal = await audienceRefusal(services, body.user.id, 'members', 'Details');
      if (refusal) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: refusal });
        return;
      }
      const [stored, personal] = await Promise.all([new ResultStore(services.redis, services.keys).latest(), new DataMapStore(services.redis, services.keys).personal()]);
      const results = await withWaivers(services, stored);
      // Waive… buttons for approvers only (the button and the form check again on the server).
      const approver = await services.approvers.check(body.user.id, services.config.approvers).then((d) => d.allowed, () => false);
      const messages = detailsMessages(results, personal, { waiveButtons: approver });
      const shown = messages.slice(0, MAX_DETAIL_MESSAGES);
      for (const [i, m] of shown.entries()) {
        const last = i === shown.length - 1 && messages.length > shown.length;
        const blocks = last ? [...(m.blocks ?? []), { type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: `${messages.length - shown.length} more message(s) of details left out here: \`/gdpr report\` has every result.` }] }] : m.blocks;
        await respond({ response_type: 'ephemeral', replace_original: false, text: m.text, ...(blocks ? { blocks } : {}) });
      }
    } catch (error) {
      await replyWithError({ error, respond, log, what: 'Details button' });
    }
  };
}
