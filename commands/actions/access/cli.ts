import { AccessFlow } from '../../../src/access/flow.js';
import { ACCESS_ACTIONS } from '../../../src/access/messages.js';
import { anyValue, defineAction } from '../../action.js';
import { ACCESS_AUDIENCE, accessRefusal } from './refusal.js';

/** The **cli** credentials button on the requester's DM (value = grant id). */
export const accessCliAction = defineAction({
  id: ACCESS_ACTIONS.cli,
  what: 'access cli',
  audience: ACCESS_AUDIENCE,
  parse: anyValue,
  refusal: accessRefusal('access cli'),
  async run({ value: id, userId, responseUrl, channel, actionTs, services }) {
    // The answer (with the credentials) comes from the job, straight to this click's response_url.
    await new AccessFlow(services).requestCredentials({ grantId: id, userId, kind: 'cli', responseUrl, channel, clickId: actionTs });
    return undefined;
  },
});
