import type { KnownBlock } from '@slack/types';
import { LIMITS, type SlackContent } from '../slack/limits.js';
import { code, escapeMrkdwn } from '../slack/mrkdwn.js';
import { findRemediation, followUpFor } from './catalog/index.js';
import { distinctApprovers, type RemediationRefusal, type RemediationRequest, type RequestEventType, type RequestStatus } from './state.js';
import type { DecisionOutcome, FixAskOutcome, RestoreAskOutcome, TamperedOutcome } from './outcomes.js';
import type { Plan, Remediation, RemediationTarget } from './types.js';

/** Action ids of the buttons this feature renders and listens to. */
export const ACTIONS = {
  fix: 'remediation_fix',
  approve: 'remediation_approve',
  reject: 'remediation_reject',
  /** **Restore network access**: the follow-up of a succeeded request whose fix has one (value = its request id). */
  restore: 'remediation_restore',
} as const;

/** The outbox ref of a request's approval message. */
export function approvalRef(requestId: string): string {
  return `remediation:${requestId}:approval`;
}

const RISK_ICON = { low: ':large_green_circle:', medium: ':large_orange_circle:', high: ':red_circle:' } as const;
/** Room left in a section for the plan before it continues in the thread. */
const PLAN_SECTION_MAX = LIMITS.sectionText - 200;

/**
 * A one-line description of where a fix (`remediationId`, when known) applies: the resource, what the fix
 * selects besides it (its `describeSelection`, e.g. the access keys), the region and the account.
 */
export function describeTarget(target: RemediationTarget, remediationId?: string): string {
  const parts: string[] = [];
  if (target.resource) parts.push(target.resource);
  const remediation = remediationId ? findRemediation(remediationId) : undefined;
  parts.push(...(remediation?.describeSelection?.(target) ?? []));
  if (target.region) parts.push(target.region);
  parts.push(target.accountId ? `account ${target.accountId}` : 'this account');
  return parts.join(' · ');
}

function who(user: string): string {
  return /^[UW][A-Z0-9]+$/.test(user) ? `<@${user}>` : escapeMrkdwn(user);
}

function when(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${iso}>`;
}

/** The plan as mrkdwn: the current value, the exact calls with their parameters, and notes. */
export function planText(plan: Plan): string {
  const lines = [`*Now:* ${escapeMrkdwn(plan.current)}`];
  if (plan.compliant) lines.push('_Nothing to change: approving only re-checks it._');
  else {
    lines.push('*Will call:*');
    lines.push('```' + escapeMrkdwn(plan.calls.map((c) => `${c.action} ${JSON.stringify(c.params, null, 1)}`).join('\n')).replace(/```/g, "'''") + '```');
  }
  for (const note of plan.notes ?? []) lines.push(`• ${escapeMrkdwn(note)}`);
  return lines.join('\n');
}

/** True when the plan does not fit the approval message and continues in its thread. */
export function planIsLong(plan: Plan): boolean {
  return planText(plan).length > PLAN_SECTION_MAX;
}

function statusLine(request: RemediationRequest): string {
  const approvals = distinctApprovers(request);
  const approvedBy = approvals.length > 0 ? `approved by ${approvals.map(who).join(', ')}` : '';
  switch (request.status) {
    case 'planning':
      return ':hourglass_flowing_sand: Preparing the plan (read-only)…';
    case 'pending':
      return `:raised_hand: Needs ${request.minApprovals} approval(s), has ${approvals.length}${approvals.length ? ` (${approvedBy})` : ''}. Expires ${when(request.expiresAt)}.`;
    case 'approved':
      return `:white_check_mark: ${approvedBy}; queued to apply.`;
    case 'running':
      return `:gear: ${approvedBy}; applying now…`;
    case 'succeeded':
      return `:white_check_mark: *Fixed and verified* (${approvedBy}, ${when(request.updatedAt)}).`;
    case 'failed':
      return `:x: *Failed*${approvals.length ? ` (${approvedBy})` : ''}: ${escapeMrkdwn(request.error ?? 'unknown error')}`;
    case 'rejected':
      return `:no_entry_sign: Rejected by ${who(request.rejectedBy ?? 'someone')} ${when(request.updatedAt)}. Nothing was changed.`;
    case 'expired':
      return `:zzz: Expired without enough approvals ${when(request.expiresAt)}. Nothing was changed.`;
  }
}

/** The approval message in `channels.approvals`, for every status of the request. */
export function approvalMessage(request: RemediationRequest, remediation: Remediation): Required<SlackContent> {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Fix: ${remediation.title}`.slice(0, 150) } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [
          `*What changes:* ${escapeMrkdwn(remediation.changes)}`,
          `*Where:* ${code(describeTarget(request.target, request.remediation))}`,
          `*Risk:* ${RISK_ICON[remediation.risk]} ${remediation.risk}`,
          `*Requested by:* ${who(request.requestedBy)} (${request.source.kind} ${code(request.source.id.slice(0, 200))}) ${when(request.createdAt)}`,
        ].join('\n'),
      },
    },
  ];
  if (request.plan) {
    let text = planText(request.plan);
    if (text.length > PLAN_SECTION_MAX) {
      text = `${text.slice(0, PLAN_SECTION_MAX - 100)}\n… _(${text.length - (PLAN_SECTION_MAX - 100)} more characters: the full plan is in the thread)_`;
      // A cut inside a code span would leave it open.
      if ((text.match(/```/g) ?? []).length % 2 === 1) text = text.replace(/\n…/, '```\n…');
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  }
  if (request.result) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Result:* ${escapeMrkdwn(request.result.summary)}` } });
  if (request.verification) {
    const icon = request.verification.status === 'pass' ? ':white_check_mark:' : request.verification.status === 'fail' ? ':x:' : ':warning:';
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Verification:* ${icon} ${request.verification.status}: ${escapeMrkdwn(request.verification.message)}` },
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${statusLine(request)}  ·  request ${code(request.id)}` }] });
  if (request.status === 'pending') {
    blocks.push({
      type: 'actions',
      block_id: `remediation:${request.id}`,
      elements: [
        {
          type: 'button',
          action_id: ACTIONS.approve,
          text: { type: 'plain_text', text: 'Approve' },
          style: 'primary',
          value: request.id,
          ...(remediation.risk === 'high'
            ? {
                confirm: {
                  title: { type: 'plain_text', text: 'Apply a high-risk fix?' },
                  text: {
                    type: 'mrkdwn',
                    text: `${escapeMrkdwn(remediation.changes)}\n*Where:* ${code(describeTarget(request.target, request.remediation))}`.slice(0, 300),
                  },
                  confirm: { type: 'plain_text', text: 'Approve' },
                  deny: { type: 'plain_text', text: 'Cancel' },
                  style: 'danger',
                },
              }
            : {}),
        },
        { type: 'button', action_id: ACTIONS.reject, text: { type: 'plain_text', text: 'Reject' }, style: 'danger', value: request.id },
      ],
    });
  }
  // A succeeded request whose fix has a follow-up (an isolation that recorded the instance's groups can be
  // undone) offers it, as a new request approved like any fix.
  if (!('error' in followUpFor(request))) {
    blocks.push({
      type: 'actions',
      block_id: `remediation-restore:${request.id}`,
      elements: [{ type: 'button', action_id: ACTIONS.restore, text: { type: 'plain_text', text: 'Restore network access' }, value: request.id }],
    });
  }
  const text = `Fix ${remediation.id} on ${describeTarget(request.target, request.remediation)}: ${request.status}`;
  return { text, blocks };
}

/** What the requester is told when their request ends. */
export function outcomeText(request: RemediationRequest, remediation: Remediation): string {
  const what = `${escapeMrkdwn(remediation.title)} on ${code(describeTarget(request.target, request.remediation))}`;
  switch (request.status) {
    case 'succeeded':
      return `:white_check_mark: ${who(request.requestedBy)} your fix is done and verified: ${what}. ${escapeMrkdwn(request.verification?.message ?? '')}`;
    case 'failed':
      return `:x: ${who(request.requestedBy)} your fix failed: ${what}. ${escapeMrkdwn(request.error ?? '')}`;
    case 'rejected':
      return `:no_entry_sign: ${who(request.requestedBy)} your fix was rejected by ${who(request.rejectedBy ?? 'someone')}: ${what}. Nothing was changed.`;
    case 'expired':
      return `:zzz: ${who(request.requestedBy)} your fix expired without enough approvals: ${what}. Nothing was changed.`;
    default:
      return `${who(request.requestedBy)} your fix is ${request.status}: ${what}.`;
  }
}

/** A sentence for the person whose click found a request that failed its integrity check. */
function tamperedText(outcome: TamperedOutcome): string {
  return outcome.problem === 'unsealed'
    ? `:no_entry: Request ${code(outcome.id.slice(0, 40))} was stored by an older gdpr-bot without an integrity seal, so it is no longer used. Ask for the fix again.`
    : `:no_entry: Request ${code(outcome.id.slice(0, 40))} failed its integrity check (it was changed outside gdpr-bot), so nothing will be done with it. This was logged and audited; ask for the fix again if it is still needed.`;
}

/** Where approvers see requests: the approvals channel, linked when it is configured. */
function approvalsWhere(channel: string | undefined): string {
  return channel ? `<#${channel}>` : 'the approvals channel';
}

/** What the approver who clicked Approve or Reject is told (ephemeral). */
export function decisionText(outcome: DecisionOutcome): string {
  switch (outcome.kind) {
    case 'tampered':
      return tamperedText(outcome);
    case 'not-found':
      return 'This request no longer exists.';
    case 'unknown-fix':
      return `This request names an unknown fix (${outcome.remediation}).`;
    case 'refused':
      return `:no_entry: ${outcome.reason}.`;
    case 'rejected':
      return `You rejected request ${outcome.requestId}; nothing will be changed.`;
    case 'approved':
      return outcome.queued
        ? `You approved request ${outcome.requestId}; the fix is queued. The approval message will show the outcome.`
        : `You approved request ${outcome.requestId}; it needs ${outcome.remaining} more approval(s).`;
  }
}

/** What the person who asked for a check's fix is told (ephemeral). */
export function fixAskText(outcome: FixAskOutcome): string {
  switch (outcome.kind) {
    case 'guest':
      return ':no_entry: Guest accounts cannot request fixes.';
    case 'no-fix':
      return `:warning: No fix can be requested for ${code(outcome.checkId)}: ${escapeMrkdwn(outcome.error)}.`;
    case 'not-created':
      return `:warning: Could not request the fix: ${escapeMrkdwn(outcome.error)}.`;
    case 'already-open':
      return `A request for this fix is already open (${code(outcome.requestId)}, ${outcome.status}); follow it in ${approvalsWhere(outcome.approvalsChannel)}.`;
    case 'requested':
      return `Requested ${code(outcome.requestId)}: approvers in ${approvalsWhere(outcome.approvalsChannel)} will see exactly what will change. You will be told the outcome here.`;
  }
}

/** What the person who asked to restore an isolated instance is told (ephemeral). */
export function restoreAskText(outcome: RestoreAskOutcome): string {
  switch (outcome.kind) {
    case 'guest':
      return ':no_entry: Guest accounts cannot request fixes.';
    case 'tampered':
      return tamperedText(outcome);
    case 'no-isolation':
      return `:warning: Request ${code(outcome.isolationId)} no longer exists, so there is nothing to restore.`;
    case 'nothing-to-restore':
      return `:warning: Nothing can be restored: ${escapeMrkdwn(outcome.error)}.`;
    case 'not-created':
      return `:warning: Could not request the restore: ${escapeMrkdwn(outcome.error)}.`;
    case 'already-open':
      return `A request to restore this instance is already open (${code(outcome.requestId)}, ${outcome.status}); follow it in ${approvalsWhere(outcome.approvalsChannel)}.`;
    case 'requested':
      return `Requested ${code(outcome.requestId)}: restoring the network access of ${code(outcome.instance)} needs an approver other than you in ${approvalsWhere(outcome.approvalsChannel)}, who will see exactly what will change.`;
  }
}

const DESCRIBE: Record<RequestStatus, string> = {
  planning: 'still being prepared',
  pending: 'waiting for approval',
  approved: 'already approved',
  running: 'already being applied',
  succeeded: 'already done',
  failed: 'already finished (failed)',
  rejected: 'already rejected',
  expired: 'expired',
};

/**
 * Why an event was refused, for the person who clicked (and the job result that skipped): the kernel's
 * typed refusal in this feature's words. `event` is what was refused (an expiry reads differently for an
 * approval, a rejection and the rest).
 */
export function refusalText(refusal: RemediationRefusal, event: RequestEventType): string {
  switch (refusal.code) {
    case 'self-approval':
      return 'you cannot approve your own request';
    case 'not-an-approver':
    case 'guest':
      return refusal.data.reason;
    case 'already-decided':
      return 'you have already approved this request';
    case 'expired':
      if (event === 'approve') return 'this request expired before it was approved';
      if (event === 'reject') return 'this request had already expired';
      return 'this request expired';
    case 'wrong-state':
      return `this request is ${DESCRIBE[refusal.data.status as RequestStatus] ?? refusal.data.status}`;
    case 'not-requester':
      return 'only the requester can do this';
    case 'not-due':
      return 'this is not due yet';
  }
}
