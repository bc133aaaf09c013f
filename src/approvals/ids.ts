import { randomBytes } from 'node:crypto';

/**
 * Request ids of the approval flows: a prefix and random hex, one generator and one pattern for both.
 * Each feature keeps the scheme its stored records, job ids and commands already use
 * (`REMEDIATION_IDS` in src/remediations/state.ts, `ACCESS_IDS` in src/access/request.ts).
 */
export interface IdScheme {
  prefix: string;
  /** Random bytes (twice as many hex digits). */
  bytes: number;
  /** Upper-case hex digits. */
  upper?: boolean;
}

/** A new id of `scheme`. */
export function newId(scheme: IdScheme): string {
  const hex = randomBytes(scheme.bytes).toString('hex');
  return `${scheme.prefix}${scheme.upper ? hex.toUpperCase() : hex}`;
}

/** True when `id` is an id of `scheme` (checked before a look-up: an id from a click or a command is user input). */
export function isId(scheme: IdScheme, id: string): boolean {
  const digits = scheme.upper ? '[0-9A-F]' : '[0-9a-f]';
  return new RegExp(`^${scheme.prefix.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}${digits}{${scheme.bytes * 2}}$`).test(id);
}
