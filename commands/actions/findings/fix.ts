import { FINDING_ACTIONS } from '../../../src/findings/messages.js';
import { code } from '../../../src/slack/mrkdwn.js';
import { defineAction } from '../../action.js';
import { findingId, loadFinding, requestFindingFix, UNKNOWN_FINDING } from './finding.js';

/** **Approve fix** on a finding: files a request for the finding's fix (no guests; someone else approves it). */
export const findingFixAction = defineAction({
  id: FINDING_ACTIONS.fix,
  what: 'finding fix',
  audience: { checkedBy: 'run: guests are refused once the finding is known to have a fix (finding.fix_refused)' },
  parse: findingId,
  invalid: UNKNOWN_FINDING,
  async run(click) {
    const finding = await loadFinding(click.services, click);
    if (!finding) return undefined;
    if (finding.archived) return 'This finding is archived; there is nothing to fix.';
    if (!finding.fix) return `There is no automatic fix for ${code(finding.type)} findings.`;
    return requestFindingFix(click, finding.fix, { kind: 'finding', id: finding.id }, `finding ${code(finding.id)}`);
  },
});
