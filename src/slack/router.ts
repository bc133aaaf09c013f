import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Logger } from '../log.js';
import { responder, responseUrlOf } from './response-urls.js';

/** What a {@link RequestGate} is asked about: one request, before any listener sees it. */
export interface GateRequest {
  kind: 'action' | 'view' | 'command';
  /** The action id, view callback id or command name. */
  id: string;
  /** Who sent it. */
  user?: string;
  body: unknown;
  /** Bolt's context: `teamId` / `enterpriseId` are the bot's own workspace (from `auth.test`). */
  context: { teamId?: string; enterpriseId?: string };
}

/**
 * Decides, before any listener runs, whether a request may go on: `undefined` lets it through, a text
 * refuses it (the router acknowledges and shows the text to the sender alone). For checks that hold for
 * every listener: rate limits, requests from another organisation.
 */
export type RequestGate = (request: GateRequest) => Promise<string | undefined>;

type AckArgs = { ack: (response?: unknown) => Promise<void>; respond?: (message: unknown) => Promise<unknown> };

/** A listener as the router stores it: whatever Bolt passes, typed where it is registered. */
type AnyListener = (args: AllMiddlewareArgs & { ack: (response?: unknown) => Promise<void> } & Record<string, unknown>) => Promise<void>;

/**
 * Every Slack listener of the bot, dispatched by id from three Bolt listeners (actions, views, commands).
 *
 * Bolt runs the middleware chain of every registered listener for every request, matched or not: with
 * twenty `app.action()` calls that is twenty chains of object copies and promises per click, measured
 * as the largest single cost of an ack under load (`npm run bench`). Here a click costs one chain and a
 * map lookup. An id can have one listener only (registering it twice is a mistake and throws), and a
 * request for an id nobody registered (a button from an older version of the bot) is acknowledged and
 * logged instead of being left to time out.
 */
export class ListenerRouter {
  private readonly actions = new Map<string, AnyListener>();
  private readonly views = new Map<string, AnyListener>();
  private readonly commands = new Map<string, AnyListener>();
  private readonly events = new Map<string, AnyListener>();
  private gate: RequestGate | undefined;

  /** `respondTimeoutMs`: how long `respond` waits for the response_url (default: the poster's one policy). */
  constructor(private readonly options: { respondTimeoutMs?: number } = {}) {}

  /** Puts `gate` in front of every listener (one gate; a second call replaces it). */
  useGate(gate: RequestGate): void {
    this.gate = gate;
  }

  /** A block action by `action_id` (Bolt's `app.action(id, …)`). */
  action<A extends SlackAction = BlockAction>(constraint: string | { action_id: string }, listener: Middleware<SlackActionMiddlewareArgs<A>>): void {
    add(this.actions, 'action', typeof constraint === 'string' ? constraint : constraint.action_id, listener);
  }

  /** A view submission by `callback_id` (Bolt's `app.view(id, …)`). */
  view<V extends SlackViewAction = ViewSubmitAction>(callbackId: string, listener: Middleware<SlackViewMiddlewareArgs<V>>): void {
    add(this.views, 'view', callbackId, listener);
  }

  /** A slash command by name (Bolt's `app.command(name, …)`). */
  command(name: string, listener: Middleware<SlackCommandMiddlewareArgs>): void {
    add(this.commands, 'command', name, listener);
  }

  /** An Events API event by type (Bolt's `app.event(type, …)`; Bolt acknowledges events itself). Not gated: events are not requests a person sends. */
  event<E extends string>(type: E, listener: Middleware<SlackEventMiddlewareArgs<E>>): void {
    add(this.events, 'event', type, listener);
  }

  /** Registers the three dispatching listeners on `app`, and one per event type. */
  attach(app: App, log: Logger): void {
    // Every listener's `respond` is the bot's one response_url poster (src/slack/response-urls.ts), with its time-out.
    const timeout = this.options.respondTimeoutMs === undefined ? {} : { timeoutMs: this.options.respondTimeoutMs };
    const withRespond = <T extends { body: unknown }>(args: T): T => {
      const url = responseUrlOf(args.body);
      return url ? { ...args, respond: responder(url, timeout) } : args;
    };
    const unknown = async (args: { ack: () => Promise<void> }, kind: string, id: string | undefined) => {
      await args.ack();
      log.warn({ kind, id }, 'no listener for this Slack request; acknowledged and ignored');
    };
    /** True when the gate refused the request (it has then been acknowledged and answered). */
    const refused = async (
      kind: GateRequest['kind'],
      id: string | undefined,
      args: AckArgs & { body: unknown; context: GateRequest['context'] },
    ): Promise<boolean> => {
      if (!this.gate || id === undefined) return false;
      const body = args.body as { user_id?: string; user?: { id?: string }; view?: { state?: { values?: Record<string, unknown> } } };
      let text: string | undefined;
      try {
        text = await this.gate({ kind, id, user: body.user_id ?? body.user?.id, body: args.body, context: args.context });
      } catch (error) {
        await args.ack().catch(() => undefined);
        throw error;
      }
      if (text === undefined) return false;
      if (kind === 'command') {
        await args.ack({ response_type: 'ephemeral', text });
      } else if (kind === 'view') {
        // Shown beside the form's first field; the form stays open.
        const block = Object.keys(body.view?.state?.values ?? {})[0];
        await args.ack(block ? { response_action: 'errors', errors: { [block]: text.replace(/:[a-z_]+: /g, '') } } : undefined);
      } else {
        await args.ack();
        await args.respond?.({ response_type: 'ephemeral', replace_original: false, text });
      }
      return true;
    };
    app.action(/.*/, async (bolt) => {
      const args = withRespond(bolt);
      const id = (args.payload as { action_id?: string }).action_id;
      // A click on a view without a response_url (the Home tab) is answered in the bot's Messages tab, to the clicker alone.
      const clicker = (args.body as { user?: { id?: string } }).user?.id;
      if (!(args as { respond?: unknown }).respond && clicker) {
        (args as unknown as { respond: (m: unknown) => Promise<unknown> }).respond = (m: unknown) => {
          const message = typeof m === 'string' ? { text: m } : (m as { text?: string; blocks?: unknown[] });
          return args.client.chat.postMessage({ channel: clicker, text: message.text ?? '', ...(message.blocks ? { blocks: message.blocks as never } : {}) });
        };
      }
      if (await refused('action', id, args as unknown as AckArgs & { body: unknown; context: GateRequest['context'] })) return;
      const listener = id === undefined ? undefined : this.actions.get(id);
      return listener ? listener(args as unknown as Parameters<AnyListener>[0]) : unknown(args, 'action', id);
    });
    app.view(/.*/, async (bolt) => {
      const args = withRespond(bolt);
      const id = args.view.callback_id;
      if (await refused('view', id, args as unknown as AckArgs & { body: unknown; context: GateRequest['context'] })) return;
      const listener = this.views.get(id);
      return listener ? listener(args as unknown as Parameters<AnyListener>[0]) : unknown(args, 'view', id);
    });
    app.command(/.*/, async (bolt) => {
      const args = withRespond(bolt);
      const id = args.command.command;
      if (await refused('command', id, args as unknown as AckArgs & { body: unknown; context: GateRequest['context'] })) return;
      const listener = this.commands.get(id);
      return listener ? listener(args as unknown as Parameters<AnyListener>[0]) : unknown(args, 'command', id);
    });
    for (const [type, listener] of this.events) app.event(type, listener as never);
  }
}

function add(map: Map<string, AnyListener>, kind: string, id: string, listener: unknown): void {
  if (map.has(id)) throw new Error(`a ${kind} listener for "${id}" is already registered`);
  map.set(id, listener as AnyListener);
}
