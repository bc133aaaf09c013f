import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { Keys } from '../redis/keys.js';
import { dmChannel } from '../notify/dm.js';
import type { Outbox } from '../notify/outbox.js';
import type { AnchoredVerify, AuditAnchors } from './anchor.js';
import type { AuditLog, VerifyResult } from './log.js';

/** What an export produced. */
export interface ExportResult {
  entries: number;
  /** Slack file id of the upload (absent when the log was empty). */
  fileId?: string;
  verify: VerifyResult;
}

/** Where the chain broke, in the words the answer uses ("truncated after #N", "rewritten at #N"). */
function breakWords(result: Extract<VerifyResult, { ok: false }>): string {
  switch (result.kind) {
    case 'truncated':
      return `truncated after #${result.brokenAt - 1}`;
    case 'missing':
      return `entry #${result.brokenAt} is missing`;
    case 'unreadable':
      return `unreadable at #${result.brokenAt}`;
    default:
      return `rewritten at #${result.brokenAt}`;
  }
}

/**
 * What `/gdpr audit verify` answers: whether the keyed chain holds, how much of it is proven by the key
 * (entries written before the chain was keyed are consistent, never "proven"), and how it compares with
 * the last anchor outside Redis.
 */
export function verifySummary(verified: AnchoredVerify | VerifyResult): string {
  const v: AnchoredVerify = 'result' in verified ? verified : { result: verified, sites: [], notes: [] };
  const r = v.result;
  const notes = v.notes.length > 0 ? ` Note: ${v.notes.join('; ')}.` : '';
  if (!r.ok) {
    return `:rotating_light: The audit trail is NOT intact: ${breakWords(r)} (${r.reason}). ${r.entries} entries before it check out.${notes}`;
  }
  if (r.entries === 0) return `:white_check_mark: The audit log is empty.${notes}`;
  const anchor = v.anchor ? ` It matches the last anchor outside Redis (#${v.anchor.seq} in ${v.anchor.where}, ${v.anchor.at}).` : '';
  if (r.keyedFrom === undefined) {
    return `:warning: The hash chain is consistent (${r.entries} entries, head \`${r.head.slice(0, 16)}\`), but NOT proven: no entry is keyed, and anyone with write access to Redis can recompute an unkeyed chain.${anchor}${notes}`;
  }
  const unkeyed =
    r.keyedFrom > 1
      ? ` Entries #1–#${r.keyedFrom - 1} were written before the chain was keyed: they are unchanged since #${r.keyedFrom} was written (its MAC covers their hash), but not proven before that.`
      : '';
  return `:white_check_mark: The hash chain is intact: ${r.entries} entries, keyed (HMAC-SHA256) from #${r.keyedFrom}, head \`${r.head.slice(0, 16)}\`.${unkeyed}${anchor}${notes}`;
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
  deps: { audit: AuditLog; slack: WebClient; outbox: Outbox; log: Logger; now: () => Date; redis: Redis; keys: Keys; anchors?: AuditAnchors },
  requestedBy: string,
): Promise<ExportResult> {
  const verified = deps.anchors ? await deps.anchors.verify() : undefined;
  const verify = verified?.result ?? (await deps.audit.verify());
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
    initial_comment: `Audit log export (JSON Lines, ${lines.length} entries; keyed entries are checked with the audit key). ${verifySummary(verified ?? verify)}`,
  });
  const files = (upload.files ?? []) as { files?: { id?: string }[] }[];
  const fileId = files[0]?.files?.[0]?.id;
  await deps.audit.append({ actor: requestedBy, action: 'audit.exported', subject: 'audit-log', detail: { entries: lines.length, intact: verify.ok, fileId } });
  deps.log.info({ entries: lines.length, fileId, intact: verify.ok }, 'audit log exported');
  return { entries: lines.length, fileId, verify };
}
