import { getCheck } from '../../../src/checks/registry.js';
import { ResultStore } from '../../../src/checks/store.js';
import { POSTURE_ACTIONS } from '../../../src/checks/messages.js';
import { resourceToken, scopeToken, withWaivers } from '../../../src/waivers/flow.js';
import { targetOptions, waiverModal } from '../../../src/waivers/messages.js';
import { defineAction, valueDecodedBy } from '../../action.js';

/** The check id a Waive… button or the waiver modal's metadata carries; `undefined` for anything else (values can be forged). */
export function checkIdOf(value: string | undefined): string | undefined {
  try {
    const c = (JSON.parse(value ?? '') as { c?: unknown }).c;
    return typeof c === 'string' && getCheck(c) ? c : undefined;
  } catch {
    return undefined; // not JSON: not ours
  }
}

/**
 * The Waive… button of the status Details: opens the waiver modal inline (the trigger_id lives 3 seconds).
 * Approvers only: checked on the click, and again on the submission (commands/views/waiver.ts).
 */
export const waiveAction = defineAction({
  id: POSTURE_ACTIONS.waive,
  what: 'Waive button',
  audience: { who: 'approvers', what: 'Waive…' },
  parse: valueDecodedBy((value) => {
    const checkId = checkIdOf(value);
    return checkId ? getCheck(checkId) : undefined;
  }),
  invalid: 'That button does not name a check I know.',
  async run({ value: check, triggerId, services }) {
    const results = await withWaivers(services, await new ResultStore(services.redis, services.keys).latest());
    const options = targetOptions(results, check.id, { resource: resourceToken, scope: scopeToken });
    if (options.length === 0) return `Nothing of \`${check.id}\` fails without a waiver in the latest results.`;
    await services.slack.views.open({ trigger_id: triggerId ?? '', view: waiverModal(check, options, services.config.waivers.maxDuration) });
    return undefined;
  },
});
