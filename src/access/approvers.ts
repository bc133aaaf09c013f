import type { WebClient } from '@slack/web-api';
import type { ApproverRules } from '../config/schema.js';

/** Why a user may or may not approve. */
export type ApproverDecision = { allowed: true; via: 'user' | 'usergroup' } | { allowed: false; reason: string };

interface CachedValue<T> {
  value: T;
  expires: number;
}

/**
 * Answers "may this Slack user approve?" on the server, for every click. Approvers are Slack user ids
 * and user group ids from the configuration; group membership (`usergroups.users.list`) and the user's
 * account type (`users.info`) are cached briefly. Guests (single- and multi-channel) and deactivated
 * accounts are refused, and so is the requester of the thing being approved, even when they are an
 * approver. A failed Slack look-up is an error, never a "yes".
 */
export class Approvers {
  private readonly groups = new Map<string, CachedValue<Set<string>>>();
  private readonly users = new Map<string, CachedValue<{ guest: boolean; deleted: boolean; bot: boolean }>>();

  constructor(
    private readonly client: WebClient,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async check(userId: string, rules: ApproverRules, options: { requester?: string } = {}): Promise<ApproverDecision> {
    if (options.requester && options.requester === userId) {
      return { allowed: false, reason: 'you cannot approve your own request' };
    }
    let via: 'user' | 'usergroup' | undefined = rules.users.includes(userId) ? 'user' : undefined;
    if (!via) {
      for (const group of rules.usergroups) {
        if ((await this.members(group)).has(userId)) {
          via = 'usergroup';
          break;
        }
      }
    }
    if (!via) return { allowed: false, reason: 'you are not an approver for this' };
    const user = await this.user(userId);
    if (user.deleted) return { allowed: false, reason: 'this account is deactivated' };
    if (user.guest) return { allowed: false, reason: 'guest accounts cannot approve' };
    if (user.bot) return { allowed: false, reason: 'bots cannot approve' };
    return { allowed: true, via };
  }

  /** True when the user is a guest (single- or multi-channel) – used to refuse requests as well. */
  async isGuest(userId: string): Promise<boolean> {
    return (await this.user(userId)).guest;
  }

  private async members(groupId: string): Promise<Set<string>> {
    const cached = this.groups.get(groupId);
    if (cached && cached.expires > this.now()) return cached.value;
    const res = await this.client.usergroups.users.list({ usergroup: groupId });
    const value = new Set(res.users ?? []);
    this.groups.set(groupId, { value, expires: this.now() + this.ttlMs });
    return value;
  }

  private async user(userId: string): Promise<{ guest: boolean; deleted: boolean; bot: boolean }> {
    const cached = this.users.get(userId);
    if (cached && cached.expires > this.now()) return cached.value;
    const res = await this.client.users.info({ user: userId });
    const u = res.user;
    if (!u) throw new Error(`users.info returned no user for ${userId}`);
    const value = {
      guest: Boolean(u.is_restricted || u.is_ultra_restricted),
      deleted: Boolean(u.deleted),
      bot: Boolean(u.is_bot),
    };
    this.users.set(userId, { value, expires: this.now() + this.ttlMs });
    return value;
  }
}
