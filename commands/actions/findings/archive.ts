import { FINDING_ACTIONS } from '../../../src/findings/messages.js';
import { code, escapeMrkdwn } from '../../../src/slack/mrkdwn.js';
import { defineAction } from '../../action.js';
import { findingId, loadFinding, UNKNOWN_FINDING } from './finding.js';
import { findingsProducer } from '../../../src/queues/producers.js';

/** **Archive** on a finding: queues the archive in GuardDuty. Approvers only, checked once the finding is known. */
export const findingArchiveAction = defineAction({
  id: FINDING_ACTIONS.archive,
  what: 'finding archive',
  audience: { checkedBy: 'run: Approvers.check once the finding is known (finding.archive_refused)' },
  parse: findingId,
  invalid: UNKNOWN_FINDING,
  async run(click) {
    const { services, userId } = click;
    const finding = await loadFinding(services, click);
    if (!finding) return undefined;
    const decision = await services.approvers.check(userId, services.config.approvers);
    if (!decision.allowed) {
      // On the trail, coalesced per user and minute (a member cannot flood it by clicking).
      await services.audit.refused({ actor: userId, action: 'finding.archive_refused', subject: finding.id, detail: { reason: decision.reason } });
      return `:no_entry: Only an approver can archive findings: ${escapeMrkdwn(decision.reason)}.`;
    }
    if (finding.source === 'macie') {
      return 'Macie has no archive action: findings are hidden with *suppression rules* (Macie console → Findings → filter → "Suppress findings"), which also archive future findings that match. Nothing was changed.';
    }
    if (finding.source === 'securityhub') {
      return 'Security Hub findings are closed in Security Hub itself (set the workflow status to *Resolved* or *Suppressed* there); gdpr-bot does not change them. Nothing was changed.';
    }
    if (finding.archived) return 'This finding is already archived.';
    await services.audit.append({
      actor: userId,
      action: 'finding.archive_requested',
      subject: finding.id,
      detail: { source: finding.source, account: finding.account, region: finding.region },
    });
    await findingsProducer(services.queues).archive(finding.id, userId);
    return `:file_cabinet: Archiving GuardDuty finding ${code(finding.id)}; the message will show it when done.`;
  },
});
