import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, type WebClient } from '@slack/web-api';

/** Slack's answers to auth.test that mean the bot token itself is wrong: the bot cannot work until it is replaced. */
export const BAD_TOKEN_ERRORS: ReadonlySet<string> = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

/** What one `auth.test` of the bot token said. */
export interface TokenCheck {
  /**
   * `ok`: the token works; `invalid`: Slack refused it (see {@link BAD_TOKEN_ERRORS}); `unreachable`: Slack
   * could not be asked (network, 5xx, 429), which says nothing about the token; `error`: another refusal.
   */
  status: 'ok' | 'invalid' | 'unreachable' | 'error';
  /** When the check ran (ISO 8601). */
  checkedAt: string;
  /** Slack's error code, or the network error, when not `ok`. Never the token. */
  error?: string;
  /** The bot user's id and name, the workspace: when `ok`. */
  botUserId?: string;
  botName?: string;
  team?: string;
  teamId?: string;
  /** The token's scopes, from the `x-oauth-scopes` header of the answer (absent when Slack did not send it). */
  scopes?: string[];
}

/**
 * Calls `auth.test` with the client's token and says what the answer means. Never throws: a failure is
 * the check's result. The caller's client decides retries and time-outs.
 */
export async function checkSlackToken(client: WebClient, now: () => Date = () => new Date()): Promise<TokenCheck> {
  const checkedAt = now().toISOString();
  try {
    const res = await client.auth.test();
    return {
      status: 'ok',
      checkedAt,
      botUserId: res.user_id,
      botName: res.user,
      team: res.team,
      teamId: res.team_id,
      scopes: res.response_metadata?.scopes,
    };
  } catch (error) {
    if (error instanceof WebAPIPlatformError) {
      const code = String(error.data.error);
      if (BAD_TOKEN_ERRORS.has(code)) return { status: 'invalid', checkedAt, error: code };
      if (code === 'ratelimited' || code === 'service_unavailable' || code === 'internal_error' || code === 'fatal_error') {
        return { status: 'unreachable', checkedAt, error: code };
      }
      return { status: 'error', checkedAt, error: code };
    }
    if (error instanceof WebAPIRateLimitedError) return { status: 'unreachable', checkedAt, error: 'ratelimited' };
    if (error instanceof WebAPIHTTPError) {
      return { status: error.statusCode >= 500 || error.statusCode === 429 ? 'unreachable' : 'error', checkedAt, error: `HTTP ${error.statusCode}` };
    }
    if (error instanceof WebAPIRequestError) return { status: 'unreachable', checkedAt, error: error.original?.message ?? error.message };
    return { status: 'unreachable', checkedAt, error: error instanceof Error ? error.message : String(error) };
  }
}

/** What to do about a bad token, in words (for the start-up refusal and `gdpr-bot doctor`). */
export function badTokenFix(error: string | undefined): string {
  switch (error) {
    case 'token_revoked':
    case 'token_expired':
      return 'the token was revoked or expired: reinstall the app (OAuth & Permissions → Reinstall to Workspace) and set SLACK_BOT_TOKEN to the new Bot User OAuth Token (xoxb-…)';
    case 'account_inactive':
      return 'the bot user or workspace is deactivated: reinstall the app in an active workspace and set SLACK_BOT_TOKEN to its Bot User OAuth Token (xoxb-…)';
    default:
      return "set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…, under OAuth & Permissions), not a user, app-level or signing secret value";
  }
}

/** What to do about an app-level token Slack refuses in Socket Mode (`apps.connections.open`), in words. */
export function badAppTokenFix(error: string | undefined): string {
  switch (error) {
    case 'not_allowed_token_type':
      return 'SLACK_APP_TOKEN must be an app-level token (xapp-…), not the bot token: generate one with the connections:write scope under Basic Information → App-Level Tokens';
    case 'invalid_auth':
    case 'not_authed':
    case 'token_revoked':
      return 'generate a new app-level token with the connections:write scope (Basic Information → App-Level Tokens) and set SLACK_APP_TOKEN to it';
    default:
      return 'turn Socket Mode on (Settings → Socket Mode), make sure SLACK_APP_TOKEN has connections:write and this machine reaches wss://wss-primary.slack.com; or unset SLACK_APP_TOKEN for HTTP mode';
  }
}
