import type { WebClient } from '@slack/web-api';
import { isForeign, type HomeSource, type SlackHome } from '../identity/workspace.js';

/**
 * The bot's own workspace, from `auth.test`: asked once and remembered on success only (a failure is
 * thrown, and the next call asks again), so an outage at start-up does not stick.
 */
export class HomeWorkspace implements HomeSource {
  private cached: Promise<SlackHome> | undefined;

  constructor(private readonly client: WebClient) {}

  async get(): Promise<SlackHome> {
    this.cached ??= this.client.auth.test().then((r) => ({ teamId: r.team_id, enterpriseId: r.enterprise_id }));
    try {
      return await this.cached;
    } catch (error) {
      this.cached = undefined;
      throw error;
    }
  }
}

/** Every team and enterprise id a Slack request names for its actor (slash command, click or form). */
export function requestTeams(body: unknown): { teams: string[]; enterprises: string[] } {
  const b = (body ?? {}) as Record<string, unknown>;
  const teams = new Set<string>();
  const enterprises = new Set<string>();
  const add = (set: Set<string>, v: unknown) => {
    if (typeof v === 'string' && v) set.add(v);
  };
  add(teams, b.team_id);
  add(teams, b.user_team_id);
  add(enterprises, b.enterprise_id);
  add(enterprises, b.user_enterprise_id);
  const team = b.team as { id?: unknown; enterprise_id?: unknown } | undefined;
  add(teams, team?.id);
  add(enterprises, team?.enterprise_id);
  const enterprise = b.enterprise as { id?: unknown } | undefined;
  add(enterprises, enterprise?.id);
  const user = b.user as { team_id?: unknown; enterprise_id?: unknown } | undefined;
  if (user && typeof user === 'object') {
    add(teams, user.team_id);
    add(enterprises, user.enterprise_id);
  }
  return { teams: [...teams], enterprises: [...enterprises] };
}

/**
 * True when a request's actor is not of the bot's own workspace (or Grid organisation): any enterprise
 * it names differs from the bot's, or, when it names none, any team it names differs from the bot's.
 */
export function isForeignRequest(home: SlackHome, body: unknown): boolean {
  const { teams, enterprises } = requestTeams(body);
  if (enterprises.length > 0) return enterprises.some((e) => isForeign(home, undefined, e));
  return teams.some((t) => isForeign(home, t));
}
