import type { KnownBlock } from '@slack/types';
import type { AuditEntry } from '../../src/audit/log.js';
import { canonicalJson } from '../../src/audit/canonical.js';
import type { Services } from '../../src/services.js';
import { code, quoteUserText } from '../../src/slack/mrkdwn.js';
import type { Reply, Subcommand } from '../subcommand.js';
import { auditProducer } from '../../src/queues/producers.js';

/** How many entries `/gdpr audit` shows when no number is given, and at most. */
export const AUDIT_DEFAULT_ENTRIES = 10;
export const AUDIT_MAX_ENTRIES = 50;

export const AUDIT_ACTIONS = { verify: 'audit.verify', export: 'audit.export' } as const;

const USAGE = `Usage: ${code('/gdpr audit [n]')} (the last n entries, 1–${AUDIT_MAX_ENTRIES}), ${code('/gdpr audit verify')} or ${code('/gdpr audit export')}.`;

/** What the user asked for. */
export type AuditRequest = { kind: 'tail'; n: number } | { kind: 'verify' } | { kind: 'export' } | { kind: 'invalid'; reason: string };

/** Parses the words after `/gdpr audit`. */
export function parseAuditArgs(args: readonly string[]): AuditRequest {
  if (args.length > 1) return { kind: 'invalid', reason: 'too many arguments' };
  const word = args[0]?.toLowerCase();
  if (word === undefined) return { kind: 'tail', n: AUDIT_DEFAULT_ENTRIES };
  if (word === 'verify') return { kind: 'verify' };
  if (word === 'export') return { kind: 'export' };
  if (/^\d{1,6}$/.test(word)) {
    const n = Number(word);
    if (n < 1 || n > AUDIT_MAX_ENTRIES) return { kind: 'invalid', reason: `n must be between 1 and ${AUDIT_MAX_ENTRIES}` };
    return { kind: 'tail', n };
  }
  return { kind: 'invalid', reason: `${code(word.slice(0, 40))} is not a number, ${code('verify')} or ${code('export')}` };
}

/** An actor as shown: a Slack user mention when it is a user id, otherwise the escaped name (`system`, `policy`). */
function actorText(actor: string): string {
  return /^[UW][A-Z0-9]{2,20}$/.test(actor) ? `<@${actor}>` : quoteUserText(actor, 40);
}

/** One line per entry; everything that came from outside is escaped and shortened. */
export function entryLine(entry: AuditEntry): string {
  const detail = Object.keys(entry.detail ?? {}).length > 0 ? ` ${code(quoteUserTextRaw(canonicalJson(entry.detail), 200))}` : '';
  return `*#${entry.seq}* ${entry.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')} ${actorText(entry.actor)} ${code(entry.action.slice(0, 80))} ${quoteUserText(entry.subject, 120)}${detail}`;
}

/** Shortens without escaping (for text that `code` escapes itself). */
function quoteUserTextRaw(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The message for `/gdpr audit [n]`: the entries and buttons to verify or export the whole log. */
export function tailBlocks(entries: AuditEntry[], total: number): { text: string; blocks: KnownBlock[] } {
  const title = entries.length === 0 ? 'The audit log is empty.' : `Audit log: the last ${entries.length} of ${total} entries, oldest first.`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${title}*` } }];
  if (entries.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: entries.map(entryLine).join('\n') } });
  blocks.push({
    type: 'actions',
    elements: [
      { type: 'button', action_id: AUDIT_ACTIONS.verify, text: { type: 'plain_text', text: 'Verify the hash chain' }, value: 'verify' },
      { type: 'button', action_id: AUDIT_ACTIONS.export, text: { type: 'plain_text', text: 'Export as JSON Lines' }, value: 'export' },
    ],
  });
  return { text: title, blocks };
}

/**
 * Why `userId` may not read the audit log (only approvers may), or `undefined` when they may. The refusal is
 * on the trail as `audit.read_refused`, coalesced per user and minute; a failure to record it does not open the log.
 */
export async function auditReadRefusal(services: Pick<Services, 'approvers' | 'config' | 'audit' | 'log'>, userId: string): Promise<string | undefined> {
  const decision = await services.approvers.check(userId, services.config.approvers);
  if (decision.allowed) return undefined;
  await services.audit
    .refused({ actor: userId, action: 'audit.read_refused', subject: 'audit-log', detail: { reason: decision.reason } })
    .catch((err: unknown) => services.log.error({ err }, 'could not audit a refused audit-log read'));
  return `:no_entry: Only approvers can read the audit log (${decision.reason}).`;
}

/**
 * Queues the check of the hash chain; the job answers on the response_url. Walking the chain grows with
 * the log, so it never runs in the listener (acks stay fast however long the log is). Every click is
 * answered.
 */
export async function answerVerify(services: Services, args: { userId: string; channel: string; responseUrl: string }): Promise<void> {
  await auditProducer(services.queues).verify({ requestedBy: args.userId, channel: args.channel, responseUrl: args.responseUrl, issuedAt: Date.now() });
}

export async function startExport(services: Services, userId: string, respond: Reply): Promise<void> {
  const entries = await services.audit.length();
  // One export per approver at a time: a double click does not upload twice.
  await auditProducer(services.queues).export(userId);
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: `:outbox_tray: Exporting ${entries} audit entries as JSON Lines. The file will arrive in a direct message from me.`,
  });
}

/** `/gdpr audit [n] | verify | export`, approvers only. */
export const audit: Subcommand = {
  name: 'audit',
  usage: '[n | verify | export]',
  summary: 'the audit trail, approvers only: the last n entries, a check of its hash chain, or an export as JSON Lines',
  // The entries, the refusal or "exporting…" come back in the acknowledgement; the verify job answers later.
  answerInAck: true,
  async run({ args, userId, respond, services, command }) {
    const refusal = await auditReadRefusal(services, userId);
    if (refusal) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: refusal }));
    const request = parseAuditArgs(args);
    switch (request.kind) {
      case 'invalid':
        await respond({ response_type: 'ephemeral', text: `:warning: ${request.reason}. ${USAGE}` });
        return;
      case 'verify':
        await answerVerify(services, { userId, channel: command.channel_id, responseUrl: command.response_url });
        return;
      case 'export':
        await startExport(services, userId, respond);
        return;
      case 'tail': {
        const [entries, total] = await Promise.all([services.audit.tail(request.n), services.audit.length()]);
        await respond({ response_type: 'ephemeral', ...tailBlocks(entries, total) });
        return;
      }
    }
  },
};
