import type { ActionsBlock, Button, KnownBlock, ModalView } from '@slack/types';
import { slackTime } from '../access/messages.js';
import { formatDuration } from '../config/duration.js';
import { clip, LIMITS } from '../slack/limits.js';
import { code, escapeMrkdwn, quotedLine, quoteUserText } from '../slack/mrkdwn.js';
import { clockText, deadlineAt, FIELD_MAX, isOverdue, marks, type Assessment, type AssessmentField, type Breach, type Mark } from './state.js';
import type { KnownFacts } from './facts.js';

/**
 * Block Kit and mrkdwn of the breach clock. Titles, assessment text and reasons are user input and
 * finding text is AWS text (attacker-influenced): all of it is escaped and shortened here. Button values
 * carry the assessment id only.
 */
export const BREACH_ACTIONS = {
  assess: 'breach_assess',
} as const;

/** Callback id of the assessment modal. */
export const BREACH_MODAL = 'breach_assessment_modal';

/** The outbox ref of an assessment's status message (its thread holds the reminders). */
export function statusRef(id: string): string {
  return `breach:${id}:status`;
}

/** A mark's offset as people say it: `48 h` for whole hours, else `90s`, `1h30m`. */
export function markText(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : formatDuration(ms);
}

/** Who is reminded, as mentions (user ids and user groups come from the configuration). */
export function mentions(people: { users: readonly string[]; usergroups: readonly string[] }): string {
  return [...people.users.map((u) => `<@${u}>`), ...people.usergroups.map((g) => `<!subteam^${g}>`)].join(' ');
}

const DECISION_TEXT = { notify: 'notify the supervisory authority', 'no-risk': 'not notified: unlikely to result in a risk to people' } as const;

/** The decision as one line of mrkdwn (escaped). */
export function decisionLine(a: Assessment): string {
  if (!a.decision) return '_no decision yet_';
  const parts = [`*${DECISION_TEXT[a.decision]}*`];
  if (a.decisionReason) parts.push(`because ${quoteUserText(a.decisionReason, 300)}`);
  if (a.notifySubjects) parts.push('and inform the data subjects (Art. 34)');
  return parts.join(' ');
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

/** The status message, updated in place: the clock, the decision, what is linked. */
export function statusMessage(breach: Breach, sent: Readonly<Record<string, number>>, now: number): { text: string; blocks: KnownBlock[] } {
  const closed = breach.status === 'closed';
  const overdue = !closed && isOverdue(breach, now);
  const clock = closed ? `closed ${slackTime(breach.closedAt ?? now)}` : clockText(breach, now);
  const icon = closed ? ':white_check_mark:' : overdue ? ':rotating_light:' : ':hourglass_flowing_sand:';
  const headline = `${icon} *Breach assessment ${code(breach.id)}*: ${quoteUserText(breach.title, 150)} · *${clock}*`;
  const lines = [
    `*Aware since* ${slackTime(breach.awareAt)}${breach.awareReason ? ` (earlier than opened: ${quoteUserText(breach.awareReason, 300)})` : ''} · opened by <@${breach.openedBy}>`,
    `*Art. 33 deadline* ${slackTime(deadlineAt(breach))} (${markText(breach.deadlineMs)} after awareness)`,
    `*Decision* ${decisionLine(breach.assessment)}`,
    `*Assessment* ${breach.phases.length === 0 ? '_not filled in yet_' : `phase ${breach.phases.length}, last saved ${slackTime(breach.phases.at(-1)!.at)} by <@${breach.phases.at(-1)!.by}>`}`,
  ];
  if (breach.findings.length > 0) lines.push(`*Findings* ${breach.findings.slice(0, 10).map(code).join(', ')}`);
  if (breach.resources.length > 0)
    lines.push(
      `*Resources* ${breach.resources
        .slice(0, 10)
        .map((r) => code(r.slice(0, 200)))
        .join(', ')}`,
    );
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: headline } },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, LIMITS.sectionText) } },
  ];
  if (overdue) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: ':warning: *The 72-hour deadline has passed.* A notification made now must give the reasons for the delay (Art. 33(1)): fill in *Reasons for the delay* in the assessment.',
      },
    });
  }
  const markLine = marks(breach)
    .map(
      (m) =>
        `${m.kind === 'deadline' ? 'deadline' : markText(m.afterMs)}: ${sent[m.key] !== undefined ? ':white_check_mark:' : m.at <= now && !closed ? ':hourglass:' : '·'}`,
    )
    .join('  ');
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Clock: ${markLine} · ${code(`/gdpr breach export ${breach.id}`)} drafts the notification` }],
  });
  if (!closed)
    blocks.push({
      type: 'actions',
      block_id: 'breach_actions',
      elements: [button('Edit assessment', BREACH_ACTIONS.assess, breach.id, 'primary')],
    } as ActionsBlock);
  return { text: `Breach assessment ${breach.id}: ${clock}`, blocks };
}

/** A reminder in the status thread (and by DM to the people reminded). Late ones say so. */
export function reminderMessage(breach: Breach, mark: Mark, now: number, late: boolean, who: string): { text: string; blocks: KnownBlock[] } {
  const overdue = mark.kind === 'deadline';
  const head = overdue
    ? `:rotating_light: *Breach ${code(breach.id)}: the Art. 33 deadline has passed* (${markText(breach.deadlineMs)} after awareness). If the authority is to be notified, the notification must now give the reasons for the delay (Art. 33(1)).`
    : `:alarm_clock: *Breach ${code(breach.id)}: ${markText(mark.afterMs)} since awareness, ${clockText(breach, now)}* to notify the supervisory authority (Art. 33(1)).`;
  const lines = [head, `${quoteUserText(breach.title, 150)} · decision: ${decisionLine(breach.assessment)}`];
  if (late) lines.push(`:warning: _This reminder was due ${slackTime(mark.at)} and is sent late: gdpr-bot was not running then._`);
  if (who) lines.push(who);
  const text = lines.join('\n');
  return { text: text.slice(0, LIMITS.fallbackText), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, LIMITS.sectionText) } }] };
}

/** One line of the register (Art. 33(5)). */
export function registerLine(breach: Breach, now: number): string {
  const state = breach.status === 'closed' ? `closed ${slackTime(breach.closedAt ?? now)} by <@${breach.closedBy}>` : `open, ${clockText(breach, now)}`;
  return `• ${code(breach.id)} ${quoteUserText(breach.title, 100)} · aware ${slackTime(breach.awareAt)} · ${state} · ${decisionLine(breach.assessment)}`;
}

/** `/gdpr breach list`. */
export function registerText(breaches: readonly Breach[], now: number): string {
  if (breaches.length === 0) return 'The breach register is empty: no assessment has been opened.';
  const lines = [
    `*Breach register (Art. 33(5))*: ${breaches.length} assessment${breaches.length === 1 ? '' : 's'}, notified or not, newest first`,
    ...breaches.map((b) => registerLine(b, now)),
  ];
  let out = '';
  for (const line of lines) {
    if (out.length + line.length + 1 > LIMITS.sectionText - 40) return `${out}\n… and more: ${code('/gdpr breach export <id>')} for each`;
    out += (out ? '\n' : '') + line;
  }
  return out;
}

/** What the opener is told. */
export function openedText(breach: Breach, channel: string): string {
  return `:hourglass_flowing_sand: Breach assessment ${code(breach.id)} opened; the 72-hour clock runs from ${slackTime(breach.awareAt)}. Its status message is in <#${channel}>; reminders follow in its thread.`;
}

export function alreadyOpenText(id: string): string {
  return `A breach assessment for this finding is already open: ${code(id)}.`;
}

/** A refusal, escaped (its message may quote what was typed). */
export function refusalText(message: string): string {
  return `:no_entry: ${escapeMrkdwn(message)}`;
}

export const BREACH_USAGE = [
  `${code('/gdpr breach open <title>')} (optionally ${code('--aware <ISO time or e.g. 3h> --reason <why earlier>')})`,
  `${code('/gdpr breach assess <id>')} (the Art. 33(3) form)`,
  `${code('/gdpr breach list')} (the register)`,
  `${code('/gdpr breach export <id>')} (the notification draft)`,
  `${code('/gdpr breach close <id> <reason>')} (approvers)`,
].join(', ');

/** The block ids of the modal's inputs (also the keys of validation errors). */
export const MODAL_FIELDS: Record<Exclude<AssessmentField, 'notifySubjects'>, string> & { notifySubjects: string } = {
  nature: 'nature',
  categories: 'categories',
  subjects: 'subjects',
  records: 'records',
  dpoContact: 'dpoContact',
  consequences: 'consequences',
  measures: 'measures',
  decision: 'decision',
  decisionReason: 'decisionReason',
  notifySubjects: 'notifySubjects',
  delayReason: 'delayReason',
};

function textInput(block: keyof typeof FIELD_MAX, label: string, value: string | undefined, options: { multiline?: boolean; hint?: string } = {}): KnownBlock {
  const max = FIELD_MAX[block];
  return {
    type: 'input',
    block_id: MODAL_FIELDS[block],
    optional: true,
    label: { type: 'plain_text', text: label.slice(0, 2000) },
    ...(options.hint ? { hint: { type: 'plain_text', text: options.hint.slice(0, 2000) } } : {}),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: options.multiline ?? false,
      max_length: max,
      ...(value ? { initial_value: value.slice(0, max) } : {}),
    },
  } as KnownBlock;
}

/** The suggested "measures taken" text from the audit log (fixes applied, access revoked since awareness). */
export function measuresSuggestion(facts: KnownFacts): string {
  const lines = [
    ...facts.fixes.map((f) => `- ${f.at.slice(0, 16).replace('T', ' ')} UTC: fix ${f.remediation} applied (${f.outcome}) on ${f.target}`),
    ...facts.revocations.map((r) => `- ${r.at.slice(0, 16).replace('T', ' ')} UTC: access grant ${r.grant} revoked`),
  ];
  return clip(lines.join('\n'), FIELD_MAX.measures);
}

/** The suggested "categories" text from Macie (what its findings say the objects hold). */
export function categoriesSuggestion(facts: KnownFacts): string {
  const lines = facts.macie.map((m) => `${m.sensitiveData} (Macie, bucket ${m.bucket}${m.object ? `, object ${m.object}` : ''})`);
  return clip(lines.join('\n'), FIELD_MAX.categories);
}

/** What the bot knows, cited in the modal as mrkdwn (AWS text escaped). */
export function factsText(facts: KnownFacts): string {
  const lines: string[] = [];
  for (const f of facts.findings.slice(0, 5))
    lines.push(`• Finding ${code(f.id)} (${escapeMrkdwn(f.source)}): ${quoteUserText(f.title, 150)} on ${quoteUserText(f.resource, 150)}`);
  for (const m of facts.macie.slice(0, 5))
    lines.push(`• Macie: bucket ${code(m.bucket)}${m.public ? ' (public)' : ''} holds ${quoteUserText(m.sensitiveData, 200)}`);
  for (const f of facts.fixes.slice(0, 5))
    lines.push(`• Fix ${code(f.remediation)} applied ${f.at.slice(0, 16).replace('T', ' ')} UTC (${escapeMrkdwn(f.outcome)})`);
  for (const r of facts.revocations.slice(0, 5)) lines.push(`• Access ${code(r.grant)} revoked ${r.at.slice(0, 16).replace('T', ' ')} UTC`);
  if (lines.length === 0) return '_gdpr-bot knows no linked finding, fix or revocation since awareness._';
  return ['*What gdpr-bot knows* (from the findings feed and the audit log since awareness):', ...lines].join('\n').slice(0, LIMITS.sectionText);
}

/** The assessment modal: the Art. 33(3) fields, prefilled with what was saved or what the bot knows. */
export function assessmentModal(breach: Breach, facts: KnownFacts, defaults: { dpoContact?: string }, now: number): ModalView {
  const a = breach.assessment;
  const overdue = isOverdue(breach, now);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${code(breach.id)}* ${quoteUserText(breach.title, 150)} · *${clockText(breach, now)}* · phase ${breach.phases.length + 1} (Art. 33(4): save what is known now, add the rest later)`,
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: factsText(facts) } },
    textInput('nature', 'Nature of the breach (Art. 33(3)(a))', a.nature, { multiline: true }),
    textInput('categories', 'Categories of data subjects and of personal data records', a.categories ?? (categoriesSuggestion(facts) || undefined), {
      multiline: true,
    }),
    textInput('subjects', 'Approximate number of data subjects', a.subjects),
    textInput('records', 'Approximate number of personal data records', a.records),
    textInput('dpoContact', 'DPO or other contact point (Art. 33(3)(b))', a.dpoContact ?? defaults.dpoContact),
    textInput('consequences', 'Likely consequences (Art. 33(3)(c))', a.consequences, { multiline: true }),
    textInput('measures', 'Measures taken or proposed (Art. 33(3)(d))', a.measures ?? (measuresSuggestion(facts) || undefined), { multiline: true }),
    {
      type: 'input',
      block_id: MODAL_FIELDS.decision,
      optional: true,
      label: { type: 'plain_text', text: 'Decision' },
      element: {
        type: 'radio_buttons',
        action_id: 'value',
        options: [
          { text: { type: 'plain_text', text: 'Notify the supervisory authority' }, value: 'notify' },
          { text: { type: 'plain_text', text: 'Not likely to result in a risk (say why)' }, value: 'no-risk' },
        ],
        ...(a.decision
          ? {
              initial_option: {
                text: { type: 'plain_text', text: a.decision === 'notify' ? 'Notify the supervisory authority' : 'Not likely to result in a risk (say why)' },
                value: a.decision,
              },
            }
          : {}),
      },
    } as KnownBlock,
    textInput('decisionReason', 'Reason for the decision', a.decisionReason, { multiline: true }),
    {
      type: 'input',
      block_id: MODAL_FIELDS.notifySubjects,
      optional: true,
      label: { type: 'plain_text', text: 'Data subjects (Art. 34)' },
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: [{ text: { type: 'plain_text', text: 'Also inform the data subjects (high risk)' }, value: 'yes' }],
        ...(a.notifySubjects ? { initial_options: [{ text: { type: 'plain_text', text: 'Also inform the data subjects (high risk)' }, value: 'yes' }] } : {}),
      },
    } as KnownBlock,
    textInput(
      'delayReason',
      overdue ? 'Reasons for the delay (required now: Art. 33(1))' : 'Reasons for a delay (only if notified after 72 h)',
      a.delayReason,
      { multiline: true },
    ),
  ];
  return {
    type: 'modal',
    callback_id: BREACH_MODAL,
    title: { type: 'plain_text', text: 'Breach assessment' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ id: breach.id }),
    blocks,
  };
}

type ViewValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value?: string } | null; selected_options?: { value?: string }[] | null }>
>;

/** The submitted fields of the modal. */
export function readAssessmentModal(values: ViewValues): Assessment {
  const text = (block: string) => {
    const v = values[block]?.value?.value;
    return typeof v === 'string' && v.trim() !== '' ? v : undefined;
  };
  const decision = values[MODAL_FIELDS.decision]?.value?.selected_option?.value;
  const out: Assessment = {
    nature: text(MODAL_FIELDS.nature),
    categories: text(MODAL_FIELDS.categories),
    subjects: text(MODAL_FIELDS.subjects),
    records: text(MODAL_FIELDS.records),
    dpoContact: text(MODAL_FIELDS.dpoContact),
    consequences: text(MODAL_FIELDS.consequences),
    measures: text(MODAL_FIELDS.measures),
    decision: decision === 'notify' || decision === 'no-risk' ? decision : undefined,
    decisionReason: text(MODAL_FIELDS.decisionReason),
    notifySubjects: (values[MODAL_FIELDS.notifySubjects]?.value?.selected_options ?? []).some((o) => o.value === 'yes') || undefined,
    delayReason: text(MODAL_FIELDS.delayReason),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Assessment;
}

/** The confirmation after a save (by DM to who saved). */
export function savedText(breach: Breach): string {
  return `:floppy_disk: Assessment ${code(breach.id)} saved (phase ${breach.phases.length}). Decision: ${decisionLine(breach.assessment)}.`;
}

/** The initial comment of an export upload. */
export function exportComment(breach: Breach): string {
  return `Notification draft for breach ${code(breach.id)} (Art. 33(3)), as Markdown and HTML, with the timeline from the audit log. ${quotedLine(breach.title, 150)}`;
}
