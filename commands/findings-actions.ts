import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { enableFixFor, type FindingFix } from '../src/findings/fixes.js';
import { detailsMessage, FINDING_ACTIONS, SOURCE_NAMES } from '../src/findings/messages.js';
import { FindingStore } from '../src/findings/store.js';
import { FINDING_SOURCES, type FindingSource } from '../src/findings/types.js';
import type { Services } from '../src/services.js';
import { code, escapeMrkdwn } from '../src/slack/mrkdwn.js';
import { auditRefusal } from './audience.js';
import { replyWithError } from './errors.js';
import type { ListenerRouter } from '../src/slack/router.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** How long after a finding's Details were posted in its thread a click posts them again. */
const DETAILS_REPOST_AFTER_MS = 10 * 60_000;

/** Finding ids are hex strings (GuardDuty, Macie); anything else in a button value is refused. */
const FINDING_ID = /^[A-Za-z0-9_-]{1,128}$/;

function say(respond: ButtonArgs['respond'], text: string) {
  return respond({ response_type: 'ephemeral', replace_original: false, text });
}

/** Wraps a button listener: ack first, then the handler; failures get an ephemeral error with a reference. */
function listener(services: Services, what: string, handler: (args: ButtonArgs) => Promise<void>) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    try {
      await handler(args);
    } catch (error) {
      await replyWithError({ error, respond: args.respond, log: services.log.child({ action: what, user: args.body.user.id }), what });
    }
  };
}

async function requestFix(services: Services, args: ButtonArgs, fix: FindingFix, source: { kind: 'finding'; id: string }, what: string): Promise<void> {
  const user = args.body.user.id;
  if (await services.approvers.isGuest(user)) {
    const refusal = ':no_entry: Guest accounts cannot request fixes.';
    await auditRefusal(services, { actor: user, action: 'finding.fix_refused', subject: source.id.slice(0, 100), reason: refusal });
    await say(args.respond, refusal);
    return;
  }
  const channel = args.body.channel?.id ?? args.body.container?.channel_id;
  const origin = channel ? { channel, ts: args.body.message?.ts ?? args.body.container?.message_ts } : undefined;
  const outcome = await services.findingFixes.requestFix(services, { remediationId: fix.remediationId, target: fix.target, requestedBy: user, source, ...(origin ? { origin } : {}) });
  if (outcome.status === 'unavailable') {
    await say(args.respond, `:information_source: ${escapeMrkdwn(outcome.reason)}`);
    return;
  }
  await say(
    args.respond,
    `:white_check_mark: Fix ${code(fix.remediationId)} requested for ${what}${outcome.requestId ? ` (request ${code(outcome.requestId)})` : ''}. An approver has to agree before anything changes.`,
  );
}

/**
 * The buttons on findings messages. Each acks at once, reads only stored state (never AWS), and checks
 * authorization on the server: Archive needs an approver; Approve fix only creates a request, which the
 * remediation flow has approved by someone else before anything changes.
 */
export function registerFindingActions(router: ListenerRouter, services: Services): void {
  const store = new FindingStore(services.redis, services.keys);

  const load = async (args: ButtonArgs) => {
    const id = args.action.value ?? '';
    const finding = FINDING_ID.test(id) ? await store.get(id) : undefined;
    if (!finding) await say(args.respond, ':grey_question: This finding is no longer known to gdpr-bot.');
    return finding;
  };

  router.action<BlockAction<ButtonAction>>(
    FINDING_ACTIONS.fix,
    listener(services, 'finding fix', async (args) => {
      const finding = await load(args);
      if (!finding) return;
      if (finding.archived) return void (await say(args.respond, 'This finding is archived; there is nothing to fix.'));
      if (!finding.fix) return void (await say(args.respond, `There is no automatic fix for ${code(finding.type)} findings.`));
      await requestFix(services, args, finding.fix, { kind: 'finding', id: finding.id }, `finding ${code(finding.id)}`);
    }),
  );

  router.action<BlockAction<ButtonAction>>(
    FINDING_ACTIONS.enable,
    listener(services, 'finding source enable', async (args) => {
      const [source, account, region] = (args.action.value ?? '').split('|');
      if (!FINDING_SOURCES.includes(source as FindingSource) || !/^[a-z0-9-]{1,30}$/.test(region ?? '')) {
        return void (await say(args.respond, 'This button is not valid any more.'));
      }
      if (!/^\d{12}$/.test(account ?? '')) {
        return void (await say(args.respond, 'gdpr-bot could not tell which account this is (STS did not answer), so it cannot ask for a fix; enable the service in the AWS console.'));
      }
      const fix = enableFixFor(source as FindingSource, account!, region!);
      await requestFix(services, args, fix, { kind: 'finding', id: `${source}:${account}:${region}` }, `${SOURCE_NAMES[source as FindingSource]} in ${escapeMrkdwn(account!)} / ${region}`);
    }),
  );

  router.action<BlockAction<ButtonAction>>(
    FINDING_ACTIONS.archive,
    listener(services, 'finding archive', async (args) => {
      const user = args.body.user.id;
      const finding = await load(args);
      if (!finding) return;
      const decision = await services.approvers.check(user, services.config.approvers);
      if (!decision.allowed) {
        // On the trail, coalesced per user and minute (a member cannot flood it by clicking).
        await services.audit.refused({ actor: user, action: 'finding.archive_refused', subject: finding.id, detail: { reason: decision.reason } });
        return void (await say(args.respond, `:no_entry: Only an approver can archive findings: ${escapeMrkdwn(decision.reason)}.`));
      }
      if (finding.source === 'macie') {
        return void (await say(
          args.respond,
          'Macie has no archive action: findings are hidden with *suppression rules* (Macie console → Findings → filter → "Suppress findings"), which also archive future findings that match. Nothing was changed.',
        ));
      }
      if (finding.source === 'securityhub') {
        return void (await say(
          args.respond,
          'Security Hub findings are closed in Security Hub itself (set the workflow status to *Resolved* or *Suppressed* there); gdpr-bot does not change them. Nothing was changed.',
        ));
      }
      if (finding.archived) return void (await say(args.respond, 'This finding is already archived.'));
      await services.audit.append({ actor: user, action: 'finding.archive_requested', subject: finding.id, detail: { source: finding.source, account: finding.account, region: finding.region } });
      await services.queues
        .get('findings-archive')
        .add('archive', { findingId: finding.id, requestedBy: user }, { deduplication: { id: `archive:${finding.id}` }, attempts: 3, backoff: { type: 'exponential', delay: 2000 } });
      await say(args.respond, `:file_cabinet: Archiving GuardDuty finding ${code(finding.id)}; the message will show it when done.`);
    }),
  );

  router.action<BlockAction<ButtonAction>>(
    FINDING_ACTIONS.details,
    listener(services, 'finding details', async (args) => {
      const user = args.body.user.id;
      if (await services.approvers.isGuest(user)) {
        const refusal = ':no_entry: Guest accounts cannot see finding details, nor can accounts from another organisation.';
        await auditRefusal(services, { actor: user, action: 'finding.details_refused', subject: String(args.action.value ?? '').slice(0, 100), reason: refusal });
        return void (await say(args.respond, refusal));
      }
      const finding = await load(args);
      if (!finding) return;
      // Posted once per finding per window, however often and by however many people it is clicked.
      const fresh = await services.redis.set(store.detailsShownKey(finding.id), user, 'PX', DETAILS_REPOST_AFTER_MS, 'NX');
      if (fresh !== 'OK') return void (await say(args.respond, `The details of ${code(finding.id)} were posted in its thread a moment ago; they are there.`));
      const details = await store.details(finding.id);
      // The user lane: a click's answer never holds up the findings and approvals of the channel.
      await services.outbox.send({ kind: 'post', lane: 'user', channel: finding.channel, thread: { ref: finding.threadRef ?? finding.ref }, ...detailsMessage(finding, details) });
    }),
  );
}
