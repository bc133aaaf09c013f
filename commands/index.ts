import type { App } from '@slack/bolt';
import type { Services } from '../src/services.js';
import { registerAccessListeners } from './access.js';
import { registerFindingActions } from './findings-actions.js';
import { makeGdprCommand } from './gdpr.js';
import { registerAuditActions } from './gdpr/audit.js';
import { SUBCOMMANDS } from './gdpr/index.js';
import { registerRemediationActions } from './remediation-actions.js';
import { makeDetailsAction, makeRescanAction } from './posture-actions.js';
import { POSTURE_ACTIONS } from '../src/slack/posture.js';

/** Registers every Slack listener of the bot. Feature code adds its actions and views here. */
export function registerListeners(app: App, services: Services): void {
  app.command('/gdpr', makeGdprCommand(services, SUBCOMMANDS));
  registerRemediationActions(app, services);
  registerAccessListeners(app, services);
  registerAuditActions(app, services);
  app.action(POSTURE_ACTIONS.rescan, makeRescanAction(services));
  app.action(POSTURE_ACTIONS.details, makeDetailsAction(services));
  registerFindingActions(app, services);
}
