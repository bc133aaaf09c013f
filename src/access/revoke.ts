import { randomUUID } from 'node:crypto';
import { DeleteRolePolicyCommand, GetRolePolicyCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';

/**
 * STS sessions cannot be revoked, only denied. A revocation puts a statement on the role's inline policy
 * {@link REVOCATION_POLICY_NAME} that denies everything to sessions whose `aws:SourceIdentity` is the
 * user and whose `aws:TokenIssueTime` is before the revocation. Sessions issued later (a new grant) are
 * not affected. Once every session issued before that time has expired, the statement is removed again.
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

/** The statement denying everything to `sourceIdentity`'s sessions issued before `issuedBefore`. */
export function revocationStatement(sourceIdentity: string, issuedBefore: Date): PolicyStatement {
  return {
    Sid: revocationSid(sourceIdentity),
    Effect: 'Deny',
    Action: '*',
    Resource: '*',
    Condition: {
      DateLessThan: { 'aws:TokenIssueTime': issuedBefore.toISOString() },
      StringEquals: { 'aws:SourceIdentity': sourceIdentity },
    },
  };
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
 * Adds `statement` to `doc`: replaces the user's earlier statement when it is older (a later time covers
 * more), keeps a newer one, and leaves every other statement as it was.
 */
export function mergeRevocation(doc: PolicyDocument | undefined, statement: PolicyStatement): PolicyDocument {
  const others = statements(doc).filter((s) => s.Sid !== statement.Sid);
  const existing = statements(doc).find((s) => s.Sid === statement.Sid);
  const keep = existing && (statementTime(existing) ?? 0) > (statementTime(statement) ?? 0) ? existing : statement;
  return { Version: doc?.Version ?? '2012-10-17', Statement: [...others, keep] };
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

/** `arn:aws:iam::123:role/path/name` → `name` (IAM calls take the name without its path). */
export function roleNameFromArn(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.split('/').pop() ?? resource;
}

const UNLOCK_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

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
  const token = randomUUID();
  const deadline = Date.now() + (options.waitMs ?? 20_000);
  for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
    if ((await redis.set(key, token, 'PX', options.ttlMs ?? 60_000, 'NX')) === 'OK') break;
    if (Date.now() > deadline) throw new Error(`role ${roleName} is locked by another revocation; will retry`);
    await new Promise((r) => setTimeout(r, delay + Math.floor(Math.random() * delay)));
  }
  try {
    return await fn();
  } finally {
    await redis.eval(UNLOCK_SCRIPT, 1, key, token);
  }
}

function isNoSuchEntity(error: unknown): boolean {
  return (error as { name?: string }).name === 'NoSuchEntityException' || (error as { name?: string }).name === 'NoSuchEntity';
}

async function readPolicy(iam: IAMClient, roleName: string): Promise<PolicyDocument | undefined> {
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
  iam: IAMClient;
  redis: Redis;
  keys: Keys;
  roleArn: string;
  sourceIdentity: string;
}

/** Puts (or moves forward) the deny statement for `sourceIdentity` on the role. Returns the policy written. */
export async function applyRevocation(target: RevocationTarget, issuedBefore: Date): Promise<PolicyDocument> {
  const roleName = roleNameFromArn(target.roleArn);
  return withRoleLock(target.redis, target.keys, roleName, async () => {
    const merged = mergeRevocation(await readPolicy(target.iam, roleName), revocationStatement(target.sourceIdentity, issuedBefore));
    const size = policySize(merged);
    if (size > ROLE_INLINE_POLICY_LIMIT) throw new PolicyTooLargeError(roleName, size);
    await target.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: REVOCATION_POLICY_NAME, PolicyDocument: JSON.stringify(merged) }));
    return merged;
  });
}

/** Removes the statement written for `issuedBefore`; deletes the policy when it is empty. */
export async function cleanupRevocation(target: RevocationTarget, issuedBefore: Date): Promise<'removed' | 'kept-newer' | 'absent'> {
  const roleName = roleNameFromArn(target.roleArn);
  return withRoleLock(target.redis, target.keys, roleName, async () => {
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
