import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTIONS, decisionText, fixAskText, restoreAskText } from '../src/remediations/messages.js';
import { decide, requestFixForCheck, requestRestore } from '../src/remediations/requests.js';
import type { Services } from '../src/services.js';
import { decodeFixValue } from '../src/slack/posture.js';
import { replyWithError } from './errors.js';
import type { ListenerRouter } from '../src/slack/router.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const REQUEST_ID = /^R[0-9A-F]{10}$/;

/**
 * **Fix** (rendered by `/gdpr status` and scan summaries; value `encodeFixValue(...)`, the JSON
 * `{"c":checkId,"a":account,"g":region,"r":resource}`): creates a remediation request. A value that
 * does not decode is refused.
 */
export function makeFixAction(services: Services) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const log = services.log.child({ action: ACTIONS.fix, user: body.user.id });
    try {
      const fix = decodeFixValue(action.value ?? '');
      if (!fix) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: 'This button does not name a check result I can fix.' });
        return;
      }
      const channel = body.channel?.id ?? body.container?.channel_id;
      const text = fixAskText(await requestFixForCheck(services, {
        fix,
        userId: body.user.id,
        kind: 'check',
        // An ephemeral message (e.g. a private /gdpr status answer) has no thread to reply in: the requester gets a DM.
        ...(channel ? { origin: { channel, ts: body.container?.is_ephemeral ? undefined : (body.message?.thread_ts ?? body.message?.ts) } } : {}),
      }));
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    } catch (error) {
      await replyWithError({ error, respond, log, what: 'Fix' });
    }
  };
}

/** **Approve** / **Reject** on an approval message (value = request id). Authorization is checked on every click. */
export function makeDecisionAction(services: Services, decision: 'approve' | 'reject') {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const log = services.log.child({ action: decision, user: body.user.id });
    try {
      const requestId = action.value ?? '';
      if (!REQUEST_ID.test(requestId)) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: 'This button does not name a request.' });
        return;
      }
      const text = decisionText(await decide(services, { requestId, userId: body.user.id, decision }));
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    } catch (error) {
      await replyWithError({ error, respond, log, what: decision === 'approve' ? 'Approve' : 'Reject' });
    }
  };
}

/**
 * **Restore network access** on the approval message of a succeeded isolation (value = that request's
 * id): creates an `ec2-restore-instance` request from what the isolation recorded. Guests are refused
 * on the server; the new request is approved like any fix, by someone other than the clicker.
 */
export function makeRestoreAction(services: Services) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const log = services.log.child({ action: ACTIONS.restore, user: body.user.id });
    try {
      const isolationId = action.value ?? '';
      if (!REQUEST_ID.test(isolationId)) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: 'This button does not name a request.' });
        return;
      }
      const channel = body.channel?.id ?? body.container?.channel_id;
      const text = restoreAskText(await requestRestore(services, {
        isolationId,
        userId: body.user.id,
        // The outcome is told in the thread of the isolation's approval message.
        ...(channel ? { origin: { channel, ts: body.container?.is_ephemeral ? undefined : (body.message?.thread_ts ?? body.message?.ts) } } : {}),
      }));
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    } catch (error) {
      await replyWithError({ error, respond, log, what: 'Restore network access' });
    }
  };
}

/** Registers the approve-to-fix buttons. */
export function registerRemediationActions(router: ListenerRouter, services: Services): void {
  router.action<BlockButtonAction>({ action_id: ACTIONS.fix }, makeFixAction(services));
  router.action<BlockButtonAction>({ action_id: ACTIONS.approve }, makeDecisionAction(services, 'approve'));
  router.action<BlockButtonAction>({ action_id: ACTIONS.reject }, makeDecisionAction(services, 'reject'));
  router.action<BlockButtonAction>({ action_id: ACTIONS.restore }, makeRestoreAction(services));
}
