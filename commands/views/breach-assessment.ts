import { BreachFlow } from '../../src/breach/flow.js';
import { BREACH_MODAL, readAssessmentModal, refusalText, savedText } from '../../src/breach/messages.js';
import { assessmentProblems, BreachError } from '../../src/breach/state.js';
import { BREACH_ID } from '../../src/breach/store.js';
import { dmChannel } from '../../src/notify/dm.js';
import type { ViewDefinition } from '../action.js';
import { auditRefusal } from '../audience.js';
import { replyWithError } from '../errors.js';

/** The assessment id in the modal's private_metadata ('' when it is not readable). */
function metadataId(metadata: string | undefined): string {
  try {
    return String((JSON.parse(metadata || '{}') as { id?: unknown }).id ?? '');
  } catch {
    return '';
  }
}

/**
 * The breach assessment modal (Art. 33(4) fields): checked in the acknowledgement, saved by `BreachFlow.assess`,
 * which decides who may (approvers and breach.responders, never guests); the outcome is told by DM.
 */
export const breachAssessmentView: ViewDefinition = {
  id: BREACH_MODAL,
  listener:
    (services) =>
    async ({ ack, view, body }) => {
      const userId = body.user.id;
      const fields = readAssessmentModal(view.state.values as Parameters<typeof readAssessmentModal>[0]);
      const problems = assessmentProblems(fields);
      if (Object.keys(problems).length > 0) {
        await ack({ response_action: 'errors', errors: problems as Record<string, string> });
        return;
      }
      const id = metadataId(view.private_metadata);
      if (!BREACH_ID.test(id)) {
        await ack({ response_action: 'errors', errors: { nature: 'This form is not valid any more; open it again from the status message.' } });
        return;
      }
      await ack();
      const log = services.log.child({ view: BREACH_MODAL, user: userId });
      const flow = new BreachFlow(services);
      let text: string;
      try {
        text = savedText((await flow.assess(id, userId, fields)).after);
      } catch (error) {
        if (error instanceof BreachError) {
          if (error.code === 'not-authorized') await auditRefusal(services, { actor: userId, action: 'breach.refused', subject: id, reason: error.message });
          text = `${refusalText(error.message)} (nothing was saved)`;
        } else {
          text = `:x: The assessment could not be saved (ref \`${await replyWithError({ error, log, what: 'breach modal' })}\`).`;
        }
      }
      await services.outbox.send({ kind: 'post', lane: 'user', channel: await dmChannel(services, userId), text });
    },
};
