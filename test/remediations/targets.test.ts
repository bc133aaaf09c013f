import { describe, expect, it } from 'vitest';
import { findRemediation, followUpFor, REMEDIATIONS } from '../../src/remediations/catalog/index.js';
import { describeTarget } from '../../src/remediations/messages.js';
import type { RemediationTarget } from '../../src/remediations/types.js';

const ACCOUNT = '111122223333';
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
const KEY = 'AKIAIOSFODNN7EXAMPLE';

/**
 * Targets exactly as requests stored them before each fix had its own target schema (one flat bag of
 * fields): every one must still be valid for its fix, parse through the fix's schema with its fields
 * intact, and be described as before on the approval message.
 */
const STORED: { fix: string; target: RemediationTarget; where: string }[] = [
  { fix: 'ebs-enable-default-encryption', target: { accountId: ACCOUNT, region: 'eu-west-1' }, where: `eu-west-1 · account ${ACCOUNT}` },
  { fix: 's3-bucket-tls-only', target: { accountId: ACCOUNT, resource: 'arn:aws:s3:::data' }, where: `arn:aws:s3:::data · account ${ACCOUNT}` },
  {
    fix: 'iam-deactivate-access-key',
    target: { accountId: ACCOUNT, resource: USER, keySelector: { kind: 'older-than', days: 90 } },
    where: `${USER} · keys older than 90 days · account ${ACCOUNT}`,
  },
  {
    fix: 'iam-deactivate-access-key',
    target: { accountId: ACCOUNT, resource: USER, keySelector: { kind: 'active' }, accessKeyIds: [] },
    where: `${USER} · no key selected · account ${ACCOUNT}`,
  },
  {
    fix: 'iam-deactivate-access-key',
    target: { accountId: ACCOUNT, roleArn: 'arn:aws:iam::999988887777:role/r', resource: 'alice', accessKeyId: KEY },
    where: `alice · key ${KEY} · account ${ACCOUNT}`,
  },
  {
    fix: 'iam-remove-unused-credentials',
    target: { accountId: ACCOUNT, resource: USER, keySelector: { kind: 'unused-for', days: 90 } },
    where: `${USER} · credentials unused for more than 90 days · account ${ACCOUNT}`,
  },
  {
    fix: 'iam-remove-unused-credentials',
    target: { accountId: ACCOUNT, resource: USER, keySelector: { kind: 'unused-for', days: 90 }, accessKeyIds: [KEY], removeLoginProfile: true },
    where: `${USER} · key ${KEY} · console password · account ${ACCOUNT}`,
  },
  { fix: 'ec2-isolate-instance', target: { accountId: ACCOUNT, region: 'eu-west-1', resource: 'i-0abc' }, where: `i-0abc · eu-west-1 · account ${ACCOUNT}` },
  {
    fix: 'ec2-restore-instance',
    target: { accountId: ACCOUNT, region: 'eu-west-1', resource: 'i-0abc', restoreSecurityGroups: { 'eni-a1': ['sg-0e1', 'sg-0e2'] } },
    where: `i-0abc · eu-west-1 · account ${ACCOUNT}`,
  },
];

describe('targets stored before each fix had its own schema', () => {
  it.each(STORED.map((s) => [s.fix, s] as const))('%s: still valid, parsed with its fields intact, described as before', (_id, { fix, target, where }) => {
    const r = findRemediation(fix)!;
    expect(r.validate(target)).toBeUndefined();
    if (r.targetSchema) expect(r.targetSchema.parse(structuredClone(target))).toEqual(target);
    expect(describeTarget(target, fix)).toBe(where);
  });

  it('every fix with fields of its own has a schema that keeps the common part', () => {
    const common = { accountId: ACCOUNT, roleArn: 'arn:aws:iam::999988887777:role/r', region: 'eu-west-1', resource: 'x' };
    for (const r of REMEDIATIONS.filter((x) => x.targetSchema)) {
      const parsed = r.targetSchema!.safeParse(common);
      if (parsed.success) expect(parsed.data, r.id).toEqual(common);
    }
    expect(
      REMEDIATIONS.filter((x) => x.targetSchema)
        .map((x) => x.id)
        .sort(),
    ).toEqual(['ec2-restore-instance', 'iam-deactivate-access-key', 'iam-remove-unused-credentials']);
  });

  it("a target of the wrong shape is refused by the fix schema, after the fix's own sentences", () => {
    const keys = findRemediation('iam-remove-unused-credentials')!;
    expect(keys.validate({ resource: USER, keySelector: { kind: 'unused-for', days: 90 }, removeLoginProfile: 'yes' })).toBe(
      'this fix was given an invalid login profile decision',
    );
    const restore = findRemediation('ec2-restore-instance')!;
    expect(restore.validate({ resource: 'i-0abc' })).toMatch(/needs the security groups to restore/);
  });
});

describe('follow-ups (followUps / targetFromRequest)', () => {
  const isolation = {
    id: 'R0000000001',
    remediation: 'ec2-isolate-instance',
    status: 'succeeded',
    target: { accountId: ACCOUNT, region: 'eu-west-1', resource: 'i-0abc' },
    result: { outcome: 'changed' as const, summary: 'isolated', calls: [], previous: { securityGroups: { 'eni-a1': ['sg-0e1'] } } },
  };

  it('a succeeded isolation is followed by the restore its fix names, with the recorded groups', () => {
    expect(followUpFor(isolation)).toEqual({
      remediation: findRemediation('ec2-restore-instance'),
      target: { accountId: ACCOUNT, region: 'eu-west-1', resource: 'i-0abc', restoreSecurityGroups: { 'eni-a1': ['sg-0e1'] } },
    });
  });

  it('a request whose fix has no follow-up gets none, and the follow-up fixes say why', () => {
    expect(followUpFor({ ...isolation, remediation: 'ebs-enable-default-encryption' })).toEqual({
      error: expect.stringMatching(/did not isolate an EC2 instance/) as unknown,
    });
    expect(followUpFor({ ...isolation, remediation: 'ec2-restore-instance' })).toEqual({
      error: expect.stringMatching(/did not isolate an EC2 instance/) as unknown,
    });
    expect(followUpFor({ ...isolation, status: 'failed' })).toEqual({ error: expect.stringMatching(/did not succeed \(it is failed\)/) as unknown });
  });
});
