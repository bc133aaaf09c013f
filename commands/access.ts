import type { AllMiddlewareArgs, BlockAction, ButtonAction, RespondFn, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { AccessFlow, validateAccessInput } from '../src/access/flow.js';
import { ACCESS_ACTIONS, ACCESS_MODAL, revocationRequestedText, revocationRetryText } from '../src/access/messages.js';
import { readAccessModal } from '../src/access/modal.js';
import { AccessError } from '../src/access/state.js';
import { formatDuration } from '../src/config/duration.js';
import type { Services } from '../src/services.js';
import { code } from '../src/slack/mrkdwn.js';
import { replyWithError } from './errors.js';
import type { ListenerRouter } from '../src/slack/router.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** What a click handler is given: who clicked, the request id from the button, and how to answer. */
interface Click {
  userId: string;
  id: string;
  respond: RespondFn;
  responseUrl: string;
  channel?: string;
  clickId: string;
}

/**
 * Wraps a button handler: acks first, reads the click, answers refusals (an {@link AccessError}) with an
 * ephemeral message to the clicker, and anything else with an error reference.
 */
function onClick(services: Services, what: string, handler: (click: Click, flow: AccessFlow) => Promise<string | undefined>) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const log = services.log.child({ action: what, user: body.user.id });
    try {
      const flow = new AccessFlow(services);
      const answer = await handler(
        { userId: body.user.id, id: action.value ?? '', respond, responseUrl: body.response_url, channel: body.channel?.id ?? body.container?.channel_id, clickId: action.action_ts },
        flow,
      );
      if (answer) await respond({ response_type: 'ephemeral', replace_original: false, text: answer });
    } catch (error) {
      if (error instanceof AccessError) {
        // Refused attempts are part of the trail too (who tried what, and why), coalesced per user and minute.
        await services.audit
          .refused({ actor: body.user.id, action: 'access.refused', subject: (action.value ?? '').slice(0, 100), detail: { action: what, reason: error.message } })
          .catch((err: unknown) => log.error({ err }, 'could not audit a refused access click'));
        await respond({ response_type: 'ephemeral', replace_original: false, text: `:no_entry: ${error.message}` });
        return;
      }
      await replyWithError({ error, respond, log, what });
    }
  };
}

/**
 * Slack listeners of just-in-time access: Approve / Deny on the approval message, the credential buttons
 * and End access on the requester's DM, the extension button, and the request modal. Authorization is
 * decided on the server for every click (the button value is only an id). None of them calls AWS:
 * credentials and revocations are jobs.
 */
export function registerAccessListeners(router: ListenerRouter, services: Services): void {
  router.action<BlockAction<ButtonAction>>(
    ACCESS_ACTIONS.approve,
    onClick(services, 'access approve', async ({ id, userId }, flow) => {
      const { after } = await flow.approve(id, userId);
      return after.status === 'approved'
        ? `:white_check_mark: You approved ${code(after.id)}; access for <@${after.requester}> opens now.`
        : `:white_check_mark: You approved ${code(after.id)} (${after.approvals.length}/${after.minApprovals}); it needs another approver.`;
    }),
  );
  router.action<BlockAction<ButtonAction>>(
    ACCESS_ACTIONS.deny,
    onClick(services, 'access deny', async ({ id, userId }, flow) => {
      const { after } = await flow.deny(id, userId);
      return `${code(after.id)} is now ${after.status}.`;
    }),
  );
  router.action<BlockAction<ButtonAction>>(
    ACCESS_ACTIONS.revoke,
    onClick(services, 'access revoke', async ({ id, userId }, flow) => {
      const { after, retried } = await flow.revoke(id, userId);
      if (retried) return revocationRetryText(after);
      return after.status === 'revoked' ? revocationRequestedText(after) : `${code(after.id)} is now ${after.status}.`;
    }),
  );
  router.action<BlockAction<ButtonAction>>(
    ACCESS_ACTIONS.extend,
    onClick(services, 'access extend', async ({ id, userId }, flow) => {
      const ext = await flow.requestExtension(id, userId);
      return ext.status === 'pending'
        ? `:hourglass_flowing_sand: Extension ${code(ext.id)} (+${formatDuration(ext.durationMs)}) sent for approval.`
        : `:white_check_mark: Extension ${code(ext.id)} (+${formatDuration(ext.durationMs)}) ${ext.breakglass ? 'self-granted (breakglass)' : 'approved by policy'}.`;
    }),
  );
  for (const [actionId, kind] of [
    [ACCESS_ACTIONS.console, 'console'],
    [ACCESS_ACTIONS.cli, 'cli'],
  ] as const) {
    router.action<BlockAction<ButtonAction>>(
      actionId,
      onClick(services, `access ${kind}`, async ({ id, userId, responseUrl, channel, clickId }, flow) => {
        // The answer (with the credentials) comes from the job, straight to this click's response_url.
        await flow.requestCredentials({ grantId: id, userId, kind, responseUrl, channel, clickId });
        return undefined;
      }),
    );
  }

  router.view<ViewSubmitAction>(ACCESS_MODAL, async ({ ack, view, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const userId = body.user.id;
    const checked = validateAccessInput(readAccessModal(view.state.values as Parameters<typeof readAccessModal>[0]), services.config.access.roles);
    if (!checked.ok) {
      const errors: Record<string, string> = {};
      for (const [block, problem] of Object.entries(checked.problems)) errors[block] = problem.replace(/`/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
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
  });
}
