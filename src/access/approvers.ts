import type { WebClient } from '@slack/web-api';
import type { ApproverRules } from '../config/schema.js';
import type { ApproverDecision } from '../approvals/guards.js';
import { isForeign, type HomeSource } from '../identity/workspace.js';

/** Why a user may or may not approve (the approvals kernel's type: src/approvals/guards.ts). */
export type { ApproverDecision };

/** What the bot needs to know about a user's account. */
interface UserFacts {
  guest: boolean;
  /** From another workspace or organisation (Slack Connect). */
  external: boolean;
  deleted: boolean;
  bot: boolean;
}

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
  private readonly users = new Map<string, CachedValue<UserFacts>>();
  private readonly channels = new Map<string, CachedValue<Set<string>>>();

  /**
   * `home` is the bot's own workspace (`auth.test`): a user whose profile names another workspace or
   * organisation (a Slack Connect user) is treated like a guest. Without it only the guest flags count.
   */
  constructor(
    private readonly client: WebClient,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly home?: HomeSource,
  ) {}

  async check(userId: string, rules: ApproverRules, options: { requester?: string } = {}): Promise<ApproverDecision> {
    if (options.requester && options.requester === userId) {
      return { allowed: false, reason: 'you cannot approve your own request', code: 'self-approval' };
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
    if (!via) return { allowed: false, reason: 'you are not an approver for this', code: 'not-an-approver' };
    const user = await this.user(userId);
    if (user.deleted) return { allowed: false, reason: 'this account is deactivated', code: 'not-an-approver' };
    if (user.guest) return { allowed: false, reason: 'guest accounts cannot approve', code: 'guest' };
    if (user.external) return { allowed: false, reason: 'accounts from another organisation (Slack Connect) cannot approve', code: 'guest' };
    if (user.bot) return { allowed: false, reason: 'bots cannot approve', code: 'not-an-approver' };
    return { allowed: true, via };
  }

  /**
   * True when the user is a guest (single- or multi-channel) or from another organisation (Slack
   * Connect: their profile's team or enterprise is not the bot's) – used to refuse requests as well.
   */
  async isGuest(userId: string): Promise<boolean> {
    const user = await this.user(userId);
    return user.guest || user.external;
  }

  /**
   * True when `userId` is a member of `channel` (`conversations.members`, every page, cached like the
   * other look-ups). A failed look-up is an error, never a "yes".
   */
  async isChannelMember(userId: string, channel: string): Promise<boolean> {
    let cached = this.channels.get(channel);
    if (!cached || cached.expires <= this.now()) {
      const members = new Set<string>();
      let cursor: string | undefined;
      do {
        const res = await this.client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
        for (const m of res.members ?? []) members.add(m);
        cursor = res.response_metadata?.next_cursor || undefined;
      } while (cursor);
      cached = { value: members, expires: this.now() + this.ttlMs };
      this.channels.set(channel, cached);
    }
    return cached.value.has(userId);
  }

  private async members(groupId: string): Promise<Set<string>> {
    const cached = this.groups.get(groupId);
    if (cached && cached.expires > this.now()) return cached.value;
    const res = await this.client.usergroups.users.list({ usergroup: groupId });
    const value = new Set(res.users ?? []);
    this.groups.set(groupId, { value, expires: this.now() + this.ttlMs });
    return value;
  }

  private async user(userId: string): Promise<UserFacts> {
    const cached = this.users.get(userId);
    if (cached && cached.expires > this.now()) return cached.value;
    const res = await this.client.users.info({ user: userId });
    const u = res.user;
    if (!u) throw new Error(`users.info returned no user for ${userId}`);
    const home = this.home ? await this.home.get() : undefined;
    const profile = u as { team_id?: string; enterprise_user?: { enterprise_id?: string }; is_stranger?: boolean };
    const value: UserFacts = {
      guest: Boolean(u.is_restricted || u.is_ultra_restricted),
      external: Boolean(profile.is_stranger) || (home !== undefined && isForeign(home, profile.team_id, profile.enterprise_user?.enterprise_id)),
      deleted: Boolean(u.deleted),
      bot: Boolean(u.is_bot),
    };
    this.users.set(userId, { value, expires: this.now() + this.ttlMs });
    return value;
  }
}
