import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { BreachFlow } from '../src/breach/flow.js';
import { alreadyOpenText, BREACH_ACTIONS, BREACH_MODAL, openedText, readAssessmentModal, refusalText, savedText } from '../src/breach/messages.js';
import { assessmentProblems, BreachError } from '../src/breach/state.js';
import { BREACH_ID } from '../src/breach/store.js';
import { FINDING_ACTIONS } from '../src/findings/messages.js';
import { FindingStore } from '../src/findings/store.js';
import { dmChannel } from '../src/notify/dm.js';
import type { Services } from '../src/services.js';
import type { ListenerRouter } from '../src/slack/router.js';
import { auditRefusal } from './audience.js';
import { replyWithError } from './errors.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const FINDING_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The assessment id in the modal's private_metadata ('' when it is not readable). */
function metadataId(metadata: string | undefined): string {
  try {
    return String((JSON.parse(metadata || '{}') as { id?: unknown }).id ?? '');
  } catch {
    return '';
  }
}

/** Acks, runs the handler, answers its text (or a refusal) ephemerally to the clicker. */
function onClick(services: Services, what: string, handler: (args: ButtonArgs, flow: BreachFlow) => Promise<string | undefined>) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const say = (text: string) => args.respond({ response_type: 'ephemeral', replace_original: false, text });
    try {
      const text = await handler(args, new BreachFlow(services));
      if (text) await say(text);
    } catch (error) {
      if (error instanceof BreachError) {
        if (error.code === 'not-authorized') await auditRefusal(services, { actor: args.body.user.id, action: 'breach.refused', subject: String(args.action.value ?? '').slice(0, 100), reason: error.message });
        await say(refusalText(error.message));
        return;
      }
      await replyWithError({ error, respond: args.respond, log: services.log.child({ action: what, user: args.body.user.id }), what });
    }
  };
}

/**
 * The breach clock's listeners: **Start breach assessment** on a finding, **Edit assessment** on the status
 * message (opens the modal inline: the trigger_id lives 3 s) and the modal's submission. Who may act is
 * decided on the server for every click and submission (approvers and breach.responders, never guests).
 */
export function registerBreachListeners(router: ListenerRouter, services: Services): void {
  router.action<BlockAction<ButtonAction>>(
    FINDING_ACTIONS.breach,
    onClick(services, 'finding breach', async ({ action, body }, flow) => {
      const id = action.value ?? '';
      const finding = FINDING_ID.test(id) ? await new FindingStore(services.redis, services.keys).get(id) : undefined;
      if (!finding) return ':grey_question: This finding is no longer known to gdpr-bot.';
      const { breach, created } = await flow.open(body.user.id, { title: `${finding.source === 'macie' ? 'Macie' : 'GuardDuty'}: ${finding.title}`.slice(0, 150) }, finding);
      return created ? openedText(breach, breach.channel) : alreadyOpenText(breach.id);
    }),
  );

  router.action<BlockAction<ButtonAction>>(
    BREACH_ACTIONS.assess,
    onClick(services, 'breach assess', async ({ action, body }, flow) => {
      const view = await flow.modal(action.value ?? '', body.user.id);
      await services.slack.views.open({ trigger_id: body.trigger_id, view });
      return undefined;
    }),
  );

  router.view<ViewSubmitAction>(BREACH_MODAL, async ({ ack, view, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
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
  });
}
