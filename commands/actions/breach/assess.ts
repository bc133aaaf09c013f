import { BreachFlow } from '../../../src/breach/flow.js';
import { BREACH_ACTIONS } from '../../../src/breach/messages.js';
import { anyValue, defineAction } from '../../action.js';
import { BREACH_AUDIENCE, breachRefusal } from './refusal.js';

/** **Edit assessment** on a breach's status message (value = assessment id): opens the modal inline (the trigger_id lives 3 s). */
export const breachAssessAction = defineAction({
  id: BREACH_ACTIONS.assess,
  what: 'breach assess',
  audience: BREACH_AUDIENCE,
  parse: anyValue,
  refusal: breachRefusal,
  async run({ value: id, userId, triggerId, services }) {
    const view = await new BreachFlow(services).modal(id, userId);
    await services.slack.views.open({ trigger_id: triggerId ?? '', view });
    return undefined;
  },
});
