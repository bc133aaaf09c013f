import { ACTIONS, restoreAskText } from '../../../src/remediations/messages.js';
import { requestRestore } from '../../../src/remediations/requests.js';
import { defineAction, valueMatching } from '../../action.js';
import { REQUEST_ID } from './request-id.js';

/**
 * **Restore network access** on the approval message of a succeeded isolation (value = that request's
 * id): creates an `ec2-restore-instance` request from what the isolation recorded. Guests are refused
 * on the server; the new request is approved like any fix, by someone other than the clicker.
 */
export const restoreAction = defineAction({
  id: ACTIONS.restore,
  what: 'Restore network access',
  audience: { checkedBy: 'requestRestore (no guests)' },
  parse: valueMatching(REQUEST_ID),
  invalid: 'This button does not name a request.',
  async run({ value: isolationId, userId, channel, message, services }) {
    return restoreAskText(
      await requestRestore(services, {
        isolationId,
        userId,
        // The outcome is told in the thread of the isolation's approval message.
        ...(channel ? { origin: { channel, ts: message.ephemeral ? undefined : (message.threadTs ?? message.ts) } } : {}),
      }),
    );
  },
});
