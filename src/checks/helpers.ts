import { describeCallError, type CallError, type Read } from '../aws/collectors/context.js';
import type { CollectorData, CollectorId } from '../aws/collectors/index.js';
import type { Snapshot } from '../aws/snapshot.js';
import { CheckStatus, type Finding } from './types.js';

const DAY_MS = 86_400_000;

/** The account as a resource: its root ARN. */
export function accountResource(s: Snapshot): string {
  return `arn:aws:iam::${s.accountId}:root`;
}

/** The (account, region) pair as a resource, for regional settings. */
export function regionResource(s: Snapshot): string {
  return `${s.accountId}/${s.region}`;
}

export function pass(resource: string, message: string): Finding {
  return { status: CheckStatus.Pass, resource, message };
}
export function fail(resource: string, message: string): Finding {
  return { status: CheckStatus.Fail, resource, message };
}
export function notApplicable(resource: string, message: string): Finding {
  return { status: CheckStatus.NotApplicable, resource, message };
}
export function errorFinding(resource: string, error: CallError): Finding {
  return { status: CheckStatus.Error, resource, message: `Could not check ${resource}: ${describeCallError(error)} (${error.message}).` };
}

/**
 * Runs `fn` on a collector's data; when the collector did not run or failed, the check yields one
 * `error` finding for `resource` with the reason. Never a pass.
 */
export function withData<K extends CollectorId>(s: Snapshot, id: K, resource: string, fn: (data: CollectorData[K]) => Finding[]): Finding[] {
  const data = s.data[id] as CollectorData[K] | undefined;
  if (data !== undefined) return fn(data);
  const error = s.errors[id];
  if (error) return [errorFinding(resource, error)];
  return [{ status: CheckStatus.Error, resource, message: `Could not check ${resource}: the ${id} data was not collected.` }];
}

/** Runs `fn` on a successful read, or yields an `error` finding naming the failed call. */
export function fromRead<T>(read: Read<T>, resource: string, fn: (value: T) => Finding[]): Finding[] {
  return read.ok ? fn(read.value) : [errorFinding(resource, read.error)];
}

/** Whole days from `iso` to the snapshot time; `undefined` when there is no date. */
export function daysSince(s: Snapshot, iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  return Math.floor((Date.parse(s.collectedAt) - Date.parse(iso)) / DAY_MS);
}

/** Days from the snapshot time until `iso` (negative when past). */
export function daysUntil(s: Snapshot, iso: string): number {
  return Math.floor((Date.parse(iso) - Date.parse(s.collectedAt)) / DAY_MS);
}

/** A policy statement as the checks read it. */
export interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

function list<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The statements of a policy document (tolerates a single statement object). */
export function statements(document: unknown): Statement[] {
  if (!document || typeof document !== 'object') return [];
  return list((document as { Statement?: Statement | Statement[] }).Statement);
}
