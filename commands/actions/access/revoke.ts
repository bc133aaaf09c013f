import { AccessFlow } from '../../../src/access/flow.js';
import { ACCESS_ACTIONS, revocationRequestedText, revocationRetryText } from '../../../src/access/messages.js';
import { code } from '../../../src/slack/mrkdwn.js';
import { anyValue, defineAction } from '../../action.js';
import { ACCESS_AUDIENCE, accessRefusal } from './refusal.js';

/** **End access** on the requester's DM or the approval message (value = grant id). */
export const accessRevokeAction = defineAction({
  id: ACCESS_ACTIONS.revoke,
  what: 'access revoke',
  audience: ACCESS_AUDIENCE,
  parse: anyValue,
  refusal: accessRefusal('access revoke'),
  async run({ value: id, userId, services }) {
    const { after, retried } = await new AccessFlow(services).revoke(id, userId);
    if (retried) return revocationRetryText(after);
    return after.status === 'revoked' ? revocationRequestedText(after) : `${code(after.id)} is now ${after.status}.`;
  },
});
