import type { KnownBlock } from '@slack/types';
import type { ChainableCommander } from 'ioredis';

/**
 * Messages that jobs send to Slack. They are not posted directly: they go into a per-channel list in
 * Redis and a `slack-outbound` job delivers them in order, paced per channel, across every process
 * (see src/slack/delivery.ts). Nothing is lost when a worker dies or Slack answers 429: a message
 * leaves its list only once Slack has taken it. The one exception: an answer on a response_url whose
 * order does not matter may first be tried at once with `SlackDelivery.respondNow`, and comes here only
 * when Slack did not take it (the audit verify job does this).
 *
 * `ref` names a message logically (e.g. `remediation:R123:approval`) so later updates can find its
 * `ts` without the caller having to wait for the post.
 *
 * `requestedBy` names the Slack user who asked for the message (a scan's progress and summary, an answer
 * to a command), when there is one: if Slack will not take it because the bot cannot post in the channel
 * (`not_in_channel`, `channel_not_found`, `is_archived`), that user is told by DM how to invite the bot.
 *
 * Never send credentials through here: the list is stored in Redis in clear text.
 */
export type OutboundMessage = (
  | {
      kind: 'post';
      channel: string;
      text: string;
      blocks?: KnownBlock[];
      /** Record the posted message's ts under this ref. */
      ref?: string;
      /** Post as a reply in the thread of a message, by ts or by ref. */
      thread?: { ts?: string; ref?: string };
    }
  | {
      kind: 'update';
      channel: string;
      text: string;
      blocks?: KnownBlock[];
      ts?: string;
      /** The message to update, by ref. When the ref is unknown the update is posted as a new message under that ref. */
      ref?: string;
    }
  | { kind: 'ephemeral'; channel: string; user: string; text: string; blocks?: KnownBlock[]; threadTs?: string }
  | {
      kind: 'respond';
      channel: string;
      responseUrl: string;
      /** When Slack issued the response_url (ms since epoch); it lives 30 minutes and takes 5 posts. */
      issuedAt: number;
      text: string;
      blocks?: KnownBlock[];
      replaceOriginal?: boolean;
      responseType?: 'ephemeral' | 'in_channel';
      /** Where to go when the response_url is used up or too old: chat.update of a message, or an ephemeral to a user. */
      fallback?: { ts?: string; ref?: string; user?: string };
    }
  | {
      /**
       * Pins (`pin`) or unpins (`unpin`) the message posted under `ref` (pins:write). Best effort: a refusal
       * (not_in_channel, missing_scope, already_pinned, no_pin...) or a ref never posted is logged, not retried.
       */
      kind: 'pin' | 'unpin';
      channel: string;
      ref: string;
      /** Nothing is shown: declared so that code reading any message's text or blocks still type-checks. */
      text?: undefined;
      blocks?: undefined;
    }
) & {
  /** The Slack user id of who asked for this message, if anyone did (see above). */
  requestedBy?: string;
  /**
   * Which of the channel's two lists the message waits in (see `laneKey` in src/slack/outbound.ts): `alerts` (the default:
   * findings, approvals, scan results, everything the bot says on its own) or `user` (answers to what one
   * user clicked or typed, e.g. a finding's Details). Each lane is delivered on its own, so however many
   * clicks one user makes, the findings and approvals of that channel never queue behind their answers.
   */
  lane?: OutboundLane;
};

/** The two delivery lanes of a channel. */
export type OutboundLane = 'alerts' | 'user';

/**
 * The port through which flows and jobs hand messages over for delivery. `SlackOutbox`
 * (src/slack/outbound.ts) implements it; domain modules depend on this interface, not on the Slack
 * adapter, so they can be built with a fake and do not load Slack code.
 */
export interface Outbox {
  /** Queues messages for delivery, in order. Returns once they are safely stored. */
  send(...messages: OutboundMessage[]): Promise<void>;
  /**
   * Queues messages and runs `also` (more commands on the same Redis MULTI) in one transaction: either
   * the messages are queued and the caller's state is written, or neither.
   */
  sendWith(messages: readonly OutboundMessage[], also?: (tx: ChainableCommander) => void): Promise<void>;
  /** Where the message posted under `ref` is (its channel and `ts`), once it has been posted. */
  lookupRef(ref: string): Promise<{ channel: string; ts: string } | undefined>;
}
