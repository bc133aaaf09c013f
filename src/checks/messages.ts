import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import { formatDuration } from '../config/duration.js';
import { coverageGaps, coverageLine, summarizeCoverage } from './coverage.js';
import { holdsPersonalData } from './datamap.js';
import { getCheck } from './registry.js';
import type { ScanMeta, StoredResult } from './store.js';
import { describeManual, manualCountsByItem, type ManualCounts, type ManualStatus } from './manual.js';
import { byCheck, resultStatus, summarize, worstFailures, type PostureSummary, type StatusCounts } from './summary.js';
import { ACTION_ITEM_NUMBERS, ACTION_ITEMS, CheckStatus, compareIds, severityRank, type CheckResult } from './types.js';
import { LIMITS, splitText, type SlackContent } from '../slack/limits.js';
import { code, escapeMrkdwn } from '../slack/mrkdwn.js';
import { fixOf } from '../remediations/catalog/index.js';
import type { FailedShard } from './shards.js';

/**
 * What the checks say in Slack: the posture (`/gdpr status`, a scan's summary, the Fix / Rescan /
 * Details / Waive buttons and the values they carry) and a scan's progress and summary messages.
 * The one module of src/checks/ that writes mrkdwn and Block Kit; AWS text in results is escaped here.
 */
/** Action ids of the posture buttons. `remediation_fix` is handled by the approve-to-fix feature. */
export const POSTURE_ACTIONS = { fix: 'remediation_fix', rescan: 'scan_rescan', details: 'scan_details', waive: 'waiver_open' } as const;

/** What a Fix button carries: which check failed for which resource, where. */
export interface FixTarget {
  checkId: string;
  accountId: string;
  region: string;
  resource: string;
}

/** Encodes a Fix button value (compact JSON); `undefined` when it would exceed Slack's 2000 characters. */
export function encodeFixValue(t: FixTarget): string | undefined {
  const value = JSON.stringify({ c: t.checkId, a: t.accountId, g: t.region, r: t.resource });
  return value.length <= LIMITS.buttonValue ? value : undefined;
}

/** What a Fix value's fields must look like; anything else is refused (button values can be forged). */
const FIX_FIELDS = {
  checkId: /^[a-z0-9_]{3,100}$/,
  accountId: /^\d{12}$/,
  region: /^(global|[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d)$/,
  // An ARN or `account/region`: printable, no spaces, bounded by the button value limit.
  resource: /^[\x21-\x7e]{1,1900}$/,
} as const;

/**
 * Reads a Fix button value back (the JSON `{"c","a","g","r"}` of {@link encodeFixValue}); `undefined`
 * when it is not one: not JSON, a field missing, or a field of the wrong shape.
 */
export function decodeFixValue(value: string): FixTarget | undefined {
  if (value.length > LIMITS.buttonValue) return undefined;
  let v: { c?: unknown; a?: unknown; g?: unknown; r?: unknown };
  try {
    v = JSON.parse(value) as typeof v;
  } catch {
    return undefined; // not JSON: not a Fix value
  }
  if (!v || typeof v !== 'object') return undefined;
  const t = { checkId: v.c, accountId: v.a, region: v.g, resource: v.r };
  for (const [field, shape] of Object.entries(FIX_FIELDS)) {
    const x = t[field as keyof typeof t];
    if (typeof x !== 'string' || !shape.test(x)) return undefined;
  }
  return t as FixTarget;
}

const EMOJI: Record<CheckStatus, string> = { pass: ':white_check_mark:', fail: ':x:', error: ':warning:', not_applicable: ':heavy_minus_sign:' };

const NEEDS_ANSWER = ':grey_question:';
/** A failure an approver accepted as a risk (src/waivers/): never shown as a pass. */
export const WAIVED = ':shield:';

function countsLine(c: StatusCounts, manual?: ManualCounts): string {
  const parts = [`${c.passed + (manual?.passed ?? 0)} passed`, `${c.failed + (manual?.failed ?? 0)} failed`];
  if (c.waived > 0) parts.push(`${c.waived} waived`);
  if (c.errors > 0) parts.push(`${c.errors} could not check`);
  if (manual?.needsAnswer) parts.push(`${manual.needsAnswer} need${manual.needsAnswer === 1 ? 's' : ''} a manual answer`);
  return parts.join(' · ');
}

/** An action item's mark: a failure (a manual `no` included) first, then an error, then a question nobody answered; never a pass while one is open. */
function itemEmoji(c: StatusCounts, manual?: ManualCounts): string {
  if (c.failed > 0 || (manual?.failed ?? 0) > 0) return EMOJI.fail;
  if (c.errors > 0) return EMOJI.error;
  if ((manual?.needsAnswer ?? 0) > 0) return NEEDS_ANSWER;
  if (c.waived > 0) return WAIVED;
  if (c.passed > 0 || (manual?.passed ?? 0) > 0) return EMOJI.pass;
  return EMOJI.not_applicable;
}

function age(from: string | undefined, now: Date): string {
  if (!from) return 'unknown';
  const ms = now.getTime() - Date.parse(from);
  return ms < 60_000 ? 'just now' : `${formatDuration(Math.floor(ms / 60_000) * 60_000)} ago`;
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', text: { type: 'plain_text', text: text.slice(0, LIMITS.buttonText) }, action_id: actionId, value, ...(style ? { style } : {}) };
}

function rescanValue(meta: ScanMeta | undefined): string {
  return JSON.stringify({ selector: meta?.selector ?? { kind: 'all' }, regions: meta?.regions ?? [] });
}

/** What a posture message derives from its results, independent of the time it is shown. */
interface Derived {
  summary: PostureSummary;
  accounts: string;
  failures: ReturnType<typeof worstFailures>;
  errors: readonly CheckResult[];
}

/**
 * Derived figures per results array. `ResultStore.latest()` hands out the same read-only array until the
 * results change, so repeated `/gdpr status` answers summarise a scan once instead of on every request.
 */
const derivedCache = new WeakMap<readonly CheckResult[], Derived & { personalKey: string }>();

/** The mark of a failure on a resource that holds personal data (the data map's buckets). */
export const PERSONAL_DATA_BADGE = ':lock: *personal data*';

function derive(results: readonly CheckResult[], personal: ReadonlySet<string>): Derived {
  const personalKey = [...personal].sort().join('\n');
  let derived = derivedCache.get(results);
  if (!derived || derived.personalKey !== personalKey) {
    derived = {
      summary: summarize(results),
      accounts: [...new Set(results.map((r) => r.accountId))].join(', '),
      failures: worstFailures(results, personal),
      errors: results.filter((r) => r.status === CheckStatus.Error),
      personalKey,
    };
    if (Object.isFrozen(results)) derivedCache.set(results, derived);
  }
  return derived;
}

/** The answer to `/gdpr status` (and the final summary of a scan): score, the 14 action items, worst failures, errors. */
export function postureMessage(input: {
  results: readonly StoredResult[] | readonly CheckResult[];
  meta?: ScanMeta;
  now: Date;
  title?: string;
  /** The controls no API can answer, with the configured answers (`manualStatuses`); listed per action item. */
  manual?: readonly ManualStatus[];
  /** Bucket ARNs holding personal data (the data map): their failures are marked and listed first. */
  personal?: ReadonlySet<string>;
}): SlackContent {
  const { summary, accounts: resultAccounts, failures, errors } = derive(input.results as readonly CheckResult[], input.personal ?? new Set());
  const { meta, now } = input;
  const blocks: KnownBlock[] = [];
  // Every check that ran could not read what it needs: a score of 0 % would say "all failing", which is
  // as untrue as a pass. Say that nothing could be checked. Not when some resources were checked (a
  // check is `error` when any of its resources is, e.g. for a region that could not be scanned).
  const nothingChecked =
    summary.checks.passed + summary.checks.failed === 0 && summary.checks.errors > 0 && summary.resources.passed + summary.resources.failed === 0;
  blocks.push({
    type: 'header',
    text: { type: 'plain_text', text: `${input.title ?? 'GDPR posture'}: ${nothingChecked ? 'nothing could be checked' : `${summary.score}%`}` },
  });
  const accounts = meta?.accounts.length ? meta.accounts.join(', ') : resultAccounts;
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `Checks: ${countsLine(summary.checks)}${summary.resources.waived > 0 ? ` · ${WAIVED} ${summary.resources.waived} waived result(s) (accepted risks, not passing)` : ''} · last scan ${age(meta?.finishedAt ?? meta?.startedAt, now)}${meta ? ` (${code(meta.id)})` : ''} · account(s) ${escapeMrkdwn(accounts || '—')}`,
      },
    ],
  });
  const manualByItem = manualCountsByItem(input.manual ?? []);
  const lines = ACTION_ITEM_NUMBERS.map((n) => {
    const c = summary.byActionItem[n];
    const m = manualByItem.get(n);
    return `${itemEmoji(c, m)} *${n}. ${ACTION_ITEMS[n]}*: ${countsLine(c, m)}`;
  });
  if (nothingChecked) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: ':warning: *Nothing could be checked.* Every check that ran failed to read what it needs from AWS (see *Could not check* below). Give the scanner the policy `gdpr-bot policy --scanner` prints, then *Rescan*.',
      },
    });
  }
  if (meta?.coverage) {
    const covered = summarizeCoverage(meta.coverage);
    const gaps = coverageGaps(covered);
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Covers ${escapeMrkdwn(coverageLine(covered))}${gaps.length ? `\n${gaps.map((g) => `${EMOJI.error} ${escapeMrkdwn(g)}`).join('\n')}` : ', every enabled region.'}`.slice(
            0,
            LIMITS.sectionText,
          ),
        },
      ],
    });
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });

  if (failures.length > 0) {
    blocks.push({ type: 'divider' });
    const onPersonal = failures.filter((f) => f.personal).length;
    const ranked = onPersonal > 0 ? `; ${onPersonal} on resources holding personal data, listed first` : '';
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Most severe failures* (${failures.length} in all${ranked}; *Details* or \`/gdpr report\` for every one)` },
    });
    for (const { result, check, personal } of failures.slice(0, 5)) {
      const section: SectionBlock = {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${personal ? `${PERSONAL_DATA_BADGE} ` : ''}*[${check.severity}] ${escapeMrkdwn(check.title)}* (${code(check.id)}, item ${check.actionItem})\n${escapeMrkdwn(result.message)}`.slice(
            0,
            LIMITS.sectionText,
          ),
        },
      };
      const value = fixOf(check.id)
        ? encodeFixValue({ checkId: check.id, accountId: result.accountId, region: result.region, resource: result.resource })
        : undefined;
      if (value) section.accessory = button('Fix', POSTURE_ACTIONS.fix, value, 'primary');
      blocks.push(section);
    }
  }
  if (errors.length > 0) {
    // The reason without its "Could not check <resource>: " lead (resources are often ARNs, full of colons).
    const reason = (r: CheckResult) =>
      r.message.startsWith(`Could not check ${r.resource}: `) ? r.message.slice(`Could not check ${r.resource}: `.length) : r.message;
    const shown = errors.slice(0, 5).map((r) => `${EMOJI.error} ${code(r.checkId)}: could not check: ${escapeMrkdwn(reason(r))}`);
    if (errors.length > 5) shown.push(`…and ${errors.length - 5} more (see *Details*)`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Could not check* (${errors.length})\n${shown.join('\n')}`.slice(0, LIMITS.sectionText) } });
  }
  const open = (input.manual ?? []).filter((m) => m.state !== 'yes');
  if (open.length > 0) {
    // A `no` first (it fails its item), then what still needs an answer, in action-item order.
    const order = { no: 0, stale: 1, unanswered: 2, yes: 3 } as const;
    const shown = [...open]
      .sort((a, b) => order[a.state] - order[b.state] || a.control.actionItem - b.control.actionItem)
      .map((m) => `${m.state === 'no' ? EMOJI.fail : NEEDS_ANSWER} item ${m.control.actionItem}: ${escapeMrkdwn(describeManual(m))}`);
    const head = `*No API can answer these* (${open.length}): answer them under ${code('manualAnswers')} in the configuration file`;
    for (const piece of splitText(`${head}\n${shown.join('\n')}`, LIMITS.sectionText)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: piece } });
  }
  const actions: ActionsBlock = {
    type: 'actions',
    elements: [button('Rescan', POSTURE_ACTIONS.rescan, rescanValue(meta)), button('Details', POSTURE_ACTIONS.details, meta?.id ?? 'latest')],
  };
  blocks.push(actions);
  return {
    text: nothingChecked
      ? `GDPR posture: nothing could be checked (${summary.checks.errors} check(s) could not read what they need).`
      : `GDPR posture ${summary.score}%: ${summary.checks.failed} failing check(s), ${summary.checks.errors} could not be checked.`,
    blocks,
  };
}

/** The message a running scan keeps updated. */
export function progressMessage(meta: ScanMeta, done: number): SlackContent {
  const what =
    meta.selector.kind === 'all'
      ? 'every check'
      : meta.selector.kind === 'actionItem'
        ? `action item ${meta.selector.item}`
        : `${meta.selector.ids.length} check(s)`;
  const text = `:hourglass_flowing_sand: Scanning ${what} in ${meta.accounts.length || '?'} account(s): ${done}/${meta.total || '?'} account-region(s) done (scan ${code(meta.id)}).`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/**
 * Every failure and error, grouped by check, as messages that each fit Block Kit limits. Nothing is
 * cut: long lists continue in the next message.
 */
export function detailsMessages(
  results: readonly CheckResult[],
  personal: ReadonlySet<string> = new Set(),
  options: { waiveButtons?: boolean } = {},
): SlackContent[] {
  const bad = results.filter((r) => r.status === CheckStatus.Fail || r.status === CheckStatus.Error);
  if (bad.length === 0) return [{ text: 'No failures and no errors in the latest results.' }];
  const isPersonal = (r: CheckResult) => r.status === CheckStatus.Fail && holdsPersonalData(r.resource, personal);
  // Checks failing on resources that hold personal data first, then the most severe: when the details
  // take more messages than are posted, what is left out (it is in the report) is the least pressing.
  const groups = [...byCheck(bad)]
    .map(([id, list]) => [id, [...list].sort((a, b) => Number(isPersonal(b)) - Number(isPersonal(a)))] as const)
    .sort(
      ([a, la], [b, lb]) =>
        Number(lb.some(isPersonal)) - Number(la.some(isPersonal)) ||
        severityRank(getCheck(b)?.severity ?? 'low') - severityRank(getCheck(a)?.severity ?? 'low') ||
        compareIds(a, b),
    );
  const sections: KnownBlock[] = [];
  for (const [id, list] of groups) {
    const check = getCheck(id);
    const head = `*${escapeMrkdwn(check?.title ?? id)}* (${code(id)}${check ? `, item ${check.actionItem}, ${check.severity}` : ''})`;
    const line = (r: CheckResult) =>
      resultStatus(r) === 'waived' && r.waiver
        ? `${WAIVED} *waived* ${escapeMrkdwn(r.message)} (by ${/^[UW][A-Z0-9]+$/.test(r.waiver.grantedBy) ? `<@${r.waiver.grantedBy}>` : escapeMrkdwn(r.waiver.grantedBy)} until ${r.waiver.expiresAt.slice(0, 10)}: ${escapeMrkdwn(r.waiver.justification)})`
        : `${EMOJI[r.status]} ${isPersonal(r) ? `${PERSONAL_DATA_BADGE} ` : ''}${escapeMrkdwn(r.message)}`;
    const body = list.map(line).join('\n');
    // One Waive… button per check with a failure not yet waived; the modal lists its resources.
    const waivable = options.waiveButtons && list.some((r) => resultStatus(r) === CheckStatus.Fail);
    splitText(`${head}\n${body}`, LIMITS.sectionText).forEach((piece, i) => {
      const section: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: piece } };
      if (waivable && i === 0) section.accessory = button('Waive…', POSTURE_ACTIONS.waive, JSON.stringify({ c: id }));
      sections.push(section);
    });
  }
  const messages: SlackContent[] = [];
  let current: KnownBlock[] = [];
  let chars = 0;
  for (const block of sections) {
    const size = JSON.stringify(block).length;
    if (current.length > 0 && (current.length >= LIMITS.blocksPerMessage || chars + size > LIMITS.charsPerMessage)) {
      messages.push({ text: 'Posture details', blocks: current });
      current = [];
      chars = 0;
    }
    current.push(block);
    chars += size;
  }
  if (current.length > 0) messages.push({ text: 'Posture details', blocks: current });
  return messages.map((m, i) => ({ ...m, text: `Posture details (${i + 1}/${messages.length}): ${bad.length} failing or unchecked resource(s)` }));
}

/**
 * What a scan says in Slack: its progress message (one, kept updated under {@link scanMessageRef}) and
 * its summary when it finished. The posture itself is rendered by {@link postureMessage} above (shared
 * with `/gdpr status`); the scan adds what it could not check.
 */

/** The outbox ref of a scan's progress message. */
export function scanMessageRef(scanId: string): string {
  return `scan:${scanId}`;
}

/** The progress message of a running scan, `done` of its (account, region) jobs finished. */
export function scanProgressMessage(meta: ScanMeta, done: number): SlackContent {
  return progressMessage(meta, done);
}

/** In place of the progress message of a scan whose accounts could not be resolved. */
export function scanStartFailedText(scanId: string, reason: string): string {
  return `:warning: Scan \`${scanId}\` could not start: ${reason}.`;
}

/**
 * The summary of a finished scan (the posture of its own results), with a warning for the (account,
 * region) jobs and the bucket jobs that failed every retry: what they stand for was not checked.
 */
export function scanFinishedMessage(
  posture: Parameters<typeof postureMessage>[0],
  notChecked: { scanId: string; targets: readonly { accountId: string; region: string }[]; shards: readonly Pick<FailedShard, 'accountId' | 'buckets'>[] },
): SlackContent {
  const message = postureMessage(posture);
  const { scanId, targets, shards } = notChecked;
  if (targets.length > 0) {
    const names = targets.map((t) => `${t.accountId}/${t.region}`);
    const listed = names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', ');
    message.blocks?.splice(2, 0, {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:warning: ${targets.length} account-region(s) could not be scanned after retries and were *not checked*: ${listed}. Their checks count against the score as "could not check"; no earlier result stands for them. See the bot's logs for scan \`${scanId}\`.`.slice(
          0,
          3000,
        ),
      },
    });
  }
  if (shards.length > 0) {
    const buckets = shards.reduce((n, s) => n + s.buckets, 0);
    const accounts = [...new Set(shards.map((s) => s.accountId))].join(', ');
    message.blocks?.splice(2, 0, {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:warning: ${shards.length} bucket job(s) of account(s) ${accounts} failed after retries: their ${buckets} bucket(s) were *not checked* and count against the score as "could not check".`.slice(
          0,
          3000,
        ),
      },
    });
  }
  return message;
}
