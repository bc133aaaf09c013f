import type { KnownBlock } from '@slack/types';

/** An answer only one user sees. */
export interface EphemeralAnswer {
  text: string;
  blocks?: KnownBlock[];
}

/**
 * The port for answers that must never be stored (a minted session): posted at once to the click's
 * response_url, else with `chat.postEphemeral`, bypassing the outbox (which keeps its messages in Redis).
 * `SlackEphemeralReplies` (src/slack/ephemeral.ts) implements it.
 */
export interface EphemeralReplies {
  /** Whether a response_url that came through Redis may be posted to (Slack's own hosts); `host` is safe to log. */
  check(responseUrl: string): { ok: true } | { ok: false; reason: string; host: string };
  /** Answers `user`: on `responseUrl` when it takes it, else in `channel`. Throws when neither is possible. */
  answer(to: { responseUrl?: string; channel?: string; user?: string; jobId?: string }, answer: EphemeralAnswer): Promise<'response_url' | 'postEphemeral'>;
}
