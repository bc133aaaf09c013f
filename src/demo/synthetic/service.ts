/** What a handler may ask about the request it answers. */
export interface SyntheticCall {
  /** The region of the client the command was sent on. */
  region(): Promise<string>;
}

/** A handler of one command: its input in, the command's output (or a thrown AWS error) out. */
export type SyntheticHandler = (input: never, call: SyntheticCall) => unknown;

/**
 * Where a table of handlers is registered for one client class: the demo's `HandlerTable` (synthetic-aws.ts), or an
 * aws-sdk-client-mock stub in the tests (`on(Command).callsFake(fn)` in both).
 */
export interface CommandTable {
  on(command: unknown): { callsFake(fn: SyntheticHandler): unknown };
}

/** The shape of a synthetic AWS account. */
export interface SyntheticAccount {
  accountId?: string;
  buckets?: number;
  /** The buckets' names (default `bucket-00000`, … for `buckets` buckets); the last one holds the trail's logs. */
  bucketNames?: string[];
  /** How many of the first buckets are public, unencrypted and without a TLS-only policy when `misconfigured` (default 3). */
  publicBuckets?: number;
  users?: number;
  /** The IAM users' names (default `user-0000`, … for `users` users): even ones are people with a console password, odd ones machines with a key. */
  userNames?: string[];
  /** Customer-managed KMS keys per region. */
  keys?: number;
  volumes?: number;
  /** Items per page of every paginated list (small values force several pages). */
  pageSize?: number;
  /**
   * A realistic mix of misconfigurations: the first `publicBuckets` buckets public and unencrypted, every
   * 10th user without MFA, EBS default encryption off, an admin role, the region SCP attached nowhere, …
   */
  misconfigured?: boolean;
  /** When the credential report is generated, report STARTED this many times first. */
  reportPolls?: number;
  /** Opt-in regions the account has enabled (`opted-in`); the others answer `not-opted-in`. Default none. */
  optedIn?: string[];
  /** Answer the fixes' writes, STS AssumeRole and role policies, changing the state the reads answer from (the demo). */
  writable?: boolean;
}

/** An error shaped like the SDK's service exceptions (`name` is the AWS error code). */
export function awsError(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

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
