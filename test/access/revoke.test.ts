import { DeleteRolePolicyCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  applyRevocation,
  cleanupRevocation,
  deniesGrant,
  mergeRevocation,
  RevocationNotConfirmedError,
  RevocationTargetMismatchError,
  policySize,
  PolicyTooLargeError,
  removeRevocation,
  REVOCATION_POLICY_NAME,
  revocationStatement,
  roleNameFromArn,
  type PolicyDocument,
} from '../../src/access/revoke.js';
import { Keys } from '../../src/redis/keys.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const AT = new Date('2025-03-01T10:00:00.000Z');
const LATER = new Date('2025-03-01T11:00:00.000Z');
const ROLE_ARN = 'arn:aws:iam::123456789012:role/team/gdpr-jit-admin';

describe('revocation policy documents', () => {
  it('denies everything to the user’s sessions issued before the revocation (exact JSON)', () => {
    expect(JSON.stringify(mergeRevocation(undefined, revocationStatement('U0123ABCD', AT)))).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"GdprBotJitRevokeU0123ABCD","Effect":"Deny","Action":"*","Resource":"*",' +
        '"Condition":{"DateLessThan":{"aws:TokenIssueTime":"2025-03-01T10:00:00.000Z"},"StringEquals":{"aws:SourceIdentity":"U0123ABCD"}}}]}',
    );
  });

  it('keeps other statements and other users’ revocations when merging', () => {
    const foreign = { Sid: 'SomethingElse', Effect: 'Deny' as const, Action: 's3:DeleteBucket', Resource: '*' };
    const doc: PolicyDocument = { Version: '2012-10-17', Statement: [foreign, revocationStatement('UOTHER', AT)] };
    const merged = mergeRevocation(doc, revocationStatement('U0123ABCD', AT));
    expect(merged.Statement.map((s) => s.Sid)).toEqual(['SomethingElse', 'GdprBotJitRevokeUOTHER', 'GdprBotJitRevokeU0123ABCD']);
    expect(merged.Statement[0]).toEqual(foreign);
  });

  it('keeps one statement per user, with the later time', () => {
    const once = mergeRevocation(undefined, revocationStatement('U1', AT));
    const later = mergeRevocation(once, revocationStatement('U1', LATER));
    expect(later.Statement).toEqual([revocationStatement('U1', LATER)]);
    // An older revocation arriving late does not move the time back.
    expect(mergeRevocation(later, revocationStatement('U1', AT)).Statement).toEqual([revocationStatement('U1', LATER)]);
  });

  it('narrows the deny to the revoked grants, and a merge covers both (later time, union of grants)', () => {
    const one = mergeRevocation(undefined, revocationStatement('U1', AT, ['ax-00000001']));
    expect(one.Statement[0]!.Condition!.StringEquals).toEqual({ 'aws:SourceIdentity': 'U1', 'aws:PrincipalTag/request_id': 'ax-00000001' });
    const both = mergeRevocation(one, revocationStatement('U1', LATER, ['ax-00000002']));
    expect(both.Statement).toEqual([revocationStatement('U1', LATER, ['ax-00000001', 'ax-00000002'])]);
    expect(deniesGrant(both, 'U1', 'ax-00000001', AT)).toBe(true);
    expect(deniesGrant(both, 'U1', 'ax-00000002', LATER)).toBe(true);
    expect(deniesGrant(both, 'U1', 'ax-00000003', AT)).toBe(false); // a new grant is not denied
    expect(deniesGrant(both, 'U2', 'ax-00000001', AT)).toBe(false);
    // A statement of an older version (every session of the user) stays that wide.
    const legacy = mergeRevocation(mergeRevocation(undefined, revocationStatement('U1', AT)), revocationStatement('U1', LATER, ['ax-00000002']));
    expect(legacy.Statement).toEqual([revocationStatement('U1', LATER)]);
  });

  it('cleanup removes only the statement written for that time (or older)', () => {
    const doc = mergeRevocation(mergeRevocation(undefined, revocationStatement('U1', LATER)), revocationStatement('U2', AT));
    expect(removeRevocation(doc, 'U1', AT)?.Statement.map((s) => s.Sid)).toEqual(['GdprBotJitRevokeU1', 'GdprBotJitRevokeU2']);
    expect(removeRevocation(doc, 'U1', LATER)?.Statement.map((s) => s.Sid)).toEqual(['GdprBotJitRevokeU2']);
    expect(removeRevocation(removeRevocation(doc, 'U1', LATER), 'U2', AT)).toBeUndefined();
  });

  it('measures size without whitespace and reads role names from ARNs with paths', () => {
    const doc = mergeRevocation(undefined, revocationStatement('U1', AT));
    expect(policySize(doc)).toBe(JSON.stringify(doc).length);
    expect(roleNameFromArn(ROLE_ARN)).toBe('gdpr-jit-admin');
  });
});

describe('revocations on the role (IAM mocked, lock in real Redis)', () => {
  const iam = mockClient(IAMClient);
  let redis: Redis;
  let keys: Keys;
  let prefix: string;
  /** The role's inline policy as a fake IAM keeps it, with latency so concurrent writers would interleave. */
  let stored: string | undefined;
  const slow = () => new Promise((r) => setTimeout(r, 15));

  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(async () => {
    iam.restore();
    redis.disconnect();
  });
  beforeEach(() => {
    prefix = uniquePrefix('revoke');
    keys = new Keys(prefix);
    stored = undefined;
    iam.reset();
    iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'gdpr-jit-admin', Arn: ROLE_ARN, Path: '/team/', RoleId: 'AROAEXAMPLE', CreateDate: new Date() } });
    iam.on(GetRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyName: string }) => {
      await slow();
      if (input.PolicyName !== REVOCATION_POLICY_NAME || stored === undefined) {
        throw Object.assign(new Error('The role policy cannot be found.'), { name: 'NoSuchEntityException' });
      }
      return { RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(stored) };
    });
    iam.on(PutRolePolicyCommand).callsFake(async (input: { PolicyDocument: string }) => {
      await slow();
      stored = input.PolicyDocument;
      return {};
    });
    iam.on(DeleteRolePolicyCommand).callsFake(async () => {
      stored = undefined;
      return {};
    });
  });
  afterEach(async () => {
    await cleanupPrefix(prefix);
  });

  const target = (sourceIdentity: string) => ({ iam: new IAMClient({ region: 'us-east-1' }), redis, keys, roleArn: ROLE_ARN, sourceIdentity });

  it('puts the statement on the role by name and keeps what was there', async () => {
    stored = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Mine', Effect: 'Deny', Action: 'iam:*', Resource: '*' }] });
    await applyRevocation(target('U1'), AT);
    const put = iam.commandCalls(PutRolePolicyCommand)[0]!.args[0].input;
    expect(put.RoleName).toBe('gdpr-jit-admin');
    expect(put.PolicyName).toBe(REVOCATION_POLICY_NAME);
    expect(JSON.parse(stored!).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['Mine', 'GdprBotJitRevokeU1']);
  });

  it('concurrent revocations on the same role keep each other’s statements', async () => {
    const users = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'];
    await Promise.all(users.map((u) => applyRevocation(target(u), AT)));
    const sids = (JSON.parse(stored!) as PolicyDocument).Statement.map((s) => s.Sid).sort();
    expect(sids).toEqual(users.map((u) => `GdprBotJitRevoke${u}`));
    expect(await redis.keys(`${prefix}*`)).toEqual([]); // locks released
  });

  it('cleanup removes the statement, then deletes the empty policy; a newer revocation survives an older cleanup', async () => {
    await applyRevocation(target('U1'), AT);
    await applyRevocation(target('U2'), AT);
    expect(await cleanupRevocation(target('U1'), AT)).toBe('removed');
    expect((JSON.parse(stored!) as PolicyDocument).Statement.map((s) => s.Sid)).toEqual(['GdprBotJitRevokeU2']);
    await applyRevocation(target('U2'), LATER);
    expect(await cleanupRevocation(target('U2'), AT)).toBe('kept-newer');
    expect(await cleanupRevocation(target('U2'), LATER)).toBe('removed');
    expect(stored).toBeUndefined();
    expect(iam.commandCalls(DeleteRolePolicyCommand)).toHaveLength(1);
    expect(await cleanupRevocation(target('U2'), LATER)).toBe('absent');
  });

  it('refuses to write a policy over IAM’s size limit', async () => {
    stored = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Big', Effect: 'Deny', Action: 'x'.repeat(10_300), Resource: '*' }] });
    await expect(applyRevocation(target('U1'), AT)).rejects.toBeInstanceOf(PolicyTooLargeError);
    expect(iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
  });

  it('refuses to write when the role the revoker sees under that name is not the grant’s (another account, another path)', async () => {
    iam.on(GetRoleCommand).resolves({
      Role: { RoleName: 'gdpr-jit-admin', Arn: 'arn:aws:iam::999999999999:role/gdpr-jit-admin', Path: '/', RoleId: 'AROAOTHER', CreateDate: new Date() },
    });
    await expect(applyRevocation(target('U1'), AT)).rejects.toBeInstanceOf(RevocationTargetMismatchError);
    iam.on(GetRoleCommand).rejects(Object.assign(new Error('no role'), { name: 'NoSuchEntityException' }));
    await expect(applyRevocation(target('U1'), AT)).rejects.toThrow(/sees no such role where the grant's role is/);
    expect(iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
  });

  it('does not report a deny that does not read back from IAM', async () => {
    iam.on(PutRolePolicyCommand).resolves({}); // accepted, but never shows
    await expect(applyRevocation({ ...target('U1'), grantId: 'ax-00000001' }, AT, { readBackAttempts: 2, readBackDelayMs: 1 })).rejects.toBeInstanceOf(
      RevocationNotConfirmedError,
    );
    expect(iam.commandCalls(GetRolePolicyCommand)).toHaveLength(3); // the merge read and two read-backs
  });

  it('returns the policy as read back and the verified ARN', async () => {
    const applied = await applyRevocation({ ...target('U1'), grantId: 'ax-00000001' }, AT);
    expect(applied.verifiedArn).toBe(ROLE_ARN);
    expect(deniesGrant(applied.policy, 'U1', 'ax-00000001', AT)).toBe(true);
  });
});
