import { ACTIONS, fixAskText } from '../../../src/remediations/messages.js';
import { requestFixForCheck } from '../../../src/remediations/requests.js';
import { decodeFixValue } from '../../../src/checks/messages.js';
import { defineAction, valueDecodedBy } from '../../action.js';

/**
 * **Fix** (rendered by `/gdpr status` and scan summaries; value `encodeFixValue(...)`, the JSON
 * `{"c":checkId,"a":account,"g":region,"r":resource}`): creates a remediation request. A value that
 * does not decode is refused.
 */
export const fixAction = defineAction({
  id: ACTIONS.fix,
  what: 'Fix',
  audience: { checkedBy: 'requestFixForCheck (no guests; approved by someone else before anything changes)' },
  parse: valueDecodedBy(decodeFixValue),
  invalid: 'This button does not name a check result I can fix.',
  async run({ value: fix, userId, channel, message, services }) {
    return fixAskText(
      await requestFixForCheck(services, {
        fix,
        userId,
        kind: 'check',
        // An ephemeral message (e.g. a private /gdpr status answer) has no thread to reply in: the requester gets a DM.
        ...(channel ? { origin: { channel, ts: message.ephemeral ? undefined : (message.threadTs ?? message.ts) } } : {}),
      }),
    );
  },
});
