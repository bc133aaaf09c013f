import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../src/log.js';
import type { Services } from '../src/services.js';
import { audienceRefusal, homeOf, type Audience } from './audience.js';
import { replyWithError } from './errors.js';
import type { Reply } from './subcommand.js';

/** What Bolt hands a button listener. */
export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** What Bolt hands a view submission listener. */
export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * A modal's submission listener (one file in commands/views/ each). A form answers in its acknowledgement
 * (errors beside its fields), so each one acks itself: after validating, before any slow work.
 */
export interface ViewDefinition {
  /** The view's `callback_id`. */
  id: string;
  listener(services: Services): (args: ViewArgs) => Promise<void>;
}

/** A field Slack may leave out, or (never trusted) send with another type: read as absent. */
const maybeString = z.string().optional().catch(undefined);

/**
 * The part of a click a listener reads, checked with zod. Only the clicker is required; the rest is read
 * as absent when it is missing or not what Slack documents.
 */
const clickEnvelope = z.object({
  body: z.object({
    user: z.object({ id: z.string().min(1) }),
    trigger_id: maybeString,
    response_url: maybeString,
    channel: z.object({ id: maybeString }).nullish().catch(undefined),
    container: z
      .object({ channel_id: maybeString, message_ts: maybeString, is_ephemeral: z.boolean().optional().catch(undefined) })
      .nullish()
      .catch(undefined),
    message: z.object({ ts: maybeString, thread_ts: maybeString }).nullish().catch(undefined),
  }),
  action: z.object({ value: maybeString, action_ts: maybeString }),
});

/** One click, as a listener's `run` (and its audience check) sees it. */
export interface Click<V> {
  userId: string;
  /** The button's value as parsed by the listener's `parse`. */
  value: V;
  /** The button's value as sent (`''` when it has none), e.g. for the subject of an audit entry. */
  rawValue: string;
  /** The channel of the clicked message (`body.channel.id`, else `body.container.channel_id`). */
  channel?: string;
  /** The clicked message: its ts and thread_ts, the container's message_ts, and whether it is ephemeral. */
  message: { ts?: string; threadTs?: string; containerTs?: string; ephemeral: boolean };
  responseUrl?: string;
  triggerId?: string;
  /** The click's `action_ts`. */
  actionTs: string;
  /** Bolt's `respond` (the response_url, or the Messages tab for a click on the Home tab). */
  respond: Reply;
  /** Answers `text` to the clicker alone, leaving the clicked message as it is. */
  say(text: string): Promise<unknown>;
  /** Bolt's context (the bot's own workspace). */
  context: ButtonArgs['context'];
  /** The request's body as Slack sent it (for the audience check's origin). */
  body: unknown;
  services: Services;
  log: Logger;
}

/**
 * Who may click, checked on the server before the value is parsed:
 * - `{ who, what }`: `audienceRefusal` (guests and other organisations; approvers by `Approvers.check`),
 *   audited as `click.refused` and answered with its text;
 * - a function: a check of the listener's own, which audits its refusal and returns its text (or `undefined`);
 * - `{ checkedBy }`: the flow `run` calls decides (e.g. `decide` checks `Approvers`), named here so that every
 *   listener says where its check is.
 */
export type ActionAudience = { who: Audience; what: string } | ((click: Click<string>) => Promise<string | undefined>) | { checkedBy: string };

export interface ActionSpec<V> {
  /** The Block Kit `action_id`. */
  id: string;
  /** How logs and error references name the listener, e.g. `Approve`. */
  what: string;
  audience: ActionAudience;
  /** Parses the button's value (`''` when it has none): what `run` gets. A value it refuses is answered with `invalid` and logged. */
  parse: z.ZodType<V, string>;
  /** The answer to a value `parse` refuses (default {@link INVALID_VALUE}). */
  invalid?: string;
  /** Does the work; a text it returns is said to the clicker. */
  run(click: Click<V>): Promise<string | undefined | void>;
  /** Turns an error `run` threw into the refusal said to the clicker (auditing it), or `undefined` for an error reference. */
  refusal?(error: unknown, click: Click<string>): Promise<string | undefined>;
}

/** A button listener ready to be registered (`commands/index.ts`). */
export interface ActionDefinition {
  id: string;
  listener(services: Services): (args: ButtonArgs) => Promise<void>;
}

/**
 * The one shape of a button listener: it acknowledges at once, reads the click with zod (a malformed one
 * is logged and dropped, never thrown at Bolt), checks the audience on the server, parses the value
 * (a value that does not parse is refused and logged), runs, says `run`'s answer ephemerally, and answers
 * a failure ephemerally with an error reference (`replyWithError`).
 */
export function defineAction<V>(spec: ActionSpec<V>): ActionDefinition {
  return {
    id: spec.id,
    listener: (services) => async (args) => {
      await args.ack();
      const read = clickEnvelope.safeParse({ body: args.body, action: args.action });
      if (!read.success) {
        services.log.warn(
          { action: spec.id, issues: read.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) },
          'malformed click refused',
        );
        return;
      }
      const { body, action } = read.data;
      const respond: Reply = (message) => args.respond(message as Parameters<ButtonArgs['respond']>[0]);
      const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      const log = services.log.child({ action: spec.id, user: body.user.id });
      const click: Click<string> = {
        userId: body.user.id,
        value: action.value ?? '',
        rawValue: action.value ?? '',
        channel: body.channel?.id ?? body.container?.channel_id,
        message: {
          ts: body.message?.ts,
          threadTs: body.message?.thread_ts,
          containerTs: body.container?.message_ts,
          ephemeral: body.container?.is_ephemeral === true,
        },
        responseUrl: body.response_url,
        triggerId: body.trigger_id,
        actionTs: action.action_ts ?? '',
        respond,
        say,
        context: args.context,
        body: args.body,
        services,
        log,
      };
      try {
        const refusal = await audienceOf(spec.audience, click);
        if (refusal) {
          await say(refusal);
          return;
        }
        const parsed = spec.parse.safeParse(click.rawValue);
        if (!parsed.success) {
          log.warn(
            { value: click.rawValue.slice(0, 100), issues: parsed.error.issues.slice(0, 5).map((i) => i.message) },
            'click refused: the button value does not parse',
          );
          await say(spec.invalid ?? INVALID_VALUE);
          return;
        }
        const text = await spec.run({ ...click, value: parsed.data });
        if (text) await say(text);
      } catch (error) {
        const refusal = spec.refusal ? await spec.refusal(error, click) : undefined;
        if (refusal !== undefined) {
          await say(refusal);
          return;
        }
        await replyWithError({ error, respond, log, what: spec.what });
      }
    },
  };
}

async function audienceOf(audience: ActionAudience, click: Click<string>): Promise<string | undefined> {
  if (typeof audience === 'function') return audience(click);
  if ('checkedBy' in audience) return undefined;
  return audienceRefusal(click.services, click.userId, audience.who, audience.what, { body: click.body, home: homeOf(click.context) });
}

/** What a click whose value does not parse is told when its listener says nothing else. */
export const INVALID_VALUE = 'This button is not valid any more.';

/** A button value that is any string (the listener reads nothing from it, or its flow checks it). */
export const anyValue = z.string();

/** A button value that must match `pattern` (ids: requests, findings, assessments). */
export function valueMatching(pattern: RegExp): z.ZodType<string, string> {
  return z.string().regex(pattern);
}

/** A button value decoded by `decode`, refused when it gives `undefined` (forged or from an older version). */
export function valueDecodedBy<T>(decode: (value: string) => T | undefined): z.ZodType<T, string> {
  return z.string().transform((value, ctx) => {
    const decoded = decode(value);
    if (decoded === undefined) {
      ctx.addIssue({ code: 'custom', message: 'the value does not decode' });
      return z.NEVER;
    }
    return decoded;
  });
}
