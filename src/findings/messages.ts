import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { LIMITS } from '../slack/limits.js';
import { code, escapeMrkdwn, quoteUserText } from '../slack/mrkdwn.js';
import { SEVERITY_EMOJI } from './severity.js';
import { SEVERITIES, type FindingResource, type FindingSource, type Severity, type StoredFinding } from './types.js';

/**
 * Pure Block Kit builders for the findings feed. Every string that comes from a finding (type, title,
 * bucket, user and object names, raw details) can be chosen by an attacker, so it is escaped with
 * `quoteUserText` / `code` and shortened before it reaches mrkdwn. Button values carry the finding id only.
 */

/** Action ids of the finding buttons (their listeners are in commands/actions/findings/). */
export const FINDING_ACTIONS = {
  fix: 'finding_fix',
  archive: 'finding_archive',
  details: 'finding_details',
  enable: 'finding_enable',
  breach: 'finding_breach',
} as const;

export const SOURCE_NAMES: Record<FindingSource, string> = { guardduty: 'GuardDuty', macie: 'Macie', securityhub: 'Security Hub' };

const SEVERITY_NAMES: Record<Severity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

/** The outbox ref of a finding's message. */
export function findingRef(id: string): string {
  return `finding:${id}`;
}

/** `High (7.5)` for GuardDuty, `High (Macie: High)` for Macie. */
export function severityLabel(f: Pick<StoredFinding, 'severity' | 'score' | 'level' | 'source'>): string {
  const band = SEVERITY_NAMES[f.severity];
  if (f.source === 'guardduty' && f.score !== undefined) return `${band} (${Number(f.score.toFixed(1))})`;
  if (f.level) return `${band} (${SOURCE_NAMES[f.source]}: ${quoteUserText(f.level, 20)})`;
  return band;
}

/** How a finding's resource role (GuardDuty `Service.ResourceRole`) is shown next to the resource. */
const ROLE_NOTE: Record<NonNullable<FindingResource['role']>, string> = {
  ACTOR: '(role: *ACTOR*, it carried out the activity)',
  TARGET: '(role: *TARGET*, it was on the receiving end: the victim, not the culprit)',
};

/** The resource in one line of escaped mrkdwn, with its role in the finding when GuardDuty gives one. */
export function resourceLine(r: FindingResource): string {
  const c = (text: string) => code(text.length > 200 ? `${text.slice(0, 200)}…` : text);
  const parts: string[] = [];
  if (r.accessKeyId) parts.push(`access key ${c(r.accessKeyId)}`);
  if (r.userName) parts.push(`user ${c(r.userName)}`);
  if (r.objectKey) parts.push(`object ${c(r.objectKey)}`);
  if (r.bucket) parts.push(`bucket ${c(r.bucket)}${r.bucketPublic ? ' (public)' : ''}`);
  if (r.instanceId) parts.push(`instance ${c(r.instanceId)}`);
  const line = parts.length > 0 ? parts.join(', ') : quoteUserText(r.kind, 60);
  return r.role ? `${line} ${ROLE_NOTE[r.role]}` : line;
}

/** The AWS console page of a finding. */
export function consoleUrl(f: Pick<StoredFinding, 'source' | 'region' | 'id'>): string {
  const region = encodeURIComponent(f.region);
  const id = encodeURIComponent(f.id);
  if (f.source === 'guardduty') return `https://${region}.console.aws.amazon.com/guardduty/home?region=${region}#/findings?fId=${id}`;
  if (f.source === 'macie') return `https://${region}.console.aws.amazon.com/macie/home?region=${region}#findings?itemId=${id}`;
  // A Security Hub finding's id here is gdpr-bot's own (see normalizeSecurityHubFinding): open the findings list.
  return `https://${region}.console.aws.amazon.com/securityhub/home?region=${region}#/findings`;
}

function when(isoTime: string): string {
  return isoTime
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:\d\dZ$/, ' UTC');
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  const b: Button = {
    type: 'button',
    text: { type: 'plain_text', text: text.slice(0, LIMITS.buttonText) },
    action_id: actionId,
    value: value.slice(0, LIMITS.buttonValue),
  };
  if (style) b.style = style;
  return b;
}

/** The one-line notification text of a finding (escaped). */
export function findingText(f: StoredFinding): string {
  return `${SEVERITY_NAMES[f.severity]} ${SOURCE_NAMES[f.source]} finding: ${quoteUserText(f.type, 150)}: ${quoteUserText(f.title, 300)}`;
}

/**
 * A finding's message. `note` says what changed (for updates); an archived finding loses its buttons
 * except Details.
 */
export function findingMessage(f: StoredFinding, options: { note?: string } = {}): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: `finding:${f.id}`.slice(0, LIMITS.actionId),
      text: {
        type: 'mrkdwn',
        text: `${SEVERITY_EMOJI[f.severity]} *${severityLabel(f)}* · ${SOURCE_NAMES[f.source]} · ${code(f.type.slice(0, 200))}\n*${quoteUserText(f.title, 500)}*`,
      },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Resource*\n${resourceLine(f.resource)}` },
        { type: 'mrkdwn', text: `*Account / region*\n${escapeMrkdwn(f.account)} / ${escapeMrkdwn(f.region)}` },
        { type: 'mrkdwn', text: `*First seen*\n${when(f.firstSeen)}` },
        { type: 'mrkdwn', text: `*Last seen*\n${when(f.lastSeen)}` },
        { type: 'mrkdwn', text: `*Count*\n${f.count}` },
        { type: 'mrkdwn', text: `*Console*\n<${consoleUrl(f)}|Open in ${SOURCE_NAMES[f.source]}>` },
      ],
    },
  ];
  const context: string[] = [`Finding id ${code(f.id)}`];
  if (options.note) context.push(options.note);
  if (f.archived) context.push(`:file_cabinet: Archived${f.archivedBy ? ` by <@${f.archivedBy}>` : ''}${f.archivedAt ? ` at ${when(f.archivedAt)}` : ''}`);
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] });
  const buttons: Button[] = [];
  if (!f.archived && f.fix) buttons.push(button('Approve fix', FINDING_ACTIONS.fix, f.id, 'primary'));
  if (!f.archived) buttons.push(button('Archive', FINDING_ACTIONS.archive, f.id));
  buttons.push(button('Details', FINDING_ACTIONS.details, f.id));
  buttons.push(button('Start breach assessment', FINDING_ACTIONS.breach, f.id));
  blocks.push({ type: 'actions', block_id: 'finding_actions', elements: buttons } as ActionsBlock);
  return { text: findingText(f), blocks };
}

/** What changed between the stored and the re-seen version of a finding, for the update note. */
export function changeNote(before: Pick<StoredFinding, 'count' | 'severity'>, after: Pick<StoredFinding, 'count' | 'severity' | 'lastSeen'>): string {
  const parts: string[] = [];
  if (after.count !== before.count) parts.push(`count ${before.count} → ${after.count}`);
  if (after.severity !== before.severity) parts.push(`severity ${SEVERITY_NAMES[before.severity]} → ${SEVERITY_NAMES[after.severity]}`);
  return `:arrows_counterclockwise: Updated ${when(after.lastSeen)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * One top-level message for a burst of findings bound for one channel: counts by severity and type,
 * the worst few, and a pointer to the thread where every finding follows with its buttons.
 */
export function digestMessage(
  findings: readonly StoredFinding[],
  scope: { source: FindingSource; account: string; region: string },
  personal: ReadonlySet<string> = new Set(),
): { text: string; blocks: KnownBlock[] } {
  const bySeverity = new Map<Severity, number>();
  const byType = new Map<string, number>();
  for (const f of findings) {
    bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
    byType.set(f.type, (byType.get(f.type) ?? 0) + 1);
  }
  const severityLine = [...SEVERITIES]
    .reverse()
    .filter((s) => bySeverity.has(s))
    .map((s) => `${SEVERITY_EMOJI[s]} ${SEVERITY_NAMES[s]}: *${bySeverity.get(s)}*`)
    .join('   ');
  const types = [...byType.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const typeLines = types.slice(0, 10).map(([type, n]) => `• ${code(type.slice(0, 150))}: ${n}`);
  if (types.length > 10) typeLines.push(`• … and ${types.length - 10} more types`);
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  // Findings on buckets holding personal data (the data map) first, marked.
  const onPersonal = (f: StoredFinding) => f.resource.bucket !== undefined && personal.has(`arn:aws:s3:::${f.resource.bucket}`);
  const top = [...findings]
    .sort((a, b) => Number(onPersonal(b)) - Number(onPersonal(a)) || rank(b.severity) - rank(a.severity) || (b.score ?? 0) - (a.score ?? 0))
    .slice(0, 5);
  const topLines = top.map(
    (f) =>
      `• ${onPersonal(f) ? ':lock: *personal data* ' : ''}${SEVERITY_EMOJI[f.severity]} ${severityLabel(f)} ${code(f.type.slice(0, 120))}: ${quoteUserText(f.title, 150)} (${resourceLine(f.resource)})`,
  );
  const source = SOURCE_NAMES[scope.source];
  const headline = `${findings.length} new ${source} findings in account ${escapeMrkdwn(scope.account)}, ${escapeMrkdwn(scope.region)}`;
  return {
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:rotating_light: *${headline}*\n${severityLine}` } },
      { type: 'section', text: { type: 'mrkdwn', text: `*By type*\n${typeLines.join('\n')}` } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Most severe*\n${topLines.join('\n')}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Every finding follows in this thread, with its Approve fix, Archive and Details buttons.' }] },
    ],
  };
}

/** The Details thread reply: the raw fields that matter, escaped and shortened. */
export function detailsMessage(f: StoredFinding, details: Record<string, string>): { text: string; blocks: KnownBlock[] } {
  const lines = Object.entries(details).map(([label, value]) => `*${escapeMrkdwn(label)}*: ${quoteUserText(value, label === 'Description' ? 1500 : 300)}`);
  if (lines.length === 0) lines.push('_No further details were stored for this finding._');
  return {
    text: `Details of ${SOURCE_NAMES[f.source]} finding ${f.id}`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*Details* of ${code(f.id)} (${SOURCE_NAMES[f.source]}, ${escapeMrkdwn(f.account)} / ${escapeMrkdwn(f.region)})` },
      },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    ],
  };
}

/** Said once per (service, account, region) when GuardDuty has no detector or Macie is not enabled. */
export function serviceOffMessage(source: FindingSource, account: string, region: string, reason: string): { text: string; blocks: KnownBlock[] } {
  const name = SOURCE_NAMES[source];
  const text = `${name} is not enabled in account ${escapeMrkdwn(account)}, region ${escapeMrkdwn(region)}: its findings cannot reach this channel.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:warning: ${text}\n${quoteUserText(reason, 300)}` } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `*Approve fix* asks for \`${source === 'guardduty' ? 'guardduty-enable' : 'macie-enable'}\` (an approver must agree). This is said once; it is said again if ${name} is turned off after being on.`,
          },
        ],
      },
      { type: 'actions', block_id: 'finding_enable', elements: [button('Approve fix', FINDING_ACTIONS.enable, `${source}|${account}|${region}`, 'primary')] },
    ],
  };
}

/** What the approver who pressed **Archive** is told when GuardDuty would not archive the finding. */
export function archiveFailedText(findingId: string, reason: string): string {
  return `:x: Archiving GuardDuty finding ${code(findingId)} failed: ${escapeMrkdwn(reason.slice(0, 300))}. (Only GuardDuty's administrator account can archive findings.)`;
}
