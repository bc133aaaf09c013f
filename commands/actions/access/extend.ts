import { AccessFlow } from '../../../src/access/flow.js';
import { ACCESS_ACTIONS } from '../../../src/access/messages.js';
import { formatDuration } from '../../../src/config/duration.js';
import { code } from '../../../src/slack/mrkdwn.js';
import { anyValue, defineAction } from '../../action.js';
import { ACCESS_AUDIENCE, accessRefusal } from './refusal.js';

/** The extension button on the requester's DM (value = grant id). */
export const accessExtendAction = defineAction({
  id: ACCESS_ACTIONS.extend,
  what: 'access extend',
  audience: ACCESS_AUDIENCE,
  parse: anyValue,
  refusal: accessRefusal('access extend'),
  async run({ value: id, userId, services }) {
    const ext = await new AccessFlow(services).requestExtension(id, userId);
    return ext.status === 'pending'
      ? `:hourglass_flowing_sand: Extension ${code(ext.id)} (+${formatDuration(ext.durationMs)}) sent for approval.`
      : `:white_check_mark: Extension ${code(ext.id)} (+${formatDuration(ext.durationMs)}) ${ext.breakglass ? 'self-granted (breakglass)' : 'approved by policy'}.`;
  },
});
