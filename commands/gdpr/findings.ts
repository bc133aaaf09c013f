import type { KnownBlock } from '@slack/types';
import { resourceLine, severityLabel, SOURCE_NAMES } from '../../src/findings/messages.js';
import { atLeast, parseSeverity, SEVERITY_EMOJI } from '../../src/findings/severity.js';
import { FindingStore } from '../../src/findings/store.js';
import { FINDING_SOURCES, SEVERITIES, type FindingSource, type Severity, type StoredFinding } from '../../src/findings/types.js';
import { LIMITS, splitText } from '../../src/slack/limits.js';
import { code, escapeMrkdwn, quoteUserText } from '../../src/slack/mrkdwn.js';
import type { Subcommand } from '../subcommand.js';

const SHOWN = 25;

/** Parses `[low|medium|high|critical] [guardduty|macie|securityhub]` in any order. */
export function parseFindingsArgs(args: readonly string[]): { minSeverity: Severity; source?: FindingSource } | { error: string } {
  let minSeverity: Severity = 'low';
  let source: FindingSource | undefined;
  for (const word of args) {
    const severity = parseSeverity(word);
    const lower = word.toLowerCase();
    if (severity) minSeverity = severity;
    else if ((FINDING_SOURCES as readonly string[]).includes(lower)) source = lower as FindingSource;
    else return { error: `${code(word.slice(0, 50))} is not a severity (${SEVERITIES.join(', ')}) or a source (${FINDING_SOURCES.join(', ')}).` };
  }
  return source ? { minSeverity, source } : { minSeverity };
}

/** The reply to `/gdpr findings`: open findings from stored state, worst and newest first. */
export function findingsListMessage(
  all: readonly StoredFinding[],
  filter: { minSeverity: Severity; source?: FindingSource },
): { text: string; blocks: KnownBlock[] } {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const open = all
    .filter((f) => !f.archived && atLeast(f.severity, filter.minSeverity) && (!filter.source || f.source === filter.source))
    .sort((a, b) => rank(b.severity) - rank(a.severity) || b.lastSeen.localeCompare(a.lastSeen));
  const scope = `${filter.minSeverity === 'low' ? 'all severities' : `${filter.minSeverity} and above`}${filter.source ? `, ${SOURCE_NAMES[filter.source]} only` : ''}`;
  if (open.length === 0)
    return {
      text: `No open findings (${scope}).`,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: No open findings (${scope}).` } }],
    };
  const counts = SEVERITIES.filter((s) => open.some((f) => f.severity === s))
    .reverse()
    .map((s) => `${SEVERITY_EMOJI[s]} ${open.filter((f) => f.severity === s).length} ${s}`)
    .join('   ');
  const candidates = open
    .slice(0, SHOWN)
    .map(
      (f) =>
        `${SEVERITY_EMOJI[f.severity]} *${severityLabel(f)}* ${SOURCE_NAMES[f.source]} ${code(f.type.slice(0, 120))}: ${quoteUserText(f.title, 150)} · ${resourceLine(f.resource)} · ${escapeMrkdwn(f.account)}/${escapeMrkdwn(f.region)} · ×${f.count} · last ${f.lastSeen.slice(0, 16).replace('T', ' ')}`,
    );
  // Stay well inside Slack's ~12k characters per message, however long the names in the findings are.
  const lines: string[] = [];
  let chars = 0;
  for (const line of candidates) {
    if (chars + line.length > LIMITS.charsPerMessage - 3000) break;
    lines.push(line);
    chars += line.length + 1;
  }
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${open.length} open findings* (${scope})\n${counts}` } }];
  for (const part of splitText(lines.join('\n'), LIMITS.sectionText)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: part } });
  if (open.length > lines.length)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Showing the ${lines.length} most severe of ${open.length}. Narrow it with a severity or a source.` }],
    });
  return { text: `${open.length} open findings (${scope})`, blocks };
}

export const findings: Subcommand = {
  name: 'findings',
  usage: '[low | medium | high | critical] [guardduty | macie | securityhub]',
  summary: 'list open GuardDuty, Macie and Security Hub findings (from what the feed has seen)',
  // One read of stored findings: the list comes back in the acknowledgement.
  answerInAck: true,
  async run({ args, respond, services, userId }) {
    const parsed = parseFindingsArgs(args);
    if ('error' in parsed) {
      await respond({ response_type: 'ephemeral', text: `${parsed.error} Usage: ${code(`/gdpr findings ${findings.usage}`)}` });
      return;
    }
    const all = await new FindingStore(services.redis, services.keys).listOpen();
    // Only what the caller could read where it was posted: a finding routed to a restricted channel is
    // listed to that channel's members alone (conversations.members, cached; a failed look-up fails).
    const readable = new Set<string>();
    for (const channel of new Set(all.map((f) => f.channel))) {
      if (await services.approvers.isChannelMember(userId, channel)) readable.add(channel);
    }
    const visible = all.filter((f) => readable.has(f.channel));
    const reply = findingsListMessage(visible, parsed);
    const hidden = all.length - visible.length;
    if (hidden > 0) {
      reply.blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `${hidden} open finding(s) went to channels you are not a member of and are not listed here.` }],
      });
    }
    if (!services.config.findings)
      reply.blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'The findings feed is off: add a `findings:` section to the configuration to poll GuardDuty and Macie.' }],
      });
    await respond({ response_type: 'ephemeral', ...reply });
  },
};
