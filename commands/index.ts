import type { Services } from '../src/services.js';
import type { ListenerRouter } from '../src/slack/router.js';
import { ACTIONS } from './actions/index.js';
import { makeHomeOpened } from './events/app-home-opened.js';
import { makeGdprCommand } from './gdpr.js';
import { SUBCOMMANDS } from './gdpr/index.js';
import { makeRequestGate } from './request-gate.js';
import { VIEWS } from './views/index.js';

/**
 * Registers every Slack listener of the bot on the router (src/slack/router.ts): the `/gdpr` command and
 * its subcommands (commands/gdpr/), the buttons (commands/actions/), the modal submissions
 * (commands/views/) and the events (commands/events/). A new listener is a file in one of those folders,
 * listed in that folder's index.ts.
 */
export function registerListeners(router: ListenerRouter, services: Services): void {
  // Rate limits and the Slack Connect check, in front of every listener.
  router.useGate(makeRequestGate(services));
  router.command('/gdpr', makeGdprCommand(services, SUBCOMMANDS));
  for (const action of ACTIONS) router.action(action.id, action.listener(services));
  for (const view of VIEWS) router.view(view.id, view.listener(services));
  router.event('app_home_opened', makeHomeOpened(services));
}
