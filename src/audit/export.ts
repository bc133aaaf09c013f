import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { Keys } from '../redis/keys.js';
import { dmChannel } from '../slack/dm.js';
import type { SlackOutbox } from '../slack/outbound.js';
import type { AuditLog, VerifyResult } from './log.js';

/** What an export produced. */
export interface ExportResult {
  entries: number;
  /** Slack file id of the upload (absent when the log was empty). */
  fileId?: string;
  verify: VerifyResult;
}

/** One line saying whether the hash chain holds, for the export's comment and the verify answer. */
export function verifySummary(result: VerifyResult): string {
  return result.ok
    ? `:white_check_mark: The hash chain is intact: ${result.entries} entries, head \`${result.head.slice(0, 16)}\`.`
    : `:rotating_light: The audit log has been tampered with at entry #${result.brokenAt}: ${result.reason}. ${result.entries} entries before it are intact.`;
}

/** The file name of an export made at `now`. */
export function exportFileName(now: Date): string {
  return `gdpr-bot-audit-${now.toISOString().replace(/[:.]/g, '-')}.jsonl`;
}

/**
 * Uploads the whole audit log as JSON Lines (one stored entry per line, exactly as written, so the
 * hashes can be re-checked offline) to a direct message with the approver who asked for it, with the
 * result of a chain check as the comment. The export itself is recorded in the log afterwards. Runs
 * in a job (jobs/audit.ts), never in a Slack listener.
 */
export async function exportAuditLog(
  deps: { audit: AuditLog; slack: WebClient; outbox: SlackOutbox; log: Logger; now: () => Date; redis: Redis; keys: Keys },
  requestedBy: string,
): Promise<ExportResult> {
  const verify = await deps.audit.verify();
  const lines: string[] = [];
  for await (const { raw } of deps.audit.entries()) lines.push(raw);

  const channel = await dmChannel(deps, requestedBy);

  if (lines.length === 0) {
    await deps.outbox.send({ kind: 'post', channel, text: 'The audit log is empty: there is nothing to export yet.' });
    return { entries: 0, verify };
  }
  const now = deps.now();
  const upload = await deps.slack.filesUploadV2({
    channel_id: channel,
    filename: exportFileName(now),
    title: `gdpr-bot audit log, ${lines.length} entries (${now.toISOString()})`,
    content: lines.join('\n') + '\n',
    initial_comment: `Audit log export (JSON Lines, ${lines.length} entries). ${verifySummary(verify)}`,
  });
  const files = (upload.files ?? []) as { files?: { id?: string }[] }[];
  const fileId = files[0]?.files?.[0]?.id;
  await deps.audit.append({ actor: requestedBy, action: 'audit.exported', subject: 'audit-log', detail: { entries: lines.length, intact: verify.ok, fileId } });
  deps.log.info({ entries: lines.length, fileId, intact: verify.ok }, 'audit log exported');
  return { entries: lines.length, fileId, verify };
}
