import type { IAMClient } from '@aws-sdk/client-iam';
import type { Redis } from 'ioredis';
import { isPermanentAwsError } from '../aws/errors.js';
import type { Keys } from '../redis/keys.js';
import { Lease } from '../redis/lease.js';

/**
 * STS sessions cannot be revoked, only denied. A revocation puts a statement on the role's inline policy
 * {@link REVOCATION_POLICY_NAME} that denies everything to sessions whose `aws:SourceIdentity` is the
 * user, whose `request_id` session tag (`aws:PrincipalTag/request_id`, set by the bot on every session
 * it mints) is one of the revoked grants, and whose `aws:TokenIssueTime` is before the revocation plus
 * a clock-skew margin (see {@link revocationCutoff}). Sessions of any other grant (a new one after the
 * revocation) are not affected, whatever their issue time. Once every session issued before that time
 * has expired, the statement is removed again.
 *
 * The write happens in the role's own account, through that account's revoker role, and is checked
 * twice against IAM: the role the revoker can see under that name must have exactly the grant's ARN
 * (GetRole), and the statement must read back from the role (GetRolePolicy) before anyone is told the
 * sessions are denied.
 *
 * The policy holds one statement per user (Sid derived from the SourceIdentity); a later revocation of
 * the same user moves the time forward, which also covers the earlier one. Statements that are not ours
 * are kept as they are. Read-modify-write of the policy is serialised per role with a Redis lock, so
 * concurrent revocations on one role keep each other's statements.
 */
export const REVOCATION_POLICY_NAME = 'gdpr-bot-jit-revocations';

/** IAM's limit on the aggregate size of a role's inline policies (characters, whitespace not counted). */
export const ROLE_INLINE_POLICY_LIMIT = 10_240;

/** One IAM policy statement (only what this module needs to know of it). */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
  [other: string]: unknown;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

const SID_PREFIX = 'GdprBotJitRevoke';

/** The Sid of a user's revocation statement (IAM Sids are alphanumeric). */
export function revocationSid(sourceIdentity: string): string {
  return SID_PREFIX + sourceIdentity.replace(/[^A-Za-z0-9]/g, '');
}

/** The session tag that names the grant a session was minted for (see src/access/sts.ts). */
export const GRANT_TAG_KEY = 'aws:PrincipalTag/request_id';

/**
 * The time the deny reaches up to: the revocation instant plus `marginMs`. The safe direction is later:
 * AWS stamps `aws:TokenIssueTime` with its own clock, which may run ahead of the bot's, and a session
 * being minted while the revocation is clicked gets a time just after it. Covering them costs nothing,
 * because the statement names the revoked grants: a new grant's sessions carry another `request_id`.
 */
export function revocationCutoff(revokedAt: number, marginMs: number): Date {
  return new Date(revokedAt + marginMs);
}

/**
 * The statement denying everything to `sourceIdentity`'s sessions issued before `issuedBefore`, for the
 * grants `grantIds` (without grant ids: every session of the user, the form older versions wrote).
 */
export function revocationStatement(sourceIdentity: string, issuedBefore: Date, grantIds: readonly string[] = []): PolicyStatement {
  return {
    Sid: revocationSid(sourceIdentity),
    Effect: 'Deny',
    Action: '*',
    Resource: '*',
    Condition: {
      DateLessThan: { 'aws:TokenIssueTime': issuedBefore.toISOString() },
      StringEquals: {
        'aws:SourceIdentity': sourceIdentity,
        ...(grantIds.length > 0 ? { [GRANT_TAG_KEY]: grantIds.length === 1 ? grantIds[0]! : [...grantIds].sort() } : {}),
      },
    },
  };
}

/** The grants a statement is narrowed to; undefined when it covers every session of the user. */
function statementGrants(statement: PolicyStatement): string[] | undefined {
  const value = statement.Condition?.StringEquals?.[GRANT_TAG_KEY];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

function statementTime(statement: PolicyStatement): number | undefined {
  const value = statement.Condition?.DateLessThan?.['aws:TokenIssueTime'];
  return typeof value === 'string' ? Date.parse(value) : undefined;
}

/** Statements as a list (IAM also accepts a single object). */
function statements(doc: PolicyDocument | undefined): PolicyStatement[] {
  if (!doc) return [];
  const s = doc.Statement as PolicyStatement[] | PolicyStatement | undefined;
  return Array.isArray(s) ? s : s ? [s] : [];
}

/**
 * Adds `statement` to `doc`, one statement per user covering the union of what both cover: the later of
 * the two times, and every grant of either (a statement without grants, which covers all the user's
 * sessions, stays so). Every other statement is left as it was.
 */
export function mergeRevocation(doc: PolicyDocument | undefined, statement: PolicyStatement): PolicyDocument {
  const others = statements(doc).filter((s) => s.Sid !== statement.Sid);
  const existing = statements(doc).find((s) => s.Sid === statement.Sid);
  let keep = statement;
  if (existing) {
    const time = Math.max(statementTime(existing) ?? 0, statementTime(statement) ?? 0);
    const a = statementGrants(existing);
    const b = statementGrants(statement);
    const grants = a && b ? [...new Set([...a, ...b])] : [];
    const identity = statement.Condition?.StringEquals?.['aws:SourceIdentity'];
    keep = revocationStatement(typeof identity === 'string' ? identity : '', new Date(time), grants);
  }
  return { Version: doc?.Version ?? '2012-10-17', Statement: [...others, keep] };
}

/** Whether `doc` denies `sourceIdentity`'s sessions of `grantId` issued before `issuedBefore`. */
export function deniesGrant(doc: PolicyDocument | undefined, sourceIdentity: string, grantId: string, issuedBefore: Date): boolean {
  return statements(doc).some((s) => {
    if (s.Sid !== revocationSid(sourceIdentity) || s.Effect !== 'Deny') return false;
    const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
    const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
    const grants = statementGrants(s);
    return (
      actions.includes('*') &&
      resources.includes('*') &&
      s.Condition?.StringEquals?.['aws:SourceIdentity'] === sourceIdentity &&
      (grants === undefined || grants.includes(grantId)) &&
      (statementTime(s) ?? 0) >= issuedBefore.getTime() &&
      Object.keys(s.Condition ?? {}).every((op) => op === 'DateLessThan' || op === 'StringEquals')
    );
  });
}

/**
 * Removes the user's statement if it is the one written for `issuedBefore` (or older). A newer statement
 * belongs to a later revocation and stays until its own cleanup. Returns undefined when nothing is left.
 */
export function removeRevocation(doc: PolicyDocument | undefined, sourceIdentity: string, issuedBefore: Date): PolicyDocument | undefined {
  const sid = revocationSid(sourceIdentity);
  const rest = statements(doc).filter((s) => !(s.Sid === sid && (statementTime(s) ?? 0) <= issuedBefore.getTime()));
  return rest.length === 0 ? undefined : { Version: doc?.Version ?? '2012-10-17', Statement: rest };
}

/** A policy's size as IAM counts it: its JSON without whitespace. */
export function policySize(doc: PolicyDocument): number {
  return JSON.stringify(doc).length;
}

/** The revocation policy would not fit on the role. */
export class PolicyTooLargeError extends Error {
  constructor(roleName: string, size: number) {
    super(`the revocation policy on role ${roleName} would be ${size} characters, over IAM's ${ROLE_INLINE_POLICY_LIMIT}`);
    this.name = 'PolicyTooLargeError';
  }
}

/** The role IAM answers for the name is not the grant's role (another account, or a same-named role). */
export class RevocationTargetMismatchError extends Error {
  constructor(expected: string, found: string | undefined) {
    super(`the revoker sees ${found ? `role ${found}` : 'no such role'} where the grant's role is ${expected}; nothing was written`);
    this.name = 'RevocationTargetMismatchError';
  }
}

/** The deny was written but IAM does not show it (yet). Retried. */
export class RevocationNotConfirmedError extends Error {
  constructor(roleArn: string) {
    super(`the deny statement does not read back from ${roleArn}`);
    this.name = 'RevocationNotConfirmedError';
  }
}

/**
 * Errors that retrying will not cure: IAM refusing the call (AccessDenied, an SCP), the role's inline
 * policies over their size limit (LimitExceeded), the role gone, a malformed document (the AWS codes are
 * sorted by `isPermanentAwsError` of src/aws/errors.ts), the policy too large, the wrong role.
 */
export function isPermanentRevocationError(error: unknown): boolean {
  return error instanceof PolicyTooLargeError || error instanceof RevocationTargetMismatchError || isPermanentAwsError(error);
}

/** `arn:aws:iam::123:role/path/name` → `name` (IAM calls take the name without its path). */
export function roleNameFromArn(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.split('/').pop() ?? resource;
}

/**
 * Runs `fn` holding a Redis lock named after the role (SET NX PX with a random token; released only by
 * its holder). Waits up to `waitMs` for the lock, then throws so the job retries.
 */
export async function withRoleLock<T>(
  redis: Redis,
  keys: Keys,
  roleName: string,
  fn: () => Promise<T>,
  options: { ttlMs?: number; waitMs?: number } = {},
): Promise<T> {
  const key = keys.key('access', 'role-lock', roleName);
  const deadline = Date.now() + (options.waitMs ?? 20_000);
  let lease: Lease | undefined;
  for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
    lease = await Lease.acquire(redis, key, options.ttlMs ?? 60_000);
    if (lease) break;
    if (Date.now() > deadline) throw new Error(`role ${roleName} is locked by another revocation; will retry`);
    await new Promise((r) => setTimeout(r, delay + Math.floor(Math.random() * delay)));
  }
  try {
    return await fn();
  } finally {
    await lease.release();
  }
}

function isNoSuchEntity(error: unknown): boolean {
  return (error as { name?: string }).name === 'NoSuchEntityException' || (error as { name?: string }).name === 'NoSuchEntity';
}

async function readPolicy(iam: IAMClient, roleName: string): Promise<PolicyDocument | undefined> {
  const { GetRolePolicyCommand } = await import('@aws-sdk/client-iam');
  try {
    const out = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: REVOCATION_POLICY_NAME }));
    if (!out.PolicyDocument) return undefined;
    // IAM returns the document URL-encoded.
    return JSON.parse(decodeURIComponent(out.PolicyDocument)) as PolicyDocument;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

export interface RevocationTarget {
  /** IAM client of the role's own account (its revoker's credentials). */
  iam: IAMClient;
  redis: Redis;
  keys: Keys;
  roleArn: string;
  sourceIdentity: string;
  /** The grant whose sessions are denied; absent for cleanup of statements without grants. */
  grantId?: string;
}

/** What a revocation wrote, as read back from IAM. */
export interface AppliedRevocation {
  policy: PolicyDocument;
  /** The ARN IAM gave for the role written to (equal to the grant's). */
  verifiedArn: string;
}

/**
 * Checks that the role IAM shows the revoker under the grant's role name is the grant's role (GetRole:
 * its Arn must equal the grant's ARN, path and account included). Throws
 * {@link RevocationTargetMismatchError} otherwise, before anything is written.
 */
export async function verifyTargetRole(iam: IAMClient, roleArn: string): Promise<string> {
  const { GetRoleCommand } = await import('@aws-sdk/client-iam');
  let found: string | undefined;
  try {
    found = (await iam.send(new GetRoleCommand({ RoleName: roleNameFromArn(roleArn) }))).Role?.Arn;
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
  }
  if (found !== roleArn) throw new RevocationTargetMismatchError(roleArn, found);
  return found;
}

/**
 * Puts (or widens) the deny statement for the grant's sessions on the role, in the role's own account:
 * checks the role is the grant's, writes, then reads the policy back until it shows the deny (up to
 * `readBackAttempts`, `readBackDelayMs` apart; IAM is eventually consistent). Throws
 * {@link RevocationNotConfirmedError} when it never shows.
 */
export async function applyRevocation(
  target: RevocationTarget,
  issuedBefore: Date,
  options: { readBackAttempts?: number; readBackDelayMs?: number } = {},
): Promise<AppliedRevocation> {
  const { PutRolePolicyCommand } = await import('@aws-sdk/client-iam');
  const roleName = roleNameFromArn(target.roleArn);
  const verifiedArn = await verifyTargetRole(target.iam, target.roleArn);
  const grants = target.grantId ? [target.grantId] : [];
  return withRoleLock(target.redis, target.keys, target.roleArn, async () => {
    const merged = mergeRevocation(await readPolicy(target.iam, roleName), revocationStatement(target.sourceIdentity, issuedBefore, grants));
    const size = policySize(merged);
    if (size > ROLE_INLINE_POLICY_LIMIT) throw new PolicyTooLargeError(roleName, size);
    await target.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: REVOCATION_POLICY_NAME, PolicyDocument: JSON.stringify(merged) }));
    const attempts = options.readBackAttempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      const read = await readPolicy(target.iam, roleName);
      const ok = target.grantId
        ? deniesGrant(read, target.sourceIdentity, target.grantId, issuedBefore)
        : statements(read).some((s) => s.Sid === revocationSid(target.sourceIdentity) && (statementTime(s) ?? 0) >= issuedBefore.getTime());
      if (ok) return { policy: read!, verifiedArn };
      if (attempt >= attempts) throw new RevocationNotConfirmedError(target.roleArn);
      await new Promise((r) => setTimeout(r, options.readBackDelayMs ?? 1000));
    }
  });
}

/** Removes the statement written for `issuedBefore`; deletes the policy when it is empty. */
export async function cleanupRevocation(target: RevocationTarget, issuedBefore: Date): Promise<'removed' | 'kept-newer' | 'absent'> {
  const { DeleteRolePolicyCommand, PutRolePolicyCommand } = await import('@aws-sdk/client-iam');
  const roleName = roleNameFromArn(target.roleArn);
  await verifyTargetRole(target.iam, target.roleArn);
  return withRoleLock(target.redis, target.keys, target.roleArn, async () => {
    const current = await readPolicy(target.iam, roleName);
    const sid = revocationSid(target.sourceIdentity);
    if (!statements(current).some((s) => s.Sid === sid)) return 'absent';
    const rest = removeRevocation(current, target.sourceIdentity, issuedBefore);
    if (rest && statements(rest).length === statements(current).length) return 'kept-newer';
    if (rest) {
      await target.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: REVOCATION_POLICY_NAME, PolicyDocument: JSON.stringify(rest) }));
    } else {
      await target.iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: REVOCATION_POLICY_NAME })).catch((error: unknown) => {
        if (!isNoSuchEntity(error)) throw error;
      });
    }
    return 'removed';
  });
}
