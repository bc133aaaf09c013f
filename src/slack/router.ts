import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Logger } from '../log.js';

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

  /** Registers the three dispatching listeners on `app`. */
  attach(app: App, log: Logger): void {
    const unknown = async (args: { ack: () => Promise<void> }, kind: string, id: string | undefined) => {
      await args.ack();
      log.warn({ kind, id }, 'no listener for this Slack request; acknowledged and ignored');
    };
    app.action(/.*/, async (args) => {
      const id = (args.payload as { action_id?: string }).action_id;
      const listener = id === undefined ? undefined : this.actions.get(id);
      return listener ? listener(args as unknown as Parameters<AnyListener>[0]) : unknown(args, 'action', id);
    });
    app.view(/.*/, async (args) => {
      const id = args.view.callback_id;
      const listener = this.views.get(id);
      return listener ? listener(args as unknown as Parameters<AnyListener>[0]) : unknown(args, 'view', id);
    });
    app.command(/.*/, async (args) => {
      const id = args.command.command;
      const listener = this.commands.get(id);
      return listener ? listener(args as unknown as Parameters<AnyListener>[0]) : unknown(args, 'command', id);
    });
  }
}

function add(map: Map<string, AnyListener>, kind: string, id: string, listener: unknown): void {
  if (map.has(id)) throw new Error(`a ${kind} listener for "${id}" is already registered`);
  map.set(id, listener as AnyListener);
}
