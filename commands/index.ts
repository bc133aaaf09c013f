import type { Services } from '../src/services.js';
import { registerAccessListeners } from './access.js';
import { registerFindingActions } from './findings-actions.js';
import { registerBreachListeners } from './breach-actions.js';
import { registerHomeListeners } from './home.js';
import { makeGdprCommand } from './gdpr.js';
import { registerAuditActions } from './gdpr/audit.js';
import { SUBCOMMANDS } from './gdpr/index.js';
import { registerRemediationActions } from './remediation-actions.js';
import { makeRequestGate } from './request-gate.js';
import { makeDetailsAction, makeRescanAction } from './posture-actions.js';
import { POSTURE_ACTIONS } from '../src/slack/posture.js';
import type { ListenerRouter } from '../src/slack/router.js';
import { registerWaiverActions } from './waiver-actions.js';

/** Registers every Slack listener of the bot on the router (src/slack/router.ts). Feature code adds its actions and views here. */
export function registerListeners(router: ListenerRouter, services: Services): void {
  // Rate limits and the Slack Connect check, in front of every listener.
  router.useGate(makeRequestGate(services));
  router.command('/gdpr', makeGdprCommand(services, SUBCOMMANDS));
  registerRemediationActions(router, services);
  registerAccessListeners(router, services);
  registerAuditActions(router, services);
  router.action(POSTURE_ACTIONS.rescan, makeRescanAction(services));
  router.action(POSTURE_ACTIONS.details, makeDetailsAction(services));
  registerFindingActions(router, services);
  registerBreachListeners(router, services);
  registerWaiverActions(router, services);
  registerHomeListeners(router, services);
}
