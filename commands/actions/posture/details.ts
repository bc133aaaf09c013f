import { ResultStore } from '../../../src/checks/store.js';
import { DataMapStore } from '../../../src/datamap/store.js';
import { detailsMessages, POSTURE_ACTIONS } from '../../../src/checks/messages.js';
import { withWaivers } from '../../../src/waivers/flow.js';
import { anyValue, defineAction } from '../../action.js';

/** How many messages Details posts through the response_url (it takes 5); the report holds the rest. */
const MAX_DETAIL_MESSAGES = 4;

/** The Details button: every failing and unchecked resource, grouped by check, in as many messages as it takes. Members only. */
export const detailsAction = defineAction({
  id: POSTURE_ACTIONS.details,
  what: 'Details button',
  audience: { who: 'members', what: 'Details' },
  parse: anyValue,
  async run({ userId, respond, services }) {
    const [stored, personal] = await Promise.all([
      new ResultStore(services.redis, services.keys).latest(),
      new DataMapStore(services.redis, services.keys).personal(),
    ]);
    const results = await withWaivers(services, stored);
    // Waive… buttons for approvers only (the button and the form check again on the server).
    const approver = await services.approvers.check(userId, services.config.approvers).then(
      (d) => d.allowed,
      () => false,
    );
    const messages = detailsMessages(results, personal, { waiveButtons: approver });
    const shown = messages.slice(0, MAX_DETAIL_MESSAGES);
    for (const [i, m] of shown.entries()) {
      const last = i === shown.length - 1 && messages.length > shown.length;
      const blocks = last
        ? [
            ...(m.blocks ?? []),
            {
              type: 'context' as const,
              elements: [
                {
                  type: 'mrkdwn' as const,
                  text: `${messages.length - shown.length} more message(s) of details left out here: \`/gdpr report\` has every result.`,
                },
              ],
            },
          ]
        : m.blocks;
      await respond({ response_type: 'ephemeral', replace_original: false, text: m.text, ...(blocks ? { blocks } : {}) });
    }
  },
});
