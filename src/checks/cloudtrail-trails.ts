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
  return ct.unreadRegions.map((u) =>
    errorWith(trailRegionResource(s, u.region), `Could not list the CloudTrail trails of ${u.region} in account ${s.accountId}`, u.error),
  );
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
  if (trails.length === 0 && regions.length === 0)
    return [{ status: CheckStatus.NotApplicable, resource, message: `Account ${s.accountId} has no CloudTrail trails.` }];
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

function onlyEquals(f: {
  equals?: string[];
  notEquals?: string[];
  startsWith?: string[];
  notStartsWith?: string[];
  endsWith?: string[];
  notEndsWith?: string[];
}): boolean {
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
    if (t.status.value.latestDeliveryError)
      reasons.push(`trail ${t.name} fails to deliver its logs (LatestDeliveryError ${t.status.value.latestDeliveryError})`);
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

/** Which S3 object-level (data) events a trail's event selectors log for every bucket of the account. */
export interface S3DataCoverage {
  read: boolean;
  write: boolean;
  /** Buckets (or prefixes) data events are logged for when not for every bucket: what the selectors name. */
  partial: string[];
}

/** The advanced selector fields that narrow S3 data events to some buckets, objects or calls. */
const S3_ALL = new Set(['arn:aws:s3', 'arn:aws:s3:::']);

/**
 * Adds up the S3 data events logged for all buckets by classic selectors (`DataResources` of type
 * `AWS::S3::Object` with the value `arn:aws:s3` or `arn:aws:s3:::`, `ReadWriteType`) or advanced selectors
 * (`eventCategory` = `Data`, `resources.type` = `AWS::S3::Object`, optional `readOnly`, and no other
 * condition: one on `resources.ARN`, `eventName` or anything else narrows the selector and it counts
 * only as partial).
 */
export function s3DataCoverage(selectors: TrailSelectors): S3DataCoverage {
  const out: S3DataCoverage = { read: false, write: false, partial: [] };
  for (const c of selectors.classic) {
    for (const d of c.dataResources ?? []) {
      if (d.type !== 'AWS::S3::Object') continue;
      const type = c.readWriteType;
      if (d.values.some((v) => S3_ALL.has(v))) {
        out.read ||= type === 'All' || type === 'ReadOnly';
        out.write ||= type === 'All' || type === 'WriteOnly';
      } else out.partial.push(...d.values);
    }
  }
  for (const a of selectors.advanced) {
    const category = a.fieldSelectors.filter((f) => f.field === 'eventCategory');
    if (category.length === 0 || !category.every((f) => onlyEquals(f) && f.equals!.includes('Data'))) continue;
    const types = a.fieldSelectors.filter((f) => f.field === 'resources.type');
    if (types.length === 0 || !types.every((f) => onlyEquals(f) && f.equals!.includes('AWS::S3::Object'))) continue;
    const others = a.fieldSelectors.filter((f) => !['eventCategory', 'resources.type', 'readOnly'].includes(f.field));
    if (others.length > 0) {
      out.partial.push(...others.map((f) => `${a.name ?? 'advanced selector'} (${f.field} condition)`));
      continue;
    }
    let read = true;
    let write = true;
    for (const f of a.fieldSelectors.filter((x) => x.field === 'readOnly')) {
      if (!onlyEquals(f)) {
        read = false;
        write = false;
      }
      const values = (f.equals ?? []).map((v) => v.toLowerCase());
      read &&= values.includes('true');
      write &&= values.includes('false');
    }
    out.read ||= read;
    out.write ||= write;
  }
  return out;
}

/** Why a trail does not deliver what it records (multi-region, logging, no S3 delivery error), `undefined` if it does; `error` when its status is unread. */
export function deliveringMultiRegionProblem(t: Trail): { kind: 'fail' | 'error'; reason: string } | undefined {
  if (!t.multiRegion) return { kind: 'fail', reason: `trail ${t.name} is a single-region trail (${t.homeRegion} only)` };
  if (t.homeUnread)
    return {
      kind: 'error',
      reason: `trail ${t.name} was not read in its home region ${t.homeRegion}: ${describeCallError(t.homeUnread)} (${t.homeUnread.message})`,
    };
  if (!t.status.ok) return { kind: 'error', reason: `the status of trail ${t.name}: ${describeCallError(t.status.error)} (${t.status.error.message})` };
  if (!t.status.value.isLogging) return { kind: 'fail', reason: `trail ${t.name} is not logging` };
  if (t.status.value.latestDeliveryError)
    return { kind: 'fail', reason: `trail ${t.name} fails to deliver its logs (LatestDeliveryError ${t.status.value.latestDeliveryError})` };
  return undefined;
}

/**
 * The judgement of `cloudtrail_s3_dataevents_read_enabled` / `_write_enabled`: some multi-region trail
 * that is logging and delivering logs `kind` S3 data events for every bucket. One finding for the account.
 */
export function s3DataEventFindings(s: Snapshot, ct: CloudTrailData, trails: Trail[], kind: 'read' | 'write', resource: string): Finding[] {
  const what = kind === 'read' ? 'read (GetObject, …)' : 'write (PutObject, DeleteObject, …)';
  const failures: string[] = [];
  const unknown: string[] = [];
  for (const t of trails) {
    const problem = deliveringMultiRegionProblem(t);
    if (!t.selectors.ok) {
      unknown.push(`the event selectors of trail ${t.name}: ${describeCallError(t.selectors.error)} (${t.selectors.error.message})`);
      continue;
    }
    const c = s3DataCoverage(t.selectors.value);
    if (!c[kind]) {
      failures.push(
        c.partial.length > 0
          ? `trail ${t.name} logs S3 data events only for ${c.partial.slice(0, 5).join(', ')}${c.partial.length > 5 ? ', …' : ''}`
          : `trail ${t.name} logs no S3 ${kind} data events for all buckets`,
      );
      continue;
    }
    if (problem?.kind === 'fail') failures.push(`trail ${t.name} selects S3 ${kind} data events but ${problem.reason}`);
    else if (problem?.kind === 'error') unknown.push(problem.reason);
    else {
      const whose = t.ownerAccountId !== s.accountId ? ` (organisation trail of account ${t.ownerAccountId})` : '';
      return [
        {
          status: CheckStatus.Pass,
          resource,
          message: `Trail ${t.name}${whose} logs S3 ${what} data events of every bucket of account ${s.accountId}, in every region.`,
        },
      ];
    }
  }
  unknown.push(...ct.unreadRegions.map((u) => `the trails of ${u.region}: ${describeCallError(u.error)} (${u.error.message})`));
  if (unknown.length > 0) {
    const known = failures.length > 0 ? ` Known failures: ${failures.join('; ')}.` : '';
    return [
      {
        status: CheckStatus.Error,
        resource,
        message: `Could not confirm that account ${s.accountId} logs S3 ${kind} data events; could not read ${unknown.join('; ')}.${known}`,
      },
    ];
  }
  if (trails.length === 0)
    return [{ status: CheckStatus.Fail, resource, message: `Account ${s.accountId} has no CloudTrail trail, so no S3 ${kind} data events are logged.` }];
  return [
    { status: CheckStatus.Fail, resource, message: `Account ${s.accountId} does not log S3 ${what} data events for every bucket: ${failures.join('; ')}.` },
  ];
}
