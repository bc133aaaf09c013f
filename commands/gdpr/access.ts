import { AccessError } from '../../src/access/state.js';
import { AccessFlow, splitAccessArgs, validateAccessInput, type InputProblems } from '../../src/access/flow.js';
import { listLine, revocationRequestedText, revocationRetryText } from '../../src/access/messages.js';
import { accessModal } from '../../src/access/modal.js';
import { formatDuration } from '../../src/config/duration.js';
import { code } from '../../src/slack/mrkdwn.js';
import type { Subcommand, SubcommandContext } from '../subcommand.js';
import { auditRefusal } from '../audience.js';

const USAGE = '`/gdpr access` (form), `/gdpr access <role> <duration> <justification…>`, `/gdpr access list`, `/gdpr access revoke <id>`';

/** The problems with a request, one per line. */
export function problemsText(problems: InputProblems): string {
  return [':warning: This request cannot be filed:', ...Object.values(problems).map((p) => `• ${p}`), `Usage: ${USAGE}`].join('\n');
}

async function list(ctx: SubcommandContext, flow: AccessFlow): Promise<void> {
  const { services, userId } = ctx;
  const mine = await flow.store.forUser(userId, 15);
  const rules = [services.config.approvers, ...services.config.access.roles.map((r) => r.approvers).filter((r) => r !== undefined)];
  let approver = false;
  for (const r of rules) {
    if ((await services.approvers.check(userId, r)).allowed) {
      approver = true;
      break;
    }
  }
  const lines = ['*Your access requests*', ...(mine.length ? mine.map(listLine) : ['• none'])];
  if (approver) {
    const open = (await flow.store.open()).sort((a, b) => (a.grantEnd ?? 0) - (b.grantEnd ?? 0)).slice(0, 40);
    lines.push('', '*All open grants*', ...(open.length ? open.map(listLine) : ['• none']));
  }
  await ctx.respond({ response_type: 'ephemeral', text: lines.join('\n').slice(0, 3000) });
}

/**
 * `/gdpr access`: with no arguments opens the request form (inline: the trigger_id lives 3 seconds);
 * `<role> <duration> <justification…>` files a request; `list` shows the caller's requests (and every open
 * grant for approvers); `revoke <id>` ends a grant; `cancel <id>` withdraws a pending request.
 */
export const access: Subcommand = {
  name: 'access',
  usage: '[<role> <duration> <justification…> | list | revoke <id> | cancel <id>]',
  summary: 'ask for time-boxed AWS access (approved in Slack), list or revoke grants, cancel a pending request',
  async run(ctx) {
    const { services, respond, args, userId } = ctx;
    const flow = new AccessFlow(services);
    const roles = services.config.access.roles;
    const sub = (args[0] ?? '').toLowerCase();
    try {
      if (sub === '') {
        if (roles.length === 0) {
          await respond({ response_type: 'ephemeral', text: 'No roles are configured for just-in-time access (`access.roles` in the configuration).' });
          return;
        }
        await services.slack.views.open({ trigger_id: ctx.command.trigger_id, view: accessModal(roles, { channel: ctx.channelId }) });
        return;
      }
      if (sub === 'list') return await list(ctx, flow);
      if (sub === 'revoke' || sub === 'cancel') {
        const id = args[1];
        if (!id) {
          await respond({ response_type: 'ephemeral', text: `Which one? ${code(`/gdpr access ${sub} <id>`)} (see ${code('/gdpr access list')}).` });
          return;
        }
        const { after, retried } = sub === 'revoke' ? await flow.revoke(id, userId) : { ...(await flow.cancel(id, userId)), retried: false };
        const text = retried
          ? revocationRetryText(after)
          : after.status === 'revoked'
            ? revocationRequestedText(after)
            : `${code(after.id)} (${code(after.role)}) is now ${after.status}.`;
        await respond({ response_type: 'ephemeral', text });
        return;
      }
      const checked = validateAccessInput(splitAccessArgs(ctx.rest), roles);
      if (!checked.ok) {
        await respond({ response_type: 'ephemeral', text: problemsText(checked.problems) });
        return;
      }
      const request = await flow.submit(userId, checked.value);
      const what = `${code(request.id)}: ${code(request.role)} for ${formatDuration(request.durationMs)}`;
      const text = request.breakglass
        ? `:rotating_light: Breakglass access granted (${what}). The security channel has been alerted. Your credential buttons arrive by DM.`
        : request.status === 'approved'
          ? `:white_check_mark: Approved by policy (${what}). Your credential buttons arrive by DM.`
          : `:hourglass_flowing_sand: Request ${what} sent for approval (${request.minApprovals} needed). You will get a DM when it is decided.`;
      await respond({ response_type: 'ephemeral', text });
    } catch (error) {
      if (error instanceof AccessError) {
        // Refused like a click on the same button: on the trail, coalesced per user and minute.
        if (sub === 'revoke' || sub === 'cancel') {
          await auditRefusal(services, { actor: userId, action: 'access.refused', subject: String(args[1] ?? '').slice(0, 100), reason: error.message });
        }
        await respond({ response_type: 'ephemeral', text: `:no_entry: ${error.message}` });
        return;
      }
      throw error;
    }
  },
};
