import { anyValue, defineAction } from '../../action.js';
import { AUDIT_ACTIONS, auditReadRefusal, startExport } from '../../gdpr/audit.js';

/** **Export as JSON Lines** under `/gdpr audit`: queues the export (one per approver at a time). Approvers only, checked on every click. */
export const auditExportAction = defineAction({
  id: AUDIT_ACTIONS.export,
  what: AUDIT_ACTIONS.export,
  audience: ({ services, userId }) => auditReadRefusal(services, userId),
  parse: anyValue,
  async run({ userId, respond, services }) {
    await startExport(services, userId, respond);
  },
});
