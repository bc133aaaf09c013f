import { ACTIONS, decisionText } from '../../../src/remediations/messages.js';
import { decide } from '../../../src/remediations/requests.js';
import { defineAction, valueMatching } from '../../action.js';
import { REQUEST_ID } from './request-id.js';

/** **Reject** on an approval message (value = request id). `decide` checks the approver on every click. */
export const rejectAction = defineAction({
  id: ACTIONS.reject,
  what: 'Reject',
  audience: { checkedBy: 'decide (Approvers.check: an approver, not the requester, no guest)' },
  parse: valueMatching(REQUEST_ID),
  invalid: 'This button does not name a request.',
  async run({ value: requestId, userId, services }) {
    return decisionText(await decide(services, { requestId, userId, decision: 'reject' }));
  },
});
