import { AccessFlow, validateAccessInput } from '../../src/access/flow.js';
import { ACCESS_MODAL } from '../../src/access/messages.js';
import { readAccessModal } from '../../src/access/modal.js';
import { AccessError } from '../../src/access/state.js';
import type { ViewDefinition } from '../action.js';
import { replyWithError } from '../errors.js';

/**
 * The just-in-time access request modal: its fields are checked in the acknowledgement (errors beside the
 * fields), then the flow files the request; a refusal or failure is told by DM.
 */
export const accessRequestView: ViewDefinition = {
  id: ACCESS_MODAL,
  listener:
    (services) =>
    async ({ ack, view, body }) => {
      const userId = body.user.id;
      const checked = validateAccessInput(readAccessModal(view.state.values as Parameters<typeof readAccessModal>[0]), services.config.access.roles);
      if (!checked.ok) {
        const errors: Record<string, string> = {};
        for (const [block, problem] of Object.entries(checked.problems))
          errors[block] = problem.replace(/`/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
        await ack({ response_action: 'errors', errors });
        return;
      }
      await ack();
      const log = services.log.child({ view: ACCESS_MODAL, user: userId });
      try {
        await new AccessFlow(services).submit(userId, checked.value);
      } catch (error) {
        const text =
          error instanceof AccessError
            ? `:no_entry: Your access request could not be filed: ${error.message}`
            : `:x: Your access request could not be filed (ref \`${await replyWithError({ error, log, what: 'access modal' })}\`).`;
        await services.outbox.send({ kind: 'post', channel: userId, text }); // a DM by user id: posted once, never updated
      }
    },
};
