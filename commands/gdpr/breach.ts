import { BreachFlow, parseOpenArgs } from '../../src/breach/flow.js';
import { BREACH_USAGE, openedText, refusalText, registerText } from '../../src/breach/messages.js';
import { BreachError } from '../../src/breach/state.js';
import { code } from '../../src/slack/mrkdwn.js';
import { auditRefusal } from '../audience.js';
import type { Subcommand, SubcommandContext } from '../subcommand.js';

async function run(ctx: SubcommandContext, flow: BreachFlow): Promise<string | undefined> {
  const { args, userId, services } = ctx;
  const sub = (args[0] ?? 'list').toLowerCase();
  const id = args[1] ?? '';
  const now = services.now().getTime();
  switch (sub) {
    case 'open': {
      const parsed = parseOpenArgs(ctx.rest.replace(/^\S+/, ''), now);
      if (!parsed.ok) return `:warning: ${refusalText(parsed.problem).replace(/^:no_entry: /, '')}`;
      const { breach } = await flow.open(userId, parsed.value);
      return openedText(breach, breach.channel);
    }
    case 'list': {
      const decision = await flow.responderDecision(userId);
      if (!decision.allowed) throw new BreachError('not-authorized', `You cannot read the breach register: ${decision.reason}.`);
      return registerText(await flow.store.all(), now);
    }
    case 'assess': {
      const view = await flow.modal(id, userId);
      await services.slack.views.open({ trigger_id: ctx.command.trigger_id, view });
      return undefined;
    }
    case 'export': {
      const breach = await flow.requestExport(id, userId);
      return `:outbox_tray: Drafting the Art. 33 notification for ${code(breach.id)} (Markdown and HTML); the files will arrive in a direct message from me.`;
    }
    case 'close': {
      const reason = ctx.rest.replace(/^\S+\s+\S+/, '').trim();
      const { after } = await flow.close(id, userId, reason);
      return `:white_check_mark: Breach assessment ${code(after.id)} closed; it stays in the register (${code('/gdpr breach list')}).`;
    }
    default:
      return `:warning: Unknown ${code(`breach ${sub.slice(0, 40)}`)}. Usage: ${BREACH_USAGE}.`;
  }
}

/**
 * `/gdpr breach …`: the Art. 33 breach clock and register. Opening, filling in, listing and exporting
 * are for approvers and `breach.responders`; closing for approvers. Checked on the server every time.
 */
export const breach: Subcommand = {
  name: 'breach',
  usage: '[open <title> [--aware <time> --reason <why>] | assess <id> | list | export <id> | close <id> <reason>]',
  summary: 'Art. 33 breach assessments: open one (starts the 72-hour clock), fill it in, list the register, export the notification draft, close',
  async run(ctx) {
    const flow = new BreachFlow(ctx.services);
    try {
      const text = await run(ctx, flow);
      if (text) await ctx.respond({ response_type: 'ephemeral', text });
    } catch (error) {
      if (!(error instanceof BreachError)) throw error;
      if (error.code === 'not-authorized') {
        await auditRefusal(ctx.services, {
          actor: ctx.userId,
          action: 'breach.refused',
          subject: String(ctx.args[1] ?? ctx.args[0] ?? 'breach').slice(0, 100),
          reason: error.message,
        });
      }
      await ctx.respond({ response_type: 'ephemeral', text: refusalText(error.message) });
    }
  },
};
