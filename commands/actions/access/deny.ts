import { AccessFlow } from '../../../src/access/flow.js';
import { ACCESS_ACTIONS } from '../../../src/access/messages.js';
import { code } from '../../../src/slack/mrkdwn.js';
import { anyValue, defineAction } from '../../action.js';
import { ACCESS_AUDIENCE, accessRefusal } from './refusal.js';

/** **Deny** on an access request's approval message (value = request id). */
export const accessDenyAction = defineAction({
  id: ACCESS_ACTIONS.deny,
  what: 'access deny',
  audience: ACCESS_AUDIENCE,
  parse: anyValue,
  refusal: accessRefusal('access deny'),
  async run({ value: id, userId, services }) {
    const { after } = await new AccessFlow(services).deny(id, userId);
    return `${code(after.id)} is now ${after.status}.`;
  },
});
