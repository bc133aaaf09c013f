import type { KnownBlock } from '@slack/types';
import { formatDuration } from '../config/duration.js';
import { code, quotedLine } from '../slack/mrkdwn.js';
import type { AccessEvent, AccessRefusal, AccessRequest, AccessStatus } from './request.js';

/**
 * Block Kit for just-in-time access, as pure functions of a request. Button values carry the request id
 * only; who clicked is checked on the server for every click. User text (justification, ticket) is
 * always escaped.
 */
export const ACCESS_ACTIONS = {
  approve: 'access_approve',
  deny: 'access_deny',
  console: 'access_console',
  cli: 'access_cli',
  revoke: 'access_revoke',
  extend: 'access_extend',
} as const;

/** Callback id of the request modal. */
export const ACCESS_MODAL = 'access_request_modal';

const STATUS_LABEL: Record<AccessStatus, string> = {
  pending: ':hourglass_flowing_sand: pending',
  approved: ':white_check_mark: approved',
  active: ':large_green_circle: active',
  expired: ':clock3: expired',
  revoked: ':no_entry: revoked',
  denied: ':x: denied',
  cancelled: ':heavy_minus_sign: cancelled',
};

/** `<!date^…>` so every reader sees their own time zone. */
export function slackTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${new Date(seconds * 1000).toISOString()}>`;
}

/** The status as people read it, e.g. `:large_green_circle: active`. */
export function statusLabel(status: AccessStatus): string {
  return STATUS_LABEL[status];
}

function summary(request: AccessRequest): string {
  const what =
    request.kind === 'extension'
      ? `*Extension* of grant ${code(request.grantId ?? '?')} to ${code(request.role)} by *${formatDuration(request.durationMs)}*`
      : `Access to ${code(request.role)} for *${formatDuration(request.durationMs)}*`;
  const lines = [
    `<@${request.requester}> asks: ${what}${request.breakglass ? ' :rotating_light: *breakglass*' : ''}`,
    // The requester's words, each on a quoted line of its own: they cannot pass for a line of the bot's.
    '*Justification:*',
    quotedLine(request.justification, 1500),
  ];
  if (request.ticket) lines.push('*Ticket:*', quotedLine(request.ticket, 200));
  return lines.join('\n');
}

function decisionLine(request: AccessRequest): string {
  const parts = [`*Status:* ${statusLabel(request.status)}`, `request ${code(request.id)}`];
  if (request.approvals.length > 0) {
    parts.push(
      `approved by ${request.approvals.map((a) => (a.via === 'breakglass' ? `<@${a.by}> (self, breakglass)` : a.via === 'auto-approve' ? `<@${a.by}> (auto-approve)` : `<@${a.by}>`)).join(', ')}`,
    );
  }
  if (request.status === 'pending') {
    parts.push(`${request.approvals.length}/${request.minApprovals} approvals`, `expires ${slackTime(request.pendingUntil)}`);
  }
  if (request.grantEnd && (request.status === 'active' || request.status === 'approved')) parts.push(`until ${slackTime(request.grantEnd)}`);
  if (request.decidedBy && (request.status === 'denied' || request.status === 'revoked' || request.status === 'cancelled')) {
    parts.push(`${request.status} by <@${request.decidedBy}>`);
  }
  return parts.join(' · ');
}

/** The approval request (channel or approver DM); buttons only while pending. */
export function approvalMessage(request: AccessRequest): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: summary(request) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: decisionLine(request) }] },
  ];
  if (request.status === 'pending') {
    blocks.push({
      type: 'actions',
      block_id: `access:${request.id}`,
      elements: [
        { type: 'button', action_id: ACCESS_ACTIONS.approve, style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value: request.id },
        { type: 'button', action_id: ACCESS_ACTIONS.deny, style: 'danger', text: { type: 'plain_text', text: 'Deny' }, value: request.id },
      ],
    });
  }
  return { text: `Access request ${request.id} for ${request.role}: ${request.status}`, blocks };
}

/**
 * The requester's DM about their request, updated in place as it moves on: its state while pending, the
 * credential buttons while the grant is active, the outcome afterwards.
 */
export function requesterMessage(request: AccessRequest): { text: string; blocks: KnownBlock[] } {
  const what =
    request.kind === 'extension'
      ? `extension of grant ${code(request.grantId ?? '?')} (${code(request.role)}, +${formatDuration(request.durationMs)})`
      : `access to ${code(request.role)}`;
  let header: string;
  switch (request.status) {
    case 'pending':
      header = `Your request for ${what} (${code(request.id)}) is waiting for approval: ${request.approvals.length}/${request.minApprovals}, expires ${slackTime(request.pendingUntil)}.`;
      break;
    case 'active':
      header =
        request.kind === 'grant'
          ? `:key: Your ${what} is *active* until ${slackTime(request.grantEnd ?? 0)} (grant ${code(request.id)}). Each button mints a fresh session, shown only to you.`
          : `Your ${what} was approved; the grant now ends ${slackTime(request.grantEnd ?? 0)}.`;
      break;
    default:
      header = `Your request for ${what} (${code(request.id)}) is ${statusLabel(request.status)}.${request.decidedBy && request.decidedBy !== request.requester ? ` (by <@${request.decidedBy}>)` : ''}`;
  }
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: header } }];
  if (request.status === 'active' && request.kind === 'grant') {
    blocks.push({
      type: 'actions',
      block_id: `grant:${request.id}`,
      elements: [
        { type: 'button', action_id: ACCESS_ACTIONS.console, style: 'primary', text: { type: 'plain_text', text: 'Open AWS console' }, value: request.id },
        { type: 'button', action_id: ACCESS_ACTIONS.cli, text: { type: 'plain_text', text: 'Get CLI credentials' }, value: request.id },
        {
          type: 'button',
          action_id: ACCESS_ACTIONS.revoke,
          style: 'danger',
          text: { type: 'plain_text', text: 'End access now' },
          value: request.id,
          confirm: {
            title: { type: 'plain_text', text: 'End access now?' },
            text: { type: 'plain_text', text: 'Every session of this grant stops working.' },
            confirm: { type: 'plain_text', text: 'End access' },
            deny: { type: 'plain_text', text: 'Keep it' },
          },
        },
      ],
    });
  }
  return { text: `Access request ${request.id} (${request.role}): ${request.status}`, blocks };
}

/** Sent ahead of the end of a grant, with the extension button. */
export function expiryWarningMessage(grant: AccessRequest, now: number): { text: string; blocks: KnownBlock[] } {
  const left = formatDuration(Math.max(0, (grant.grantEnd ?? now) - now));
  return {
    text: `Your access to ${grant.role} ends in ${left}`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:hourglass: Your access to ${code(grant.role)} (grant ${code(grant.id)}) ends in about *${left}*, at ${slackTime(grant.grantEnd ?? now)}.`,
        },
      },
      {
        type: 'actions',
        block_id: `extend:${grant.id}`,
        elements: [{ type: 'button', action_id: ACCESS_ACTIONS.extend, text: { type: 'plain_text', text: 'Request an extension' }, value: grant.id }],
      },
    ],
  };
}

/** The security alert for a breakglass self-grant. */
export function breakglassAlert(grant: AccessRequest): { text: string; blocks: KnownBlock[] } {
  return {
    text: `Breakglass: ${grant.requester} self-granted ${grant.role}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:rotating_light: *Breakglass access* self-granted.\n${summary(grant)}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: decisionLine(grant) }] },
      {
        type: 'actions',
        block_id: `breakglass:${grant.id}`,
        elements: [{ type: 'button', action_id: ACCESS_ACTIONS.revoke, style: 'danger', text: { type: 'plain_text', text: 'Revoke' }, value: grant.id }],
      },
    ],
  };
}

/** One line per request for `/gdpr access list`. */
export function listLine(request: AccessRequest): string {
  const window = request.grantEnd ? ` until ${slackTime(request.grantEnd)}` : '';
  const kind = request.kind === 'extension' ? 'extension of ' : '';
  return `• ${code(request.id)} ${kind}${code(request.role)} for <@${request.requester}>: ${statusLabel(request.status)}${request.status === 'active' ? window : ''}`;
}

/**
 * The answer to the person who revoked a grant. The grant is closed (its buttons stop at once), but its
 * live AWS sessions are denied only once the revoke job has read the deny back from IAM: until then
 * this says "requested", never "denied".
 */
export function revocationRequestedText(request: AccessRequest): string {
  return (
    `${code(request.id)} (${code(request.role)}) is now ${request.status}: its buttons no longer work. ` +
    'Denying its live AWS sessions is *requested*: you will get a message once IAM shows the deny on the role (or an alert if AWS refuses it).'
  );
}

/** The answer to a retry of a revocation that failed before. */
export function revocationRetryText(request: AccessRequest): string {
  return `${code(request.id)} (${code(request.role)}) is already revoked, but denying its sessions failed; trying again. You will get a message with the outcome.`;
}

/** Told to the revoker once the deny reads back from IAM. */
export function revocationInForceMessage(grant: AccessRequest, args: { roleArn: string; issuedBefore: number }): { text: string; blocks: KnownBlock[] } {
  const text =
    `:white_check_mark: Revocation of grant ${code(grant.id)} is *in force*: IAM denies every session of <@${grant.requester}> for this grant on ` +
    `${code(args.roleArn)} issued before ${slackTime(args.issuedBefore)} (read back from the role).`;
  return { text: `Revocation of ${grant.id} is in force`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** When a failed revocation's sessions may still be used: the grant's end, or 15 minutes after it (STS's shortest session). */
export function revocationValidUntil(grant: AccessRequest, now: number): number {
  return Math.max(grant.grantEnd ?? now, now) + 15 * 60_000;
}

/**
 * The alert (audit channel and the revoker) when IAM refused the deny: the sessions remain valid until
 * the grant's expiry, and what to do by hand.
 */
export function revocationFailedMessage(
  grant: AccessRequest,
  args: { roleArn: string; account: string; reason: string; statement: unknown },
): { text: string; blocks: KnownBlock[] } {
  const end = grant.grantEnd ?? 0;
  const roleName = args.roleArn.split('/').pop() ?? args.roleArn;
  const head =
    `:rotating_light: *Revocation FAILED* for grant ${code(grant.id)} (<@${grant.requester}> on ${code(grant.role)}, ${code(args.roleArn)}): ${code(args.reason.slice(0, 300))}.\n` +
    `*Its sessions remain valid until ${slackTime(end)}* (the grant's expiry; a session started in its last 15 minutes may run up to 15 minutes longer).`;
  const manual =
    `*By hand:* fix the revoker's permissions in account ${code(args.account)} and run ${code(`/gdpr access revoke ${grant.id}`)} to try again, ` +
    `or add this statement to the inline policy ${code('gdpr-bot-jit-revocations')} of role ${code(roleName)} in that account:\n` +
    '```' +
    JSON.stringify(args.statement) +
    '```';
  return {
    text: `Revocation of ${grant.id} FAILED: its sessions remain valid until ${new Date(end).toISOString()}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: head } },
      { type: 'section', text: { type: 'mrkdwn', text: manual } },
    ],
  };
}

/**
 * The alert when a revoked grant cannot be read any more (edited or deleted in Redis): what its role was
 * is not known for sure, so nothing was written; its sessions may remain valid until `validUntil`.
 */
export function unreadableGrantRevocationMessage(grantId: string, reason: string, validUntil: number): { text: string; blocks: KnownBlock[] } {
  const text =
    `:rotating_light: *Revocation FAILED* for grant ${code(grantId)}: its record cannot be read (${code(reason.slice(0, 300))}), so nothing was written in IAM.\n` +
    `*Its sessions may remain valid until ${slackTime(validUntil)}* (the longest grant any role allows). ` +
    `*By hand:* find the grant's role on the audit trail (its ${code('access.approved')} entry) and deny the grant's sessions on that role in IAM.`;
  return {
    text: `Revocation of ${grantId} FAILED: its record cannot be read; sessions may remain valid until ${new Date(validUntil).toISOString()}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

/*
 * Refusals of the access flow and its store, rendered here so that flow.ts and store.ts never write
 * mrkdwn themselves: they pass the plain data (ids, what was typed, the configured roles).
 */

/** `a`, `b` and `c` as inline code, for "known roles" answers. */
function knownRoles(roles: readonly { name: string }[]): string {
  return roles.length === 0 ? 'none are configured (`access.roles` in the configuration)' : roles.map((r) => code(r.name)).join(', ');
}

/** The role field names no configured role (`given` as typed, trimmed). */
export function unknownRoleProblem(given: string, roles: readonly { name: string }[]): string {
  return `Unknown role ${code(given.slice(0, 60) || '(none)')}. Known roles: ${knownRoles(roles)}.`;
}

/** The duration field is not a duration (`given` as typed, trimmed). */
export function notADurationProblem(given: string): string {
  return `${code(given.slice(0, 30) || '(none)')} is not a duration; write e.g. \`30m\`, \`1h\` or \`2h30m\`.`;
}

/** The duration is outside 15m … the role's maximum (`role` when the role field named a known one). */
export function durationRangeProblem(role: { name: string; maxDuration: number } | undefined): string {
  return `The duration must be between 15m and ${role ? formatDuration(role.maxDuration) : 'the role maximum'}${role ? ` for ${code(role.name)}` : ''}.`;
}

/** A grant whose stored role ARN is not the one configured for its role name. */
export function roleArnMismatchText(requestId: string, roleName: string): string {
  return `Grant ${requestId} names another role ARN than the one configured for ${code(roleName)}; it gives no credentials. Request access again.`;
}

/** No request has this id. */
export function unknownRequestText(id: string): string {
  return `There is no access request ${code(id.slice(0, 40))}.`;
}

/** A stored request failed its integrity check (`unsealed`: stored before seals existed). */
export function tamperedRequestText(id: string, unsealed: boolean): string {
  return unsealed
    ? `Request ${code(id.slice(0, 40))} was stored by an older gdpr-bot without an integrity seal, so it is no longer used. Request access again (\`/gdpr access <role> <duration> <why>\`).`
    : `Request ${code(id.slice(0, 40))} failed its integrity check (it was changed outside gdpr-bot), so it is not used. This was logged and audited; request access again if you need it.`;
}

/** The ephemeral answer of the credentials job: the session itself (CLI exports or a console sign-in link). Never stored. */
export function sessionAnswer(
  grant: AccessRequest,
  kind: 'console' | 'cli',
  session: { expiresAt: Date; cliExports: string },
  consoleUrl?: string,
): { text: string; blocks?: KnownBlock[] } {
  const until = slackTime(session.expiresAt.getTime());
  if (kind === 'cli') {
    return {
      text: `CLI credentials for ${grant.role} (expire ${session.expiresAt.toISOString()}):\n${session.cliExports}`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:key: CLI credentials for ${code(grant.role)}, valid until ${until}. Only you can see this; it is not kept anywhere.`,
          },
        },
        { type: 'section', text: { type: 'mrkdwn', text: '```' + session.cliExports + '```' } },
      ],
    };
  }
  const link = consoleUrl ?? '';
  const intro = `:key: Your AWS console sign-in link for ${code(grant.role)} (the link works for 15 minutes; the session lasts until ${until}). Only you can see this.`;
  // Sign-in links are long; use a link in the block when it fits, the plain text otherwise.
  return link.length + 40 <= 3000
    ? {
        text: `AWS console sign-in for ${grant.role}: ${link}`,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${intro}\n<${link}|Open the AWS console>` } }],
      }
    : { text: `${intro}\n${link}` };
}

/** Why the credentials job issued nothing, as told to the clicker (ephemeral). */
export type SessionProblem =
  | { kind: 'tampered'; message: string }
  | { kind: 'not-active'; grantId: string; status?: string }
  | { kind: 'role-removed'; role: string }
  | { kind: 'role-arn-not-configured'; grantId: string; role: string }
  | { kind: 'sts-refused'; role: string; error: string }
  | { kind: 'ended-meanwhile'; grantId: string };

export function sessionProblemText(problem: SessionProblem): string {
  switch (problem.kind) {
    case 'tampered':
      return `:no_entry: ${problem.message}`;
    case 'not-active':
      return `:no_entry: Grant ${problem.grantId} is ${problem.status ?? 'unknown'}; it no longer gives credentials.`;
    case 'role-removed':
      return `:x: Role ${code(problem.role)} is no longer configured for just-in-time access.`;
    case 'role-arn-not-configured':
      return `:no_entry: Grant ${code(problem.grantId)} names another role ARN than the one configured for ${code(problem.role)}; nothing was issued. Request access again.`;
    case 'sts-refused':
      return `:x: AWS refused to start a session for ${code(problem.role)} (${code(problem.error)}). An admin can find the details in the audit log and the bot's logs.`;
    case 'ended-meanwhile':
      return `:no_entry: Grant ${problem.grantId} ended while the session was being prepared; nothing was issued to you.`;
  }
}

/** What a refused event would have done to the request, for "it cannot be …". */
const DOING: Record<AccessEvent['type'], string> = {
  approve: 'approved',
  'auto-approve': 'approved',
  'self-grant': 'self-granted',
  deny: 'denied',
  cancel: 'cancelled',
  activate: 'activated',
  warn: 'warned about',
  extend: 'extended',
  expire: 'expired',
  revoke: 'revoked',
};

/**
 * Why `event` was refused for `request`, for the person who clicked: the typed refusal of the state
 * machine (state.ts, with the approvals kernel's guards) in this feature's words.
 */
export function refusalText(refusal: AccessRefusal, request: AccessRequest, event: AccessEvent): string {
  switch (refusal.code) {
    case 'wrong-state':
      return `Request ${request.id} is ${request.status}; it cannot be ${DOING[event.type]}.`;
    case 'expired':
      return `Request ${request.id} has expired; it cannot be ${DOING[event.type]}.`;
    case 'self-approval':
      return event.type === 'deny' ? 'You cannot decide on your own request; cancel it instead.' : 'You cannot approve your own request.';
    case 'not-an-approver':
    case 'guest':
      return `You cannot ${event.type === 'deny' ? 'deny' : 'approve'} this request: ${refusal.data.reason}.`;
    case 'already-decided':
      return `You have already approved request ${request.id}.`;
    case 'not-requester':
      return event.type === 'self-grant' ? 'Only the requester can self-grant a breakglass request.' : 'Only the requester can cancel a request.';
    case 'not-breakglass':
      return `Role ${refusal.data.role} is not a breakglass role; it needs an approver.`;
    case 'already-warned':
      return `The requester of ${request.id} was already warned.`;
    case 'not-a-grant':
      return 'Only a grant can be extended.';
    case 'grant-ended':
      return `Grant ${request.id} has already ended.`;
    case 'extension-applied':
      return `Extension ${refusal.data.extensionId} is already applied.`;
    case 'not-due':
      return request.status === 'pending' ? `Request ${request.id} is still within its time to be decided.` : `Grant ${request.id} has not ended yet.`;
    case 'not-a-revoker':
      return 'Only the requester, an approver for this role or an admin can revoke a grant.';
  }
}
