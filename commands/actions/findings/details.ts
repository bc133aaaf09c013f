import { detailsMessage, FINDING_ACTIONS } from '../../../src/findings/messages.js';
import { FindingStore } from '../../../src/findings/store.js';
import { code } from '../../../src/slack/mrkdwn.js';
import { defineAction } from '../../action.js';
import { guestRefusal } from '../../audience.js';
import { findingId, loadFinding, UNKNOWN_FINDING } from './finding.js';

/** How long after a finding's Details were posted in its thread a click posts them again. */
const DETAILS_REPOST_AFTER_MS = 10 * 60_000;

/** **Details** on a finding: posts them in the finding's thread, once per finding per window. Members only. */
export const findingDetailsAction = defineAction({
  id: FINDING_ACTIONS.details,
  what: 'finding details',
  audience: ({ services, userId, rawValue }) =>
    guestRefusal(services, userId, {
      action: 'finding.details_refused',
      subject: rawValue,
      text: ':no_entry: Guest accounts cannot see finding details, nor can accounts from another organisation.',
    }),
  parse: findingId,
  invalid: UNKNOWN_FINDING,
  async run(click) {
    const { services, userId } = click;
    const finding = await loadFinding(services, click);
    if (!finding) return undefined;
    const store = new FindingStore(services.redis, services.keys);
    // Posted once per finding per window, however often and by however many people it is clicked.
    const fresh = await services.redis.set(store.detailsShownKey(finding.id), userId, 'PX', DETAILS_REPOST_AFTER_MS, 'NX');
    if (fresh !== 'OK') return `The details of ${code(finding.id)} were posted in its thread a moment ago; they are there.`;
    const details = await store.details(finding.id);
    // The user lane: a click's answer never holds up the findings and approvals of the channel.
    await services.outbox.send({
      kind: 'post',
      lane: 'user',
      channel: finding.channel,
      thread: { ref: finding.threadRef ?? finding.ref },
      ...detailsMessage(finding, details),
    });
    return undefined;
  },
});
