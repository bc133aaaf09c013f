import type { App } from '@slack/bolt';
import type { Services } from '../src/services.js';
import { registerFindingActions } from './findings-actions.js';
import { makeGdprCommand } from './gdpr.js';
import { SUBCOMMANDS } from './gdpr/index.js';

/** Registers every Slack listener of the bot. Feature code adds its actions and views here. */
export function registerListeners(app: App, services: Services): void {
  app.command('/gdpr', makeGdprCommand(services, SUBCOMMANDS));
  registerFindingActions(app, services);
}
