import type { ScanMeta } from '../checks/store.js';
import { CheckStatus, type CheckResult } from '../checks/types.js';
import type { Config } from '../config/schema.js';
import type { SetupItem } from './types.js';

/** An error that says the bot's AWS identity lacks a permission (the scanner policy is missing a statement). */
const DENIED = /AccessDenied|not authori[sz]ed|UnauthorizedOperation|AuthorizationError/i;

function failing(results: readonly CheckResult[], checkId: string): boolean {
  return results.some((r) => r.checkId === checkId && (r.status === CheckStatus.Fail || r.status === CheckStatus.Error));
}

/**
 * The "not set up yet" checklist of the Home tab: what `gdpr-bot doctor` would point out that can be told
 * without calling Slack or AWS, from the configuration and the latest scan (a permission the scanner
 * lacks shows up there as an `AccessDenied` error). Before the first scan, the AWS items are open.
 */
export function setupChecklist(config: Config, latest: readonly CheckResult[], lastScan: ScanMeta | undefined): SetupItem[] {
  const scanned = latest.length > 0 || lastScan !== undefined;
  const denied = latest.filter((r) => r.status === CheckStatus.Error && DENIED.test(r.message)).length;
  return [
    { id: 'first-scan', title: 'A first scan', done: scanned, fix: 'Run `/gdpr scan` (scheduled scans follow `scan.schedule`).' },
    {
      id: 'scanner-permissions',
      title: 'Read access to AWS',
      done: scanned && denied === 0,
      fix: scanned
        ? `${denied} result(s) could not be read (access denied): attach the policy \`gdpr-bot policy --scanner\` prints, then \`/gdpr scan\`.`
        : "Attach the policy `gdpr-bot policy --scanner` prints to the bot's role, then scan.",
    },
    {
      id: 'approvers',
      title: 'Approvers',
      done: config.approvers.users.length + config.approvers.usergroups.length > 0,
      fix: 'Name the people who may approve fixes and access under `approvers` in the configuration file.',
    },
    {
      id: 'approvals-channel',
      title: 'Approval channel',
      done: Boolean(config.channels.approvals),
      fix: 'Set `channels.approvals` to the channel where fixes are approved.',
    },
    {
      id: 'private-channels',
      title: 'Members-only channels',
      done: config.channels.private.length > 0,
      fix: 'List members-only channels under `channels.private` so scans can post there (elsewhere they go by DM).',
    },
    {
      id: 'audit-anchor',
      title: 'Audit trail anchored outside Redis',
      done: Boolean(config.channels.audit) && Boolean(config.audit.s3Bucket),
      fix: 'Set `channels.audit` and `audit.s3Bucket` (with Object Lock) so the audit chain is anchored outside Redis.',
    },
    {
      id: 'findings',
      title: 'Findings feed',
      done: Boolean(config.findings),
      fix: 'Add a `findings` section so GuardDuty and Macie findings reach a channel.',
    },
    {
      id: 'guardduty',
      title: 'GuardDuty on',
      done: scanned && !failing(latest, 'guardduty_enabled'),
      fix: 'Turn GuardDuty on (the *Fix* button on `guardduty_enabled`).',
    },
    {
      id: 'macie',
      title: 'Macie on (where the personal data is)',
      done: scanned && !failing(latest, 'macie_enabled'),
      fix: 'Turn Macie on (the *Fix* button on `macie_enabled`); without it nobody knows which buckets hold personal data.',
    },
    {
      id: 'jit-access',
      title: 'Just-in-time access roles',
      done: config.access.roles.length > 0,
      fix: 'Add roles under `access.roles` so people ask for time-boxed access instead of keeping standing keys.',
    },
  ];
}
