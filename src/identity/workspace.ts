/**
 * Who belongs to the bot's own organisation: the workspace identity behind "may this person approve or
 * request?" (a Slack Connect user is treated like a guest). Plain data and a pure rule, so the approval
 * code can use it without depending on the Slack adapter (src/slack/workspace.ts reads it from Slack).
 */

/** A Slack workspace (team) and, on Enterprise Grid, its organisation. */
export interface SlackHome {
  teamId?: string;
  enterpriseId?: string;
}

/** Where the bot's own workspace is read from (`HomeWorkspace` in src/slack/workspace.ts: `auth.test`). */
export interface HomeSource {
  get(): Promise<SlackHome>;
}

/**
 * True when `team` / `enterprise` (from a request or a user's profile) are not the bot's own: a
 * different workspace that is not part of the bot's Enterprise Grid organisation, i.e. a Slack Connect
 * party. A value that is absent says nothing (and is not foreign).
 */
export function isForeign(home: SlackHome, team: string | undefined, enterprise?: string): boolean {
  if (enterprise) return enterprise !== home.enterpriseId;
  return Boolean(team && home.teamId && team !== home.teamId);
}
