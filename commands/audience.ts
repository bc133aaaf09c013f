import type { Services } from '../src/services.js';
import type { SlackHome } from '../src/identity/workspace.js';
import { isForeignRequest } from '../src/slack/workspace.js';

/**
 * Who may use a command or a button: `everyone` in the workspace, `members` (not guests: single- or
 * multi-channel guests, and people from another organisation, e.g. Slack Connect members of a shared
 * channel, never see the security posture), or `approvers` (the configured top-level approvers).
 */
export type Audience = 'everyone' | 'members' | 'approvers';

/**
 * The request a decision is about: its body (whose team and enterprise ids name the actor's workspace)
 * and the bot's own workspace (Bolt's `context.teamId` / `context.enterpriseId`, from `auth.test`).
 */
export interface RequestOrigin {
  body: unknown;
  home: SlackHome;
}

/** The bot's workspace as Bolt's context has it (from the `authorize` answer, i.e. `auth.test`). */
export function homeOf(context: { teamId?: string; enterpriseId?: string } | undefined): SlackHome {
  return { teamId: context?.teamId, enterpriseId: context?.enterpriseId };
}

/**
 * Why `userId` may not use something meant for `audience`, or `undefined` when they may. Checked on the
 * server: the request's own team / enterprise (when `origin` is given) and the user's profile (guest
 * flags, and the team / enterprise it names) must both be the bot's.
 */
export async function audienceRefusal(
  services: Pick<Services, 'approvers' | 'config' | 'audit' | 'log'>,
  userId: string,
  audience: Audience,
  what: string,
  origin?: RequestOrigin,
): Promise<string | undefined> {
  const refusal = await refusalOf(services, userId, audience, what, origin);
  if (refusal) {
    // On the trail like every refused decision, coalesced per user and minute (a member cannot flood it).
    const command = Boolean((origin?.body as { command?: unknown } | undefined)?.command);
    await auditRefusal(services, {
      actor: userId,
      action: command ? 'command.refused' : 'click.refused',
      subject: what.replace(/`/g, '').slice(0, 100),
      reason: refusal,
      audience,
    });
  }
  return refusal;
}

async function refusalOf(
  services: Pick<Services, 'approvers' | 'config'>,
  userId: string,
  audience: Audience,
  what: string,
  origin?: RequestOrigin,
): Promise<string | undefined> {
  if (audience === 'everyone') return undefined;
  if (origin && isForeignRequest(origin.home, origin.body)) return `:no_entry: Accounts from another organisation cannot use ${what}.`;
  if (audience === 'members') {
    return (await services.approvers.isGuest(userId)) ? `:no_entry: Guest accounts cannot use ${what}, nor can accounts from another organisation.` : undefined;
  }
  const decision = await services.approvers.check(userId, services.config.approvers);
  return decision.allowed ? undefined : `:no_entry: Only approvers can use ${what} (${decision.reason}).`;
}

/**
 * Audits a refused request (`AuditLog.refused`: the first of a user's refusals of that kind in a minute is
 * written, the rest counted). A failing audit write does not change the answer: it is logged.
 */
export async function auditRefusal(
  services: Pick<Services, 'audit' | 'log'>,
  refusal: { actor: string; action: string; subject: string; reason: string; audience?: Audience },
): Promise<void> {
  const { actor, action, subject, reason, audience } = refusal;
  await services.audit
    .refused({ actor, action, subject, detail: { reason: reason.replace(/^:no_entry: /, ''), ...(audience ? { audience } : {}) } })
    .catch((err: unknown) => services.log.error({ err: { message: (err as Error).message }, action, actor }, 'could not audit a refused request'));
}

/**
 * `refusal.text` when `userId` is a guest (a refusal of the listener's own words and audit action, audited
 * like `auditRefusal`), `undefined` for a member.
 */
export async function guestRefusal(
  services: Pick<Services, 'approvers' | 'audit' | 'log'>,
  userId: string,
  refusal: { action: string; subject: string; text: string },
): Promise<string | undefined> {
  if (!(await services.approvers.isGuest(userId))) return undefined;
  await auditRefusal(services, { actor: userId, action: refusal.action, subject: refusal.subject.slice(0, 100), reason: refusal.text });
  return refusal.text;
}
