import { AccessFlow } from '../../../src/access/flow.js';
import { ACCESS_ACTIONS } from '../../../src/access/messages.js';
import { code } from '../../../src/slack/mrkdwn.js';
import { anyValue, defineAction } from '../../action.js';
import { ACCESS_AUDIENCE, accessRefusal } from './refusal.js';

/** **Approve** on an access request's approval message (value = request id). */
export const accessApproveAction = defineAction({
  id: ACCESS_ACTIONS.approve,
  what: 'access approve',
  audience: ACCESS_AUDIENCE,
  parse: anyValue,
  refusal: accessRefusal('access approve'),
  async run({ value: id, userId, services }) {
    const { after } = await new AccessFlow(services).approve(id, userId);
    return after.status === 'approved'
      ? `:white_check_mark: You approved ${code(after.id)}; access for <@${after.requester}> opens now.`
      : `:white_check_mark: You approved ${code(after.id)} (${after.approvals.length}/${after.minApprovals}); it needs another approver.`;
  },
});
