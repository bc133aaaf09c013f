import { enableFixFor } from '../../../src/findings/fixes.js';
import { FINDING_ACTIONS, SOURCE_NAMES } from '../../../src/findings/messages.js';
import { FINDING_SOURCES, type FindingSource } from '../../../src/findings/types.js';
import { escapeMrkdwn } from '../../../src/slack/mrkdwn.js';
import { defineAction, valueDecodedBy } from '../../action.js';
import { requestFindingFix } from './finding.js';

/** A button value `source|account|region`; the account is `undefined` when it is not a 12-digit id (STS did not answer when the message was made). */
function enableTarget(value: string): { source: FindingSource; account: string | undefined; region: string } | undefined {
  const [source, account, region] = value.split('|');
  if (!FINDING_SOURCES.includes(source as FindingSource) || !/^[a-z0-9-]{1,30}$/.test(region ?? '')) return undefined;
  return { source: source as FindingSource, account: /^\d{12}$/.test(account ?? '') ? account : undefined, region: region! };
}

/** **Enable …** on a "source is off" message: files a request for the fix that turns the finding source on (no guests). */
export const findingEnableAction = defineAction({
  id: FINDING_ACTIONS.enable,
  what: 'finding source enable',
  audience: { checkedBy: 'run: guests are refused once the button is known to be valid (finding.fix_refused)' },
  parse: valueDecodedBy(enableTarget),
  invalid: 'This button is not valid any more.',
  async run(click) {
    const { source, account, region } = click.value;
    if (!account)
      return 'gdpr-bot could not tell which account this is (STS did not answer), so it cannot ask for a fix; enable the service in the AWS console.';
    const fix = enableFixFor(source, account, region);
    return requestFindingFix(
      click,
      fix,
      { kind: 'finding', id: `${source}:${account}:${region}` },
      `${SOURCE_NAMES[source]} in ${escapeMrkdwn(account)} / ${region}`,
    );
  },
});
