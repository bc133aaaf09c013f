import { describeCallError, type CallError } from '../aws/collectors/context.js';
import type { CloudTrailData, Trail, TrailSelectors } from '../aws/collectors/cloudtrail.js';
import type { Snapshot } from '../aws/snapshot.js';
import { CheckStatus, type Finding } from './types.js';

/** How long CloudWatch Logs may go without a delivery from a trail before the delivery counts as broken. */
export const CLOUDWATCH_DELIVERY_MAX_AGE_MS = 24 * 3_600_000;

/** A finding with status `error` and a message of our own that names the failed call. */
export function errorWith(resource: string, what: string, error: CallError): Finding {
  return { status: CheckStatus.Error, resource, message: `${what}: ${describeCallError(error)} (${error.message}).` };
}

/** The resource a region of the account stands for when its trails could not be listed. */
export function trailRegionResource(s: Snapshot, region: string): string {
  return `arn:aws:cloudtrail:${region}:${s.accountId}:trail/*`;
}

/**
 * One `error` finding per region whose DescribeTrails failed: a trail living there is unseen, so a check
 * over every trail cannot say they all comply.
 */
export function unreadRegionFindings(s: Snapshot, ct: CloudTrailData): Finding[] {
  return ct.unreadRegions.map((u) => errorWith(trailRegionResource(s, u.region), `Could not list the CloudTrail trails of ${u.region} in account ${s.accountId}`, u.error));
}

/** `error` for a trail known only from a shadow copy (its home region could not be read); `undefined` otherwise. */
export function homeUnreadFinding(t: Trail): Finding | undefined {
  return t.homeUnread
    ? errorWith(t.arn, `Could not read trail ${t.name} in its home region ${t.homeRegion} (only a shadow copy was seen)`, t.homeUnread)
    : undefined;
}

/**
 * Runs `judge` on every trail once, with an `error` for trails known only from a shadow copy and one for
 * every region that could not be listed. No trail and no unread region: not applicable.
 */
export function everyTrail(s: Snapshot, ct: CloudTrailData, trails: Trail[], resource: string, judge: (t: Trail) => Finding): Finding[] {
  const regions = unreadRegionFindings(s, ct);
  if (trails.length === 0 && regions.length === 0) return [{ status: CheckStatus.NotApplicable, resource, message: `Account ${s.accountId} has no CloudTrail trails.` }];
  return [...trails.map((t) => homeUnreadFinding(t) ?? judge(t)), ...regions];
}

/** Which management events a trail's event selectors log. */
export interface ManagementCoverage {
  read: boolean;
  write: boolean;
  /** Event sources excluded from the management events that are logged (`kms.amazonaws.com`, …). */
  excluded: string[];
}

/** The fields an advanced selector for management events may carry on a trail, besides `eventCategory`. */
const ADVANCED_MANAGEMENT_FIELDS = new Set(['eventCategory', 'readOnly', 'eventSource']);

/**
 * Adds up the management events logged by classic (`IncludeManagementEvents` + `ReadWriteType`) or
 * advanced (`eventCategory` = `Management`, optional `readOnly`, `eventSource` NotEquals exclusions)
 * event selectors. A selector with a condition that narrows management events in any other way counts
 * for nothing (it does not log all of them).
 */
export function managementCoverage(selectors: TrailSelectors): ManagementCoverage {
  const out: ManagementCoverage = { read: false, write: false, excluded: [] };
  const add = (read: boolean, write: boolean, excluded: string[]) => {
    out.read ||= read;
    out.write ||= write;
    for (const e of excluded) if (!out.excluded.includes(e)) out.excluded.push(e);
  };
  for (const c of selectors.classic) {
    if (!c.includeManagementEvents) continue;
    const type = c.readWriteType;
    add(type === 'All' || type === 'ReadOnly', type === 'All' || type === 'WriteOnly', c.excludeManagementEventSources);
  }
  for (const a of selectors.advanced) {
    const category = a.fieldSelectors.filter((f) => f.field === 'eventCategory');
    if (category.length === 0 || !category.every((f) => onlyEquals(f) && f.equals!.includes('Management'))) continue;
    if (a.fieldSelectors.some((f) => !ADVANCED_MANAGEMENT_FIELDS.has(f.field))) continue;
    let read = true;
    let write = true;
    const excluded: string[] = [];
    let narrowed = false;
    for (const f of a.fieldSelectors) {
      if (f.field === 'readOnly') {
        if (!onlyEquals(f)) narrowed = true;
        const values = (f.equals ?? []).map((v) => v.toLowerCase());
        read &&= values.includes('true');
        write &&= values.includes('false');
      } else if (f.field === 'eventSource') {
        // Trails accept only NotEquals exclusions here; anything else would narrow to some sources.
        if (f.notEquals && !f.equals && !f.startsWith && !f.endsWith && !f.notStartsWith && !f.notEndsWith) excluded.push(...f.notEquals);
        else narrowed = true;
      }
    }
    if (!narrowed) add(read, write, excluded);
  }
  return out;
}

function onlyEquals(f: { equals?: string[]; notEquals?: string[]; startsWith?: string[]; notStartsWith?: string[]; endsWith?: string[]; notEndsWith?: string[] }): boolean {
  return Boolean(f.equals?.length) && !f.notEquals && !f.startsWith && !f.notStartsWith && !f.endsWith && !f.notEndsWith;
}

/** What a KMS key state means for encryption: `undefined` when the key works, otherwise why not. */
export function keyStateProblem(state: string, deletionDate?: string): string | undefined {
  if (state === 'Enabled') return undefined;
  if (state === 'PendingDeletion') return `is pending deletion${deletionDate ? ` (deleted on ${deletionDate.slice(0, 10)})` : ''}`;
  return `is ${state}`;
}

/** The outcome of judging one multi-region trail for `cloudtrail_multi_region_logging`. */
export type TrailVerdict = { kind: 'pass'; note: string } | { kind: 'fail'; reasons: string[] } | { kind: 'error'; errors: string[] };

/**
 * Judges a multi-region trail: logging, no S3 delivery error, management events read and write, and a
 * KMS key (if any) that works. Any known failure fails it; otherwise anything unread makes it `error`.
 */
export function judgeMultiRegionTrail(t: Trail): TrailVerdict {
  const reasons: string[] = [];
  const errors: string[] = [];
  const unread = (what: string, e: CallError) => errors.push(`${what} of trail ${t.name}: ${describeCallError(e)} (${e.message})`);
  if (t.homeUnread) unread(`the home-region description (${t.homeRegion})`, t.homeUnread);
  if (!t.status.ok) unread('the status', t.status.error);
  else {
    if (!t.status.value.isLogging) reasons.push(`trail ${t.name} is not logging`);
    if (t.status.value.latestDeliveryError) reasons.push(`trail ${t.name} fails to deliver its logs (LatestDeliveryError ${t.status.value.latestDeliveryError})`);
  }
  let note = '';
  if (!t.selectors.ok) unread('the event selectors', t.selectors.error);
  else {
    const c = managementCoverage(t.selectors.value);
    if (!c.read || !c.write) {
      const missing = !c.read && !c.write ? 'management events' : !c.read ? 'read management events' : 'write management events';
      reasons.push(`trail ${t.name} does not log ${missing}`);
    }
    if (c.excluded.length > 0) note = ` (management events from ${c.excluded.join(', ')} are excluded by its event selectors)`;
  }
  if (t.kmsKeyId) {
    if (!t.kmsKey) errors.push(`the KMS key ${t.kmsKeyId} of trail ${t.name} was not read`);
    else if (!t.kmsKey.ok) unread(`the KMS key ${t.kmsKeyId}`, t.kmsKey.error);
    else {
      const problem = keyStateProblem(t.kmsKey.value.state, t.kmsKey.value.deletionDate);
      if (problem) reasons.push(`the KMS key ${t.kmsKeyId} of trail ${t.name} ${problem}, so CloudTrail cannot encrypt and deliver its logs`);
    }
  }
  if (reasons.length > 0) return { kind: 'fail', reasons };
  if (errors.length > 0) return { kind: 'error', errors };
  return { kind: 'pass', note };
}
