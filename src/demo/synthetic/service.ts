import type { CommandTable, SyntheticAccount } from '../synthetic-aws.js';

/**
 * What a synthetic service is given: where to register its handlers and the account's shape. Each AWS
 * service the collectors read that is not in `synthetic-aws.ts` itself has a file of its own in this
 * folder and one line in `index.ts`.
 */
export interface SyntheticServiceContext {
  /** Registers handlers for one client class (`mock(Client).on(Command).callsFake(fn)`). */
  mock: (Client: unknown) => CommandTable;
  /** Counts one request, by `service:Action` (the IAM action it needs). */
  count: (name: string) => void;
  accountId: string;
  shape: SyntheticAccount;
  /** Items per page of every paginated list. */
  pageSize: number;
  /** `shape.misconfigured`: answer with a realistic mix of misconfigurations. */
  misconfigured: boolean;
  /** An ISO date `d` days before the account was defined. */
  daysAgo: (d: number) => string;
}

/** Registers one AWS service's read handlers on the synthetic account. */
export type SyntheticService = (ctx: SyntheticServiceContext) => void;

/** One page of `items` for a numeric `token` (the offset), and the next token (`undefined` on the last page). */
export function page<T>(items: readonly T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
}
