import type { FindingFix } from '../../../src/findings/fixes.js';
import { FindingStore } from '../../../src/findings/store.js';
import type { StoredFinding } from '../../../src/findings/types.js';
import type { Services } from '../../../src/services.js';
import { code, escapeMrkdwn } from '../../../src/slack/mrkdwn.js';
import { valueMatching, type Click } from '../../action.js';
import { guestRefusal } from '../../audience.js';

/** Finding ids are hex strings (GuardDuty, Macie); anything else in a button value is refused. */
export const findingId = valueMatching(/^[A-Za-z0-9_-]{1,128}$/);

/** The answer to a click on a finding gdpr-bot does not know (or a value that is not a finding id). */
export const UNKNOWN_FINDING = ':grey_question: This finding is no longer known to gdpr-bot.';

/** The stored finding a button names; `undefined` (and the clicker told so) when it is gone. */
export async function loadFinding(services: Services, click: Click<string>): Promise<StoredFinding | undefined> {
  const finding = await new FindingStore(services.redis, services.keys).get(click.value);
  if (!finding) await click.say(UNKNOWN_FINDING);
  return finding;
}

/**
 * Files a remediation request for a finding's fix, from stored state only (never AWS). Guests are refused
 * (`finding.fix_refused`); the request is approved by someone else before anything changes.
 */
export async function requestFindingFix(click: Click<unknown>, fix: FindingFix, source: { kind: 'finding'; id: string }, what: string): Promise<string> {
  const { services, userId, channel, message } = click;
  const refusal = await guestRefusal(services, userId, {
    action: 'finding.fix_refused',
    subject: source.id,
    text: ':no_entry: Guest accounts cannot request fixes.',
  });
  if (refusal) return refusal;
  const ts = message.ts ?? message.containerTs;
  const origin = channel ? { channel, ts } : undefined;
  const outcome = await services.findingFixes.requestFix(services, {
    remediationId: fix.remediationId,
    target: fix.target,
    requestedBy: userId,
    source,
    ...(origin ? { origin } : {}),
  });
  if (outcome.status === 'unavailable') return `:information_source: ${escapeMrkdwn(outcome.reason)}`;
  return `:white_check_mark: Fix ${code(fix.remediationId)} requested for ${what}${outcome.requestId ? ` (request ${code(outcome.requestId)})` : ''}. An approver has to agree before anything changes.`;
}
