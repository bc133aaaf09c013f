import type { Button, KnownBlock } from '@slack/types';
import { NOT_COLLECTED, residencyLabel, safeguards } from '../checks/art30.js';
import { categoryLabels, type DataMapGap, type DataStore } from '../checks/datamap.js';
import { LIMITS, type SlackContent } from '../slack/limits.js';
import { code, escapeMrkdwn } from '../slack/mrkdwn.js';
import { encodeFixValue, PERSONAL_DATA_BADGE, POSTURE_ACTIONS } from '../checks/messages.js';
import type { StoredDataMap } from './store.js';

/** Data stores shown in one `/gdpr data` answer (three blocks each would pass Slack's 50); the report has all of them. */
export const DATA_STORES_SHOWN = 12;

function mark(bad: boolean, unknown: boolean): string {
  return bad ? ':x:' : unknown ? ':warning:' : ':white_check_mark:';
}

function storeText(st: DataStore): string {
  const g = safeguards(st);
  const lines = [
    `${PERSONAL_DATA_BADGE} ${code(st.name)} · account ${escapeMrkdwn(st.accountId)} · Macie score ${st.sensitivityScore}`,
    `*Categories:* ${escapeMrkdwn(categoryLabels(st))}`,
    `${mark(st.residency === 'outside', st.residency === 'unknown')} *Location:* ${escapeMrkdwn(residencyLabel(st))}`,
    `${mark(st.encryption.state !== 'kms' && st.encryption.state !== 'unknown', st.encryption.state === 'unknown')} *Encryption:* ${escapeMrkdwn(g.encryption)}`,
    `${mark(st.exposure.state === 'public', st.exposure.state === 'unknown')} *Public:* ${escapeMrkdwn(g.exposure)}`,
    `${mark(st.dataEvents.state === 'not_logged' || st.dataEvents.state === 'partial', st.dataEvents.state === 'unknown')} *Data events:* ${escapeMrkdwn(g.dataEvents)}`,
  ];
  return lines.join('\n').slice(0, LIMITS.sectionText);
}

/** The Macie fix a gap offers: the Fix button of `macie_enabled` for the region (resolved from the stored result, never from the button). */
function gapBlock(accountId: string, g: DataMapGap): KnownBlock {
  const text =
    `:warning: *Not known${g.region === 'all' ? '' : ` in ${escapeMrkdwn(g.region)}`}:* ${escapeMrkdwn(g.message)}${g.kind === 'discovery_off' ? ` Turn on automated sensitive data discovery in Macie (${code('macie_automated_discovery')}).` : ''}`.slice(
      0,
      LIMITS.sectionText,
    );
  const value =
    g.kind === 'macie_off' ? encodeFixValue({ checkId: 'macie_enabled', accountId, region: g.region, resource: `${accountId}/${g.region}` }) : undefined;
  const accessory: Button | undefined = value
    ? { type: 'button', text: { type: 'plain_text', text: 'Enable Macie' }, action_id: POSTURE_ACTIONS.fix, value, style: 'primary' }
    : undefined;
  return { type: 'section', text: { type: 'mrkdwn', text }, ...(accessory ? { accessory } : {}) };
}

/**
 * The answer to `/gdpr data`: the buckets that hold personal data, with their categories, location
 * (inside or outside the allowed regions), encryption, public exposure and data events; then every
 * region where nobody can tell, with the Macie fix. Never "no personal data" where Macie did not look.
 */
export function dataMapMessage(input: { maps: readonly StoredDataMap[]; unreadable: readonly string[] }): SlackContent {
  const { maps, unreadable } = input;
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Personal data map' } }];
  if (maps.length === 0 && unreadable.length === 0) {
    const text = `:grey_question: *No data map yet.* ${escapeMrkdwn(NOT_COLLECTED)} Run ${code('/gdpr scan')}; where Macie is off, ${code('/gdpr status')} offers its fix.`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    return { text: 'Personal data map: not collected yet (this does not mean there is no personal data).', blocks };
  }
  const stores = maps.flatMap((m) => m.stores).sort((a, b) => b.sensitivityScore - a.sensitivityScore || (a.arn < b.arn ? -1 : 1));
  const gaps = maps.flatMap((m) => m.gaps.map((g) => ({ accountId: m.accountId, gap: g })));
  const when = maps.map((m) => m.collectedAt).sort()[0];
  const exposed = stores.filter((s) => s.exposure.state === 'public').length;
  const outside = stores.filter((s) => s.residency === 'outside').length;
  const summary = [
    `${stores.length} bucket(s) hold personal data in ${maps.length} account(s)`,
    ...(exposed ? [`${exposed} public`] : []),
    ...(outside ? [`${outside} outside the allowed regions`] : []),
    ...(gaps.length ? [`${gaps.length} region(s) not known`] : []),
  ].join(' · ');
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${summary} · data map of ${escapeMrkdwn(when ?? 'unknown')}${maps[0] ? ` (scan ${code(maps[0].scanId)})` : ''}` }],
  });
  for (const st of stores.slice(0, DATA_STORES_SHOWN)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: storeText(st) } });
  if (stores.length > DATA_STORES_SHOWN)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${stores.length - DATA_STORES_SHOWN} more: ${code('/gdpr report')} has every data store (Art. 30 annex).` }],
    });
  if (stores.length === 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          gaps.length > 0
            ? 'No bucket holding personal data was found *where Macie could look*; the regions below are not known.'
            : "Macie's automated discovery finds no bucket holding personal data (sensitivity score 50 or more) in the scanned regions.",
      },
    });
  }
  if (gaps.length > 0 || unreadable.length > 0) blocks.push({ type: 'divider' });
  const gapRoom = LIMITS.blocksPerMessage - blocks.length - 2;
  for (const { accountId, gap } of gaps.slice(0, gapRoom)) blocks.push(gapBlock(accountId, gap));
  if (gaps.length > gapRoom)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${gaps.length - gapRoom} more region(s) not known (see ${code('/gdpr report')}).` }],
    });
  if (unreadable.length > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:warning: The stored data map of account(s) ${escapeMrkdwn(unreadable.join(', '))} could not be read; run ${code('/gdpr scan')} again.`,
      },
    });
  }
  const text = `Personal data map: ${stores.length} bucket(s) hold personal data${gaps.length ? `; ${gaps.length} region(s) not known (Macie off or unreadable)` : ''}.`;
  return { text, blocks };
}
