import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { getCheck } from '../src/checks/registry.js';
import { ResultStore } from '../src/checks/store.js';
import type { Services } from '../src/services.js';
import { POSTURE_ACTIONS } from '../src/slack/posture.js';
import type { ListenerRouter } from '../src/slack/router.js';
import { grantWaiver, resourceToken, scopeToken, withWaivers } from '../src/waivers/flow.js';
import { grantOutcomeText, readWaiverModal, targetOptions, WAIVER_BLOCKS, WAIVER_MODAL, waiverModal } from '../src/waivers/messages.js';
import { audienceRefusal, homeOf } from './audience.js';
import { replyWithError } from './errors.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The check id a Waive… button or the modal's metadata carries; `undefined` for anything else (values can be forged). */
export function checkIdOf(value: string | undefined): string | undefined {
  try {
    const c = (JSON.parse(value ?? '') as { c?: unknown }).c;
    return typeof c === 'string' && getCheck(c) ? c : undefined;
  } catch {
    return undefined; // not JSON: not ours
  }
}

/**
 * The Waive… button of the status Details (opens the modal inline: the trigger_id lives 3 seconds) and
 * the modal's submission. Only approvers: checked on the click, and again on the submission, where the
 * flow checks once more; the target is looked up again in the stored results, never taken from the form.
 */
export function registerWaiverActions(router: ListenerRouter, services: Services): void {
  router.action<BlockAction<ButtonAction>>(POSTURE_ACTIONS.waive, async ({ ack, body, action, respond, context }: ButtonArgs) => {
    await ack();
    const log = services.log.child({ action: POSTURE_ACTIONS.waive, user: body.user.id });
    try {
      const refusal = await audienceRefusal(services, body.user.id, 'approvers', 'Waive…', { body, home: homeOf(context) });
      if (refusal) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: refusal });
        return;
      }
      const checkId = checkIdOf(action.value);
      const check = checkId ? getCheck(checkId) : undefined;
      if (!check) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: 'That button does not name a check I know.' });
        return;
      }
      const results = await withWaivers(services, await new ResultStore(services.redis, services.keys).latest());
      const options = targetOptions(results, check.id, { resource: resourceToken, scope: scopeToken });
      if (options.length === 0) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: `Nothing of \`${check.id}\` fails without a waiver in the latest results.` });
        return;
      }
      await services.slack.views.open({ trigger_id: body.trigger_id, view: waiverModal(check, options, services.config.waivers.maxDuration) });
    } catch (error) {
      await replyWithError({ error, respond, log, what: 'Waive button' });
    }
  });

  router.view<ViewSubmitAction>(WAIVER_MODAL, async ({ ack, view, body, context }: ViewArgs) => {
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
      const outcome = await grantWaiver(services, { userId, checkId: checkId ?? 'unknown', resource: fields.target, duration: fields.duration, justification: fields.justification });
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
      await ack({ response_action: 'errors', errors: { [WAIVER_BLOCKS.justification]: `The waiver could not be stored (ref ${ref}); nothing was granted.` } }).catch(() => undefined);
    }
  });
}
