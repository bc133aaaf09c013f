import { grantWaiver } from '../../src/waivers/flow.js';
import { grantOutcomeText, readWaiverModal, WAIVER_BLOCKS, WAIVER_MODAL } from '../../src/waivers/messages.js';
import type { ViewDefinition } from '../action.js';
import { checkIdOf } from '../actions/posture/waive.js';
import { audienceRefusal, homeOf } from '../audience.js';
import { replyWithError } from '../errors.js';

/**
 * The waiver modal's submission (opened by Waive…, commands/actions/posture/waive.ts). Approvers only: checked
 * here, and again by the flow; the target is looked up again in the stored results, never taken from the form.
 */
export const waiverView: ViewDefinition = {
  id: WAIVER_MODAL,
  listener:
    (services) =>
    async ({ ack, view, body, context }) => {
      const userId = body.user.id;
      const log = services.log.child({ view: WAIVER_MODAL, user: userId });
      try {
        const refusal = await audienceRefusal(services, userId, 'approvers', 'waivers', { body, home: homeOf(context) });
        if (refusal) {
          await ack({ response_action: 'errors', errors: { [WAIVER_BLOCKS.justification]: refusal.replace(/^:no_entry: /, '').replace(/`/g, '') } });
          return;
        }
        const checkId = checkIdOf(view.private_metadata);
        const fields = readWaiverModal(view.state.values as Parameters<typeof readWaiverModal>[0]);
        const outcome = await grantWaiver(services, {
          userId,
          checkId: checkId ?? 'unknown',
          resource: fields.target,
          duration: fields.duration,
          justification: fields.justification,
        });
        if (outcome.kind === 'invalid' || outcome.kind === 'refused' || outcome.kind === 'exists') {
          const problems = outcome.kind === 'invalid' ? outcome.problems : { target: grantOutcomeText(outcome) };
          const errors: Record<string, string> = {};
          for (const [block, problem] of Object.entries(problems)) errors[block] = problem.replace(/`/g, '').slice(0, 300);
          await ack({ response_action: 'errors', errors });
          return;
        }
        await ack({ response_action: 'clear' });
        await services.outbox.send({ kind: 'post', channel: userId, text: grantOutcomeText(outcome) });
      } catch (error) {
        const ref = await replyWithError({ error, log, what: 'waiver modal' });
        await ack({
          response_action: 'errors',
          errors: { [WAIVER_BLOCKS.justification]: `The waiver could not be stored (ref ${ref}); nothing was granted.` },
        }).catch(() => undefined);
      }
    },
};
