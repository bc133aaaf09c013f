import type { ModalView, PlainTextOption } from '@slack/types';
import type { Check, CheckResult } from '../checks/types.js';
import { CheckStatus } from '../checks/types.js';
import { resultStatus } from '../checks/summary.js';
import { formatDuration } from '../config/duration.js';
import { LIMITS, type SlackContent } from '../slack/limits.js';
import { code, escapeMrkdwn } from '../slack/mrkdwn.js';
import { describeTarget, WHOLE_SCOPE, type GrantOutcome, type RevokeOutcome, type Waiver, type WaiverNotice, type WaiverProblems } from './types.js';

/** The callback id of the Waive… modal and the block ids of its inputs (also the keys of its errors). */
export const WAIVER_MODAL = 'waiver_modal';
export const WAIVER_BLOCKS = { target: 'target', duration: 'duration', justification: 'justification' } as const;

export const WAIVER_USAGE = '`/gdpr waive <check_id> <resource | account/region> <duration> <justification…>`, `/gdpr waive revoke <id>`, `/gdpr waivers`';

const EMOJI = ':shield:';

function who(user: string): string {
  return /^[UW][A-Z0-9]+$/.test(user) ? `<@${user}>` : escapeMrkdwn(user);
}

function day(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ') + ' UTC';
}

/** One waiver in one line: id, check, target, who, until when, why (escaped). */
export function waiverLine(w: Waiver): string {
  const where = w.resource === WHOLE_SCOPE ? `every resource in ${code(`${w.accountId}/${w.region}`)}` : `${code(w.resource)} (${w.accountId}/${w.region})`;
  return `${EMOJI} ${code(w.id)} ${code(w.checkId)} on ${where}: by ${who(w.grantedBy)} until ${day(w.expiresAt)}: “${escapeMrkdwn(w.justification)}”`;
}

function problemsText(problems: WaiverProblems): string {
  return [':warning: No waiver was granted:', ...Object.values(problems).map((p) => `• ${escapeMrkdwn(p)}`), `Usage: ${WAIVER_USAGE}`].join('\n');
}

/** What the approver who asked for a waiver is told. */
export function grantOutcomeText(outcome: GrantOutcome): string {
  switch (outcome.kind) {
    case 'granted':
      return `${EMOJI} Waiver ${code(outcome.waiver.id)} granted until ${day(outcome.waiver.expiresAt)}: ${code(outcome.waiver.checkId)} on ${escapeMrkdwn(describeTarget(outcome.waiver))} shows as *waived* (never as passing) and the approvals channel was told. Revoke it with ${code(`/gdpr waive revoke ${outcome.waiver.id}`)}.`;
    case 'exists':
      return `That is already waived: ${waiverLine(outcome.waiver)}. Revoke it first to grant another.`;
    case 'refused':
      return `:no_entry: ${outcome.reason}`;
    case 'invalid':
      return problemsText(outcome.problems);
  }
}

/** What the approver who revoked is told. */
export function revokeOutcomeText(outcome: RevokeOutcome): string {
  switch (outcome.kind) {
    case 'revoked':
      return `Waiver ${code(outcome.waiver.id)} revoked: ${code(outcome.waiver.checkId)} on ${escapeMrkdwn(describeTarget(outcome.waiver))} is a plain failure again.`;
    case 'ended':
      return `Waiver ${code(outcome.waiver.id)} has already ended (${outcome.waiver.status}).`;
    case 'unknown':
      return `There is no waiver ${code(outcome.id.slice(0, 40))} (see ${code('/gdpr waivers')}).`;
    case 'tampered':
      return `:rotating_light: Waiver ${code(outcome.id)} was changed outside gdpr-bot and is not applied; the security team has been told through the audit log.`;
    case 'refused':
      return `:no_entry: ${outcome.reason}`;
  }
}

/** The answer to `/gdpr waivers`: every active waiver, soonest to end first, within one message. */
export function waiversListText(waivers: readonly Waiver[], now: Date): string {
  if (waivers.length === 0) return `No waivers are active. Approvers grant one with ${WAIVER_USAGE.split(', ')[0]}.`;
  const sorted = [...waivers].sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
  const lines = [`*Active waivers* (${waivers.length}): accepted risks, shown as waived, never as passing`];
  let length = lines[0]!.length;
  for (const [i, w] of sorted.entries()) {
    const left = Date.parse(w.expiresAt) - now.getTime();
    const line = `${waiverLine(w)} (${left > 0 ? `${formatDuration(Math.floor(left / 60_000) * 60_000)} left` : 'ending now'})`;
    if (length + line.length + 60 > LIMITS.sectionText) {
      lines.push(`…and ${sorted.length - i} more (the report lists every one).`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

/** The approvals channel's message about a waiver: granted, ending soon, expired or revoked. */
export function noticeMessage(notice: WaiverNotice, w: Waiver, failingNow: number): SlackContent {
  const what = `${code(w.checkId)} on ${escapeMrkdwn(describeTarget(w))} (${w.accountId}/${w.region})`;
  const why = `granted by ${who(w.grantedBy)}: “${escapeMrkdwn(w.justification)}”`;
  let text: string;
  switch (notice) {
    case 'granted':
      text = `${EMOJI} *Risk accepted*: waiver ${code(w.id)} for ${what} until ${day(w.expiresAt)}, ${why}. It shows as waived, not passing.`;
      break;
    case 'warning':
      text = `:hourglass_flowing_sand: *Waiver ending soon*: ${code(w.id)} for ${what} ends ${day(w.expiresAt)} (${why}). Fix it, or an approver grants a new waiver; after that it is a plain failure again.`;
      break;
    case 'expired':
      text = `:rotating_light: *Waiver expired*: ${code(w.id)} for ${what} ended ${day(w.expiresAt)} (${why}). ${failingNow > 0 ? `${failingNow} result(s) it covered fail and count as *failures* again.` : 'Nothing it covered fails in the latest results.'}`;
      break;
    case 'revoked':
      text =
        `:no_entry_sign: *Waiver revoked* by ${who(w.endedBy ?? 'unknown')}: ${code(w.id)} for ${what} (${why}). ${failingNow > 0 ? `${failingNow} result(s) count as *failures* again.` : ''}`.trim();
      break;
  }
  text = text.slice(0, LIMITS.sectionText);
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** The options of the modal's target select: each failing resource not yet waived, then each (account, region) with failures. */
export function targetOptions(
  results: readonly CheckResult[],
  checkId: string,
  token: { resource: (r: CheckResult) => string; scope: (a: string, g: string) => string },
): PlainTextOption[] {
  const failing = results.filter((r) => r.checkId === checkId && resultStatus(r) === CheckStatus.Fail);
  const scopes = [...new Set(failing.map((r) => `${r.accountId}/${r.region}`))];
  const options: PlainTextOption[] = scopes.map((s) => {
    const [a = '', g = ''] = s.split('/');
    return { text: { type: 'plain_text', text: `All of it in ${s}`.slice(0, 75) }, value: token.scope(a, g) };
  });
  for (const r of failing)
    options.push({ text: { type: 'plain_text', text: r.resource.length > 75 ? `…${r.resource.slice(-74)}` : r.resource }, value: token.resource(r) });
  return options.slice(0, 100);
}

/** The Waive… modal of one check: which resource, for how long, why. */
export function waiverModal(check: Check, options: PlainTextOption[], maxMs: number): ModalView {
  return {
    type: 'modal',
    callback_id: WAIVER_MODAL,
    title: { type: 'plain_text', text: 'Accept a risk' },
    submit: { type: 'plain_text', text: 'Waive' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ c: check.id }),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${escapeMrkdwn(check.title)}* (${code(check.id)}, ${check.severity})\nA waived failure shows as *waived*, never as passing, and counts against the score. It ends on its expiry and the approvals channel is told.`.slice(
            0,
            LIMITS.sectionText,
          ),
        },
      },
      {
        type: 'input',
        block_id: WAIVER_BLOCKS.target,
        label: { type: 'plain_text', text: 'What is waived' },
        element: { type: 'static_select', action_id: 'value', placeholder: { type: 'plain_text', text: 'A failing resource' }, options },
      },
      {
        type: 'input',
        block_id: WAIVER_BLOCKS.duration,
        label: { type: 'plain_text', text: 'For how long' },
        hint: { type: 'plain_text', text: `e.g. 30d or 90d (at most ${formatDuration(maxMs)})` },
        element: { type: 'plain_text_input', action_id: 'value', initial_value: '30d', max_length: 20 },
      },
      {
        type: 'input',
        block_id: WAIVER_BLOCKS.justification,
        label: { type: 'plain_text', text: 'Why is the risk accepted?' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 1000 },
      },
    ],
  };
}

type ViewValues = Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null }>>;

/** The submitted fields of the modal, as text. */
export function readWaiverModal(values: ViewValues): { target: string; duration: string; justification: string } {
  return {
    target: values[WAIVER_BLOCKS.target]?.value?.selected_option?.value ?? '',
    duration: values[WAIVER_BLOCKS.duration]?.value?.value ?? '',
    justification: values[WAIVER_BLOCKS.justification]?.value?.value ?? '',
  };
}
