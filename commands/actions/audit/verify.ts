import { anyValue, defineAction } from '../../action.js';
import { answerVerify, AUDIT_ACTIONS, auditReadRefusal } from '../../gdpr/audit.js';

/** **Verify the hash chain** under `/gdpr audit`: queues the check (the job answers on the response_url). Approvers only, checked on every click. */
export const auditVerifyAction = defineAction({
  id: AUDIT_ACTIONS.verify,
  what: AUDIT_ACTIONS.verify,
  audience: ({ services, userId }) => auditReadRefusal(services, userId),
  parse: anyValue,
  async run({ userId, channel, responseUrl, services }) {
    if (!channel || !responseUrl) throw new Error('a verify click without a channel or response_url');
    await answerVerify(services, { userId, channel, responseUrl });
  },
});
