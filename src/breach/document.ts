import { formatDuration } from '../config/duration.js';
import type { AuditEntry } from '../audit/log.js';
import type { KnownFacts } from './facts.js';
import { deadlineAt, isOverdue, marks, type Breach } from './state.js';

/**
 * The notification draft of `/gdpr breach export`: the Art. 33(3) content laid out as an authority's form
 * asks for it, with the facts gdpr-bot knows and the timeline from the audit log. Rendered as Markdown
 * and as HTML (every value escaped for its format: it is user and AWS text). Pure.
 */
export interface Draft {
  breach: Breach;
  sent: Readonly<Record<string, number>>;
  facts: KnownFacts;
  /** Audit entries of the timeline (this assessment's own, and the fixes and revocations since awareness). */
  timeline: readonly AuditEntry[];
  generatedAt: Date;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Section {
  title: string;
  /** Paragraphs of plain text (each escaped by the renderer). */
  body: string[];
}

const NOT_GIVEN = '(not filled in yet)';

function sections(d: Draft): Section[] {
  const { breach: b, facts } = d;
  const a = b.assessment;
  const now = d.generatedAt.getTime();
  const late = isOverdue(b, b.closedAt ?? now);
  const decision =
    a.decision === 'notify'
      ? 'Notify the supervisory authority (Art. 33(1)).'
      : a.decision === 'no-risk'
        ? 'Not notified: the breach is unlikely to result in a risk to the rights and freedoms of natural persons (Art. 33(1)).'
        : 'No decision recorded yet.';
  return [
    {
      title: 'Summary',
      body: [
        `Assessment: ${b.id}`,
        `Title: ${b.title}`,
        `Status: ${b.status}${b.closedAt ? ` (closed ${iso(b.closedAt)} by ${b.closedBy ?? '?'}: ${b.closeReason ?? ''})` : ''}`,
        `Aware of the breach since: ${iso(b.awareAt)}${b.awareReason ? ` (earlier than the assessment was opened, because: ${b.awareReason})` : ''}`,
        `Assessment opened: ${iso(b.openedAt)} by ${b.openedBy}`,
        `Notification deadline (Art. 33(1), ${formatDuration(b.deadlineMs)} after awareness): ${iso(deadlineAt(b))}`,
        `Draft generated: ${d.generatedAt.toISOString()}`,
      ],
    },
    {
      title: 'Art. 33(3)(a) Nature of the personal data breach',
      body: [
        a.nature ?? NOT_GIVEN,
        `Categories of data subjects and personal data records concerned: ${a.categories ?? NOT_GIVEN}`,
        `Approximate number of data subjects concerned: ${a.subjects ?? NOT_GIVEN}`,
        `Approximate number of personal data records concerned: ${a.records ?? NOT_GIVEN}`,
      ],
    },
    { title: 'Art. 33(3)(b) Data protection officer or other contact point', body: [a.dpoContact ?? NOT_GIVEN] },
    { title: 'Art. 33(3)(c) Likely consequences of the breach', body: [a.consequences ?? NOT_GIVEN] },
    {
      title: 'Art. 33(3)(d) Measures taken or proposed',
      body: [
        a.measures ?? NOT_GIVEN,
        ...(facts.fixes.length > 0
          ? [
              'Fixes applied since awareness (audit log):',
              ...facts.fixes.map((f) => `${f.at}: fix ${f.remediation} applied (${f.outcome}) on ${f.target}, request ${f.request}`),
            ]
          : ['No fix was applied through gdpr-bot since awareness.']),
        ...(facts.revocations.length > 0
          ? ['Access revoked since awareness (audit log):', ...facts.revocations.map((r) => `${r.at}: access grant ${r.grant} revoked by ${r.actor}`)]
          : []),
      ],
    },
    {
      title: 'Decision',
      body: [
        decision,
        ...(a.decisionReason ? [`Reason: ${a.decisionReason}`] : []),
        a.notifySubjects ? 'The data subjects are informed too (Art. 34).' : 'The data subjects are not informed under Art. 34.',
      ],
    },
    ...(late || a.delayReason
      ? [
          {
            title: 'Art. 33(1) Reasons for the delay',
            body: [
              a.delayReason ??
                (late ? 'REQUIRED: this notification is made after the deadline and must give the reasons for the delay. Not filled in yet.' : NOT_GIVEN),
            ],
          },
        ]
      : []),
    {
      title: 'Findings linked',
      body:
        facts.findings.length > 0
          ? facts.findings.map(
              (f) => `${f.id} (${f.source}, ${f.type}): ${f.title}; ${f.resource}; account ${f.account}, ${f.region}; first seen ${f.firstSeen}`,
            )
          : ['None (opened by command).'],
    },
    ...(facts.macie.length > 0
      ? [
          {
            title: 'What Macie reports the data holds',
            body: facts.macie.map(
              (m) => `Bucket ${m.bucket}${m.public ? ' (public)' : ''}${m.object ? `, object ${m.object}` : ''}: ${m.sensitiveData} (finding ${m.finding})`,
            ),
          },
        ]
      : []),
    { title: 'Resources involved', body: b.resources.length > 0 ? [...b.resources] : ['None recorded.'] },
    {
      title: 'Clock',
      body: marks(b).map(
        (m) =>
          `${m.kind === 'deadline' ? 'Deadline' : `Reminder at ${formatDuration(m.afterMs)}`}: due ${iso(m.at)}, ${d.sent[m.key] !== undefined ? `sent ${iso(d.sent[m.key]!)}` : 'not sent'}`,
      ),
    },
    {
      title: 'Assessment phases (Art. 33(4))',
      body:
        b.phases.length > 0
          ? b.phases.map((p) => `Phase ${p.n}: ${iso(p.at)} by ${p.by}, changed ${p.changed.join(', ') || 'nothing'}`)
          : ['Not assessed yet.'],
    },
    {
      title: 'Timeline (audit log)',
      body: d.timeline.length > 0 ? d.timeline.map((e) => `#${e.seq} ${e.at} ${e.actor} ${e.action} ${e.subject}`) : ['No entries.'],
    },
  ];
}

/**
 * Markdown: `&`, `<`, `>` become entities (no raw HTML or autolinks), `*`, backticks, brackets, `|` and
 * backslashes are backslash-escaped (underscores are left: ids such as PERSONAL_INFORMATION stay pasteable), and a value cannot start a heading, quote or list of its own.
 */
function md(text: string): string {
  const escaped = text
    .replace(/[\\`*[\]|]/g, (c) => `\\${c}`)
    .replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'))
    .replace(/\r\n|[\r\n]/g, ' ');
  return /^([#+-]|\d+[.)])/.test(escaped) ? `\\${escaped}` : escaped;
}

export function renderMarkdown(d: Draft): string {
  const out = [`# Personal data breach notification draft (GDPR Art. 33): ${md(d.breach.id)}`, ''];
  for (const s of sections(d)) {
    out.push(`## ${s.title}`, '');
    for (const p of s.body)
      out.push(
        p
          .split(/\r\n|[\r\n]/)
          .map(md)
          .join('  \n'),
        '',
      );
  }
  return out.join('\n');
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function renderHtml(d: Draft): string {
  const body = sections(d)
    .map(
      (s) =>
        `<section>\n<h2>${html(s.title)}</h2>\n${s.body
          .map(
            (p) =>
              `<p>${p
                .split(/\r\n|[\r\n]/)
                .map(html)
                .join('<br>')}</p>`,
          )
          .join('\n')}\n</section>`,
    )
    .join('\n');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>Breach notification draft ${html(d.breach.id)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;line-height:1.4}h2{border-bottom:1px solid #ccc}</style>',
    '</head><body>',
    `<h1>Personal data breach notification draft (GDPR Art. 33): ${html(d.breach.id)}</h1>`,
    body,
    '</body></html>',
    '',
  ].join('\n');
}

/** One assessment as the evidence report's register lists it (Art. 33(5)): facts, decision, reason, no free text beyond those. */
export function registerEntry(b: Breach) {
  return {
    id: b.id,
    title: b.title,
    awareAt: iso(b.awareAt),
    deadline: iso(deadlineAt(b)),
    status: b.status,
    decision: b.assessment.decision ?? null,
    decisionReason: b.assessment.decisionReason ?? null,
    notifySubjects: b.assessment.notifySubjects ?? false,
    findings: b.findings,
    closedAt: b.closedAt ? iso(b.closedAt) : null,
    closeReason: b.closeReason ?? null,
  };
}

/** The breach register (Art. 33(5)) as a Markdown section of the evidence report. */
export function registerMarkdown(breaches: readonly Breach[]): string {
  const out = ['## Breach register (GDPR Art. 33(5))', '', 'Every breach assessment opened in gdpr-bot, notified or not.', ''];
  if (breaches.length === 0) out.push('No breach assessment has been opened.', '');
  for (const b of breaches) {
    const e = registerEntry(b);
    out.push(
      `- ${md(e.id)}: ${md(e.title)}; aware ${e.awareAt}, deadline ${e.deadline}; ${e.status}${e.closedAt ? ` ${e.closedAt} (${md(e.closeReason ?? '')})` : ''}; decision: ${e.decision ?? 'none yet'}${e.decisionReason ? ` (${md(e.decisionReason)})` : ''}${e.notifySubjects ? '; data subjects informed (Art. 34)' : ''}`,
    );
  }
  return out.join('\n') + '\n';
}
