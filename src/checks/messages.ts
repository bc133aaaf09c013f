import type { SlackContent } from '../slack/limits.js';
import { postureMessage, progressMessage } from '../slack/posture.js';
import type { FailedShard } from './shards.js';
import type { ScanMeta } from './store.js';

/**
 * What a scan says in Slack: its progress message (one, kept updated under {@link scanMessageRef}) and
 * its summary when it finished. The posture itself is rendered by src/slack/posture.ts (shared with
 * `/gdpr status`); the scan adds what it could not check.
 */

/** The outbox ref of a scan's progress message. */
export function scanMessageRef(scanId: string): string {
  return `scan:${scanId}`;
}

/** The progress message of a running scan, `done` of its (account, region) jobs finished. */
export function scanProgressMessage(meta: ScanMeta, done: number): SlackContent {
  return progressMessage(meta, done);
}

/** In place of the progress message of a scan whose accounts could not be resolved. */
export function scanStartFailedText(scanId: string, reason: string): string {
  return `:warning: Scan \`${scanId}\` could not start: ${reason}.`;
}

/**
 * The summary of a finished scan (the posture of its own results), with a warning for the (account,
 * region) jobs and the bucket jobs that failed every retry: what they stand for was not checked.
 */
export function scanFinishedMessage(
  posture: Parameters<typeof postureMessage>[0],
  notChecked: { scanId: string; targets: readonly { accountId: string; region: string }[]; shards: readonly Pick<FailedShard, 'accountId' | 'buckets'>[] },
): SlackContent {
  const message = postureMessage(posture);
  const { scanId, targets, shards } = notChecked;
  if (targets.length > 0) {
    const names = targets.map((t) => `${t.accountId}/${t.region}`);
    const listed = names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', ');
    message.blocks?.splice(2, 0, {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:warning: ${targets.length} account-region(s) could not be scanned after retries and were *not checked*: ${listed}. Their checks count against the score as "could not check"; no earlier result stands for them. See the bot's logs for scan \`${scanId}\`.`.slice(0, 3000),
      },
    });
  }
  if (shards.length > 0) {
    const buckets = shards.reduce((n, s) => n + s.buckets, 0);
    const accounts = [...new Set(shards.map((s) => s.accountId))].join(', ');
    message.blocks?.splice(2, 0, {
      type: 'section',
      text: { type: 'mrkdwn', text: `:warning: ${shards.length} bucket job(s) of account(s) ${accounts} failed after retries: their ${buckets} bucket(s) were *not checked* and count against the score as "could not check".`.slice(0, 3000) },
    });
  }
  return message;
}
