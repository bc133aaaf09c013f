import { grantWaiver, revokeWaiver, waiverStore } from '../../src/waivers/flow.js';
import { grantOutcomeText, revokeOutcomeText, WAIVER_USAGE, waiversListText } from '../../src/waivers/messages.js';
import type { Subcommand } from '../subcommand.js';

const CHECK_ID = /^[a-z0-9_]{3,100}$/;
const RESOURCE = /^[\x21-\x7e]{1,1900}$/;

/** Reads `<check_id> <resource> <duration> <justification…>`; `undefined` when the words do not fit. */
export function parseWaiveArgs(rest: string): { checkId: string; resource: string; duration: string; justification: string } | undefined {
  const m = /^(\S+)\s+(\S+)\s+(\S+)\s+([\s\S]+)$/.exec(rest.trim());
  if (!m) return undefined;
  const [, checkId = '', resource = '', duration = '', justification = ''] = m;
  if (!CHECK_ID.test(checkId) || !RESOURCE.test(resource)) return undefined;
  return { checkId, resource, duration, justification };
}

/**
 * `/gdpr waive <check_id> <resource | account/region> <duration> <justification…>`: an approver accepts
 * the risk of a failing check for a while; `/gdpr waive revoke <id>` ends a waiver. Approvers only: the
 * dispatcher checks, and the flow checks again on the server.
 */
export const waive: Subcommand = {
  name: 'waive',
  usage: '<check_id> <resource | account/region> <duration> <justification…> | revoke <id>',
  summary: 'accept the risk of a failing check for a while (shown as waived, never as passing); approvers only',
  audience: 'approvers',
  async run({ args, rest, userId, respond, services }) {
    if ((args[0] ?? '').toLowerCase() === 'revoke') {
      const id = args[1];
      if (!id || args.length > 2) {
        await respond({ response_type: 'ephemeral', text: `Which one? \`/gdpr waive revoke <id>\` (see \`/gdpr waivers\`).` });
        return;
      }
      await respond({ response_type: 'ephemeral', text: revokeOutcomeText(await revokeWaiver(services, { userId, id })) });
      return;
    }
    const parsed = parseWaiveArgs(rest);
    if (!parsed) {
      await respond({
        response_type: 'ephemeral',
        text: `Usage: ${WAIVER_USAGE}, e.g. \`/gdpr waive s3_bucket_tls_only my-bucket 90d Static assets only; no personal data.\``,
      });
      return;
    }
    await respond({ response_type: 'ephemeral', text: grantOutcomeText(await grantWaiver(services, { userId, ...parsed })) });
  },
};

/** `/gdpr waivers`: the active waivers, who granted them, why and until when. */
export const waivers: Subcommand = {
  name: 'waivers',
  summary: 'list the active waivers (accepted risks): who, why, until when',
  answerInAck: true,
  async run({ respond, services }) {
    await respond({ response_type: 'ephemeral', text: waiversListText(await waiverStore(services).active(), services.now()) });
  },
};
