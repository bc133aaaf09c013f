import type { Services } from '../src/services.js';

/**
 * Who may use a command or a button: `everyone` in the workspace, `members` (not guests: single- or
 * multi-channel guests, e.g. people from another company in a shared channel, never see the security
 * posture), or `approvers` (the configured top-level approvers).
 */
export type Audience = 'everyone' | 'members' | 'approvers';

/** Why `userId` may not use something meant for `audience`, or `undefined` when they may. Checked on the server. */
export async function audienceRefusal(services: Pick<Services, 'approvers' | 'config'>, userId: string, audience: Audience, what: string): Promise<string | undefined> {
  if (audience === 'everyone') return undefined;
  if (audience === 'members') {
    return (await services.approvers.isGuest(userId)) ? `:no_entry: Guest accounts cannot use ${what}.` : undefined;
  }
  const decision = await services.approvers.check(userId, services.config.approvers);
  return decision.allowed ? undefined : `:no_entry: Only approvers can use ${what} (${decision.reason}).`;
}
