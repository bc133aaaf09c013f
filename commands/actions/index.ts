import type { ActionDefinition } from '../action.js';
import { accessApproveAction } from './access/approve.js';
import { accessCliAction } from './access/cli.js';
import { accessConsoleAction } from './access/console.js';
import { accessDenyAction } from './access/deny.js';
import { accessExtendAction } from './access/extend.js';
import { accessRevokeAction } from './access/revoke.js';
import { auditExportAction } from './audit/export.js';
import { auditVerifyAction } from './audit/verify.js';
import { breachAssessAction } from './breach/assess.js';
import { findingArchiveAction } from './findings/archive.js';
import { findingBreachAction } from './findings/breach.js';
import { findingDetailsAction } from './findings/details.js';
import { findingEnableAction } from './findings/enable.js';
import { findingFixAction } from './findings/fix.js';
import { detailsAction } from './posture/details.js';
import { rescanAction } from './posture/rescan.js';
import { waiveAction } from './posture/waive.js';
import { approveAction } from './remediation/approve.js';
import { fixAction } from './remediation/fix.js';
import { rejectAction } from './remediation/reject.js';
import { restoreAction } from './remediation/restore.js';

/**
 * Every button of the bot, one file each (`commands/actions/<feature>/<button>.ts`, the feature whose
 * message carries the button), made with `defineAction`. Add a file and list it here.
 */
export const ACTIONS: readonly ActionDefinition[] = [
  fixAction,
  approveAction,
  rejectAction,
  restoreAction,
  accessApproveAction,
  accessDenyAction,
  accessRevokeAction,
  accessExtendAction,
  accessConsoleAction,
  accessCliAction,
  auditVerifyAction,
  auditExportAction,
  rescanAction,
  detailsAction,
  findingFixAction,
  findingEnableAction,
  findingArchiveAction,
  findingDetailsAction,
  findingBreachAction,
  breachAssessAction,
  waiveAction,
];
