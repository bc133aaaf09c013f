import { createHash } from 'node:crypto';
import { describeManual, type ManualStatus } from './manual.js';
import { coverageGaps, coverageLine, summarizeCoverage, type AccountCoverage } from './coverage.js';
import { art30Csv, art30Json, art30Markdown } from './art30.js';
import { holdsPersonalData, personalResources, type AccountDataMap } from './datamap.js';
import { checksByArticle, getCheck } from './registry.js';
import { byCheck, overallStatus, resultStatus, summarize, type PostureStatus, type PostureSummary } from './summary.js';
import { ARTICLE_TITLES, CheckStatus, GDPR_ARTICLES, type Check, type CheckResult, type Severity, type WaiverMark } from './types.js';
import { fixOf } from '../remediations/catalog/index.js';

/** The evidence formats: Markdown, CSV and JSON for auditors, SARIF for code-scanning tools. */
export const REPORT_FORMATS = ['md', 'csv', 'json', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportInput {
  generatedAt: Date;
  /** When the results were collected (the scan's finish time). */
  scannedAt?: string;
  scanId?: string;
  accounts: string[];
  results: readonly CheckResult[];
  /** What the scan covered per account (regions scanned, enabled ones left out); absent for older scans. */
  coverage?: readonly AccountCoverage[];
  /** The controls no API can answer, with the configured answers (`manualStatuses`); absent: not reported. */
  manual?: readonly ManualStatus[];
  /** The personal data map of each account (Art. 30 annex, risk ranking); absent: not collected (said so). */
  dataMap?: readonly AccountDataMap[];
}

/** The bucket ARNs holding personal data in the report's data map. */
function personalOf(input: ReportInput): ReadonlySet<string> {
  return personalResources(input.dataMap ?? []);
}

/**
 * Whether a failing (or waived, i.e. failing and accepted) result is on a resource that holds personal data
 * (errors are not ranked: nothing failed).
 */
function onPersonal(r: { status: CheckStatus | 'waived'; resource: string }, personal: ReadonlySet<string>): boolean {
  return (r.status === CheckStatus.Fail || r.status === 'waived') && holdsPersonalData(r.resource, personal);
}

/** What a manual control's state means in the report: a `yes` passes, a `no` fails, the rest need an answer. */
const MANUAL_STATUS = { yes: 'pass', no: 'fail', stale: 'needs_manual_answer', unanswered: 'needs_manual_answer' } as const;

function manualJson(m: ManualStatus) {
  return {
    id: m.control.id,
    actionItem: m.control.actionItem,
    gdpr: [...m.control.gdpr],
    question: m.control.question,
    whyManual: m.control.whyManual,
    status: MANUAL_STATUS[m.state],
    state: m.state,
    ...(m.answer ? { answer: m.answer } : {}),
  };
}

/** One result with the metadata an auditor needs beside it. */
export interface ReportRow {
  checkId: string;
  title: string;
  actionItem: number;
  gdpr: string[];
  severity: Severity;
  /** `waived` for a failure an approver accepted as a risk (with `waiver`); never `pass`. */
  status: PostureStatus;
  accountId: string;
  region: string;
  resource: string;
  message: string;
  waiver?: WaiverMark;
}

export function reportRows(results: readonly CheckResult[]): ReportRow[] {
  return results.flatMap((r) => {
    const check = getCheck(r.checkId);
    if (!check) return [];
    const status = resultStatus(r);
    return [
      {
        checkId: r.checkId,
        title: check.title,
        actionItem: check.actionItem,
        gdpr: [...check.gdpr],
        severity: check.severity,
        status,
        accountId: r.accountId,
        region: r.region,
        resource: r.resource,
        message: r.message,
        ...(status === 'waived' ? { waiver: r.waiver } : {}),
      },
    ];
  });
}

/** Who accepted a waived result's risk, until when and why, in one line. */
export function waiverLine(w: WaiverMark): string {
  return `waived (${w.id}) by ${w.grantedBy} on ${w.grantedAt.slice(0, 10)} until ${w.expiresAt}: ${w.justification}`;
}

/** GDPR article → checks → resources → status, as JSON. */
export function toJson(input: ReportInput): string {
  const personal = personalOf(input);
  const grouped = byCheck(input.results);
  const summary: PostureSummary = summarize(input.results);
  const articles = [...checksByArticle().entries()].map(([article, checks]) => ({
    article,
    title: ARTICLE_TITLES[article],
    checks: checks
      .filter((c) => grouped.has(c.id))
      .map((c) => ({
        id: c.id,
        title: c.title,
        actionItem: c.actionItem,
        severity: c.severity,
        status: overallStatus(grouped.get(c.id)!),
        resources: grouped.get(c.id)!.map((r) => ({
          accountId: r.accountId,
          region: r.region,
          resource: r.resource,
          status: resultStatus(r),
          message: r.message,
          ...(resultStatus(r) === 'waived' ? { waiver: r.waiver } : {}),
          ...(onPersonal(r, personal) ? { personalData: true } : {}),
        })),
      })),
  }));
  return `${JSON.stringify(
    {
      tool: 'gdpr-bot',
      generatedAt: input.generatedAt.toISOString(),
      scannedAt: input.scannedAt,
      scanId: input.scanId,
      accounts: input.accounts,
      summary,
      coverage: input.coverage ? { ...summarizeCoverage(input.coverage), perAccount: input.coverage } : undefined,
      articles,
      results: reportRows(input.results).map((r) => (onPersonal(r, personal) ? { ...r, personalData: true } : r)),
      manual: input.manual?.map(manualJson),
      art30Annex: art30Json(input.dataMap),
    },
    null,
    2,
  )}\n`;
}

function csvCell(value: string | number): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per (article, result), RFC 4180 quoting. */
export function toCsv(input: ReportInput): string {
  // The waiver columns and personal_data come last, so readers of the older columns are not moved.
  const header = [
    'article',
    'check_id',
    'title',
    'action_item',
    'severity',
    'account_id',
    'region',
    'resource',
    'status',
    'message',
    'scanned_at',
    'waiver_id',
    'waived_by',
    'waived_at',
    'waived_until',
    'waiver_justification',
    'personal_data',
  ];
  const personal = personalOf(input);
  const lines = [header.join(',')];
  for (const row of reportRows(input.results)) {
    const w = row.waiver;
    const waiver = w ? [w.id, w.grantedBy, w.grantedAt, w.expiresAt, w.justification] : ['', '', '', '', ''];
    for (const article of row.gdpr) {
      lines.push(
        [
          article,
          row.checkId,
          row.title,
          row.actionItem,
          row.severity,
          row.accountId,
          row.region,
          row.resource,
          row.status,
          row.message,
          input.scannedAt ?? '',
          ...waiver,
          onPersonal(row, personal) ? 'yes' : '',
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  // Manual controls: region `manual`, no account; a stale or missing answer is `needs_manual_answer`, never a pass.
  for (const m of input.manual ?? []) {
    for (const article of m.control.gdpr) {
      lines.push(
        [
          article,
          m.control.id,
          m.control.question,
          m.control.actionItem,
          '',
          '',
          'manual',
          'manual answer',
          MANUAL_STATUS[m.state],
          describeManual(m),
          input.scannedAt ?? '',
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  // What the scan did not cover, as rows of their own so a spreadsheet never reads a region left out as
  // clean: `not_checked` per enabled region not scanned, `error` per account whose regions are unknown.
  for (const c of input.coverage ?? []) {
    for (const region of c.notChecked ?? []) {
      const message = `Not checked: ${region} is enabled in account ${c.accountId} but outside the scanned regions (scan.regions or --regions); nothing is known about it.`;
      lines.push(
        ['', '', 'Region not checked', '', '', c.accountId, region, `region ${region}`, 'not_checked', message, input.scannedAt ?? ''].map(csvCell).join(','),
      );
    }
    if (c.error) {
      const message = `Account ${c.accountId}: its enabled regions could not be listed (${c.error}), so regions outside those scanned may be unchecked.`;
      lines.push(['', '', 'Regions unknown', '', '', c.accountId, '', 'enabled regions', 'error', message, input.scannedAt ?? ''].map(csvCell).join(','));
    }
  }
  // The Art. 30 annex: one row per data store holding personal data and per region nobody can tell about.
  for (const cells of art30Csv(input.dataMap))
    lines.push([...cells, input.scannedAt ?? '', '', '', '', '', '', cells[8] === 'personal_data' ? 'yes' : ''].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

const STATUS_LABEL: Record<PostureStatus, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  error: 'ERROR (could not check)',
  not_applicable: 'N/A',
  waived: 'WAIVED (accepted risk, not a pass)',
};

/** A Markdown evidence report an auditor can read: per article, each check and each resource. */
export function toMarkdown(input: ReportInput): string {
  const personal = personalOf(input);
  const grouped = byCheck(input.results);
  const summary = summarize(input.results);
  const out: string[] = [
    '# GDPR evidence report (gdpr-bot)',
    '',
    `- Generated: ${input.generatedAt.toISOString()}`,
    `- Results collected: ${input.scannedAt ?? 'unknown'}${input.scanId ? ` (scan ${input.scanId})` : ''}`,
    `- AWS accounts: ${input.accounts.join(', ') || '—'}`,
    `- Score: ${summary.score}% of evaluated checks pass (${summary.checks.passed} passed, ${summary.checks.failed} failed, ${summary.checks.errors} could not be checked${summary.checks.waived ? `, ${summary.checks.waived} waived` : ''})`,
  ];
  const waived = reportRows(input.results).filter((r) => r.status === 'waived');
  if (waived.length > 0) out.push(`- Waived (accepted risks, counted as not passing): ${waived.length} result(s); see the section "Waivers" at the end`);
  if (input.manual && input.manual.length > 0) {
    const no = input.manual.filter((m) => m.state === 'no').length;
    const needed = input.manual.filter((m) => m.state === 'stale' || m.state === 'unanswered').length;
    out.push(`- Controls no API can answer: ${needed} need a manual answer, ${no} answered no (see the last section; not part of the score)`);
  }
  if (input.coverage) {
    const covered = summarizeCoverage(input.coverage);
    out.push(`- Coverage: ${coverageLine(covered)}`, ...coverageGaps(covered).map((gap) => `- **${gap}**`));
    for (const c of input.coverage) out.push(`  - ${c.accountId}: ${c.regions.join(', ') || 'no region'}`);
  }
  out.push('');
  for (const article of GDPR_ARTICLES) {
    const checks = (checksByArticle().get(article) ?? []).filter((c: Check) => grouped.has(c.id));
    out.push(`## ${article}: ${ARTICLE_TITLES[article]}`, '');
    if (checks.length === 0) {
      out.push('_No results for this article in this scan._', '');
      continue;
    }
    for (const c of checks) {
      const rs = grouped.get(c.id)!;
      out.push(
        `### ${c.id}: ${c.title}`,
        '',
        `Action item ${c.actionItem} · severity ${c.severity} · overall ${STATUS_LABEL[overallStatus(rs)]}`,
        '',
        `> ${c.rationale}`,
        '',
      );
      out.push('| Status | Account | Region | Resource | Detail |', '|---|---|---|---|---|');
      // Failures on resources holding personal data first, marked.
      const ranked = [...rs].sort((a, b) => Number(onPersonal(b, personal)) - Number(onPersonal(a, personal)));
      for (const r of ranked) {
        out.push(
          `| ${STATUS_LABEL[resultStatus(r)]}${onPersonal(r, personal) ? ' · PERSONAL DATA' : ''} | ${r.accountId} | ${r.region} | ${mdCell(r.resource)} | ${mdCell(resultStatus(r) === 'waived' && r.waiver ? `${r.message} (${waiverLine(r.waiver)})` : r.message)} |`,
        );
      }
      out.push('');
    }
  }
  if (input.manual && input.manual.length > 0) {
    const label = {
      yes: 'PASS (answered yes)',
      no: 'FAIL (answered no)',
      stale: 'NEEDS A MANUAL ANSWER (answer older than a year)',
      unanswered: 'NEEDS A MANUAL ANSWER',
    } as const;
    const needed = input.manual.filter((m) => m.state === 'stale' || m.state === 'unanswered').length;
    out.push(
      '## Controls no AWS API can answer',
      '',
      `${needed} of ${input.manual.length} need a manual answer (\`manualAnswers\` in the configuration file). A "no" counts as a failure of its action item; an unanswered control never counts as passing.`,
      '',
      '| Status | Control | Action item | Articles | Question | Answer | Why no API can answer |',
      '|---|---|---|---|---|---|---|',
    );
    for (const m of input.manual) {
      const answer = m.answer ? `${m.answer.answer} by ${m.answer.by} on ${m.answer.date}${m.answer.note ? ` (${m.answer.note})` : ''}` : '—';
      out.push(
        `| ${label[m.state]} | ${m.control.id} | ${m.control.actionItem} | ${m.control.gdpr.join(', ')} | ${mdCell(m.control.question)} | ${mdCell(answer)} | ${mdCell(m.control.whyManual)} |`,
      );
    }
    out.push('');
  }
  if (waived.length > 0) {
    out.push(
      '## Waivers (accepted risks)',
      '',
      'Failures an approver accepted as a risk, each with a justification and an expiry. They are not passes and count against the score; when a waiver ends the result is a plain failure again.',
      '',
    );
    out.push('| Check | Account | Region | Resource | Waiver | Granted by | Granted | Expires | Justification |', '|---|---|---|---|---|---|---|---|---|');
    for (const r of waived) {
      const w = r.waiver!;
      out.push(
        `| ${r.checkId} | ${r.accountId} | ${r.region} | ${mdCell(r.resource)} | ${w.id} | ${w.grantedBy} | ${w.grantedAt} | ${w.expiresAt} | ${mdCell(w.justification)} |`,
      );
    }
    out.push('');
  }
  out.push(...art30Markdown(input.dataMap));
  return out.join('\n');
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

/** The failed AWS call of an error result ("AccessDenied on iam:GetAccountSummary"), when its message names one. */
const FAILED_CALL = /\b([A-Za-z][\w.]*) on ([a-z0-9-]+:[A-Za-z0-9]+)/;

/**
 * SARIF notifications of what kept the scan from being complete: one `error` per failed AWS call (with
 * the checks it left unchecked), one per account whose regions could not be listed, and a `warning` for
 * enabled regions that were not scanned.
 */
function executionNotifications(input: ReportInput): { level: 'error' | 'warning'; message: { text: string }; descriptor?: { id: string } }[] {
  const byCall = new Map<string, { checks: Set<string>; count: number }>();
  for (const r of input.results) {
    if (r.status !== CheckStatus.Error) continue;
    const m = FAILED_CALL.exec(r.message);
    const key = m ? `${m[1]} on ${m[2]}` : 'the check could not run';
    const entry = byCall.get(key) ?? { checks: new Set<string>(), count: 0 };
    entry.checks.add(r.checkId);
    entry.count += 1;
    byCall.set(key, entry);
  }
  const out: ReturnType<typeof executionNotifications> = [...byCall].map(([call, e]) => ({
    level: 'error' as const,
    message: { text: `${call}: ${e.count} result(s) could not be checked (${[...e.checks].sort().join(', ')}).` },
    descriptor: { id: call.split(' on ')[1] ?? 'check' },
  }));
  if (input.coverage) {
    const covered = summarizeCoverage(input.coverage);
    for (const e of covered.errors)
      out.push({
        level: 'error',
        message: { text: `Account ${e.accountId}: the enabled regions could not be listed (${e.reason}).` },
        descriptor: { id: 'ec2:DescribeRegions' },
      });
    if (covered.notChecked.length > 0) out.push({ level: 'warning', message: { text: coverageGaps({ ...covered, errors: [], unknown: [] })[0]! } });
  }
  return out;
}

/**
 * A failure's `security-severity` on a resource that holds personal data: one and a half points above its
 * check's (a high check becomes critical), at most 10.
 */
export function personalSecuritySeverity(severity: Severity): string {
  return Math.min(10, Number(SECURITY_SEVERITY[severity]) + 1.5).toFixed(1);
}

/** SARIF 2.1.0: one rule per check, one result per failing or unchecked resource (those on personal data first). */
export function toSarif(input: ReportInput): string {
  const personal = personalOf(input);
  const rows = reportRows(input.results)
    .filter((r) => r.status === CheckStatus.Fail || r.status === CheckStatus.Error || r.status === 'waived')
    .sort((a, b) => Number(onPersonal(b, personal)) - Number(onPersonal(a, personal)));
  const ruleIds = [...new Set(reportRows(input.results).map((r) => r.checkId))].sort();
  const rules = ruleIds.map((id) => {
    const c = getCheck(id)!;
    const fix = fixOf(id)?.id;
    return {
      id,
      name: id,
      shortDescription: { text: c.title },
      fullDescription: { text: c.rationale },
      help: { text: `${c.rationale} GDPR ${c.gdpr.join(', ')}; action item ${c.actionItem}.${fix ? ` Remediation: ${fix}.` : ''}` },
      defaultConfiguration: { level: SARIF_LEVEL[c.severity] },
      properties: {
        tags: ['security', 'gdpr', ...c.gdpr.map((a) => a.replace('. ', '-').toLowerCase()), `action-item-${c.actionItem}`],
        'security-severity': SECURITY_SEVERITY[c.severity],
        precision: 'high',
      },
    };
  });
  // A check that could not run is not a failure: SARIF's kind `open` ("not enough information to
  // decide"), whose level must be `none` (SARIF 2.1.0 §3.27.9–10).
  // A waived failure is still a failure (kind `fail`), carried with an accepted external suppression that
  // names who accepted the risk, why and until when (SARIF 2.1.0 §3.35).
  const results = rows.map((r) => ({
    ruleId: r.checkId,
    ruleIndex: ruleIds.indexOf(r.checkId),
    kind: r.status === CheckStatus.Error ? 'open' : 'fail',
    level: r.status === CheckStatus.Error ? 'none' : SARIF_LEVEL[r.severity],
    ...(r.status === 'waived' && r.waiver
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: r.waiver.justification,
              properties: { waiverId: r.waiver.id, grantedBy: r.waiver.grantedBy, grantedAt: r.waiver.grantedAt, expiresAt: r.waiver.expiresAt },
            },
          ],
        }
      : {}),
    message: { text: r.message },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: `aws/${r.accountId}/${r.region}` } },
        logicalLocations: [{ fullyQualifiedName: r.resource, kind: 'resource' }],
      },
    ],
    partialFingerprints: { resourceCheck: createHash('sha256').update(`${r.checkId}|${r.accountId}|${r.region}|${r.resource}`).digest('hex') },
    ...(r.status === CheckStatus.Fail
      ? {
          properties: onPersonal(r, personal)
            ? { 'security-severity': personalSecuritySeverity(r.severity), tags: ['personal-data'], personalData: true }
            : { 'security-severity': SECURITY_SEVERITY[r.severity] },
        }
      : {}),
  }));
  const notifications = executionNotifications(input);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'gdpr-bot', semanticVersion: '0.1.0', rules } },
        invocations: [
          {
            executionSuccessful: notifications.every((n) => n.level !== 'error'),
            endTimeUtc: input.generatedAt.toISOString(),
            toolExecutionNotifications: notifications,
          },
        ],
        results,
        properties: { art30Annex: art30Json(input.dataMap) },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** Renders the report in `format`. */
export function renderReport(format: ReportFormat, input: ReportInput): string {
  switch (format) {
    case 'md':
      return toMarkdown(input);
    case 'csv':
      return toCsv(input);
    case 'json':
      return toJson(input);
    case 'sarif':
      return toSarif(input);
  }
}
