import type { KmsKey, KmsKeyDetails } from '../../../src/aws/collectors/kms.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, AT, DEFAULT_KEY_POLICY, ok } from '../fixtures.js';

const keys = (s: Snapshot): KmsKey[] => {
  const r = s.data.kms!.keys;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const SYMMETRIC: KmsKeyDetails = { manager: 'CUSTOMER', spec: 'SYMMETRIC_DEFAULT', state: 'Enabled', origin: 'AWS_KMS' };
const key = (id: string, details: Partial<KmsKeyDetails>, policy: unknown = DEFAULT_KEY_POLICY): KmsKey => ({
  id,
  arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${id}`,
  details: ok({ ...SYMMETRIC, ...details }),
  rotation: ok({ enabled: true, periodDays: 365 }),
  policy: ok(structuredClone(policy)),
});
const inDays = (d: number) => new Date(Date.parse(AT) + d * 86_400_000).toISOString();
const withStatement = (st: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [DEFAULT_KEY_POLICY.Statement[0], { Resource: '*', ...st }] });

const DESCRIBE =
  'KMS DescribeKey KeyMetadata: KeyState PendingDeletion with DeletionDate; PendingReplicaDeletion (a multi-Region primary scheduled for deletion that still has replicas) with PendingDeletionWindowInDays and no DeletionDate; KeyManager AWS or CUSTOMER';
const POLICY =
  'KMS Developer Guide, default key policy: the statement "Enable IAM User Permissions" allows kms:* to arn:aws:iam::<account>:root (the account id alone is the same principal); IAM JSON policy reference: action names are case-insensitive, wildcards in Action, NotAction allows every action not listed';

/** KMS: keys that look safe from deletion and are not; key policies whose full-access grant hides behind a case, a wildcard or a condition. */
export const CASES: AdversarialCase[] = [
  // kms_cmk_not_deleted_unintentionally
  {
    check: 'kms_cmk_not_deleted_unintentionally',
    name: 'a multi-Region primary scheduled for deletion shows PendingReplicaDeletion and no DeletionDate; it is still going to be deleted',
    source: DESCRIBE,
    mutate: (s) => void keys(s).push(key('mrk-primary', { state: 'PendingReplicaDeletion', multiRegion: 'PRIMARY', pendingDeletionWindowInDays: 7 })),
    expect: 'fail',
    resource: 'key/mrk-primary',
  },
  {
    check: 'kms_cmk_not_deleted_unintentionally',
    name: 'a disabled key (unusable, so it looks on its way out) is not scheduled for deletion',
    source: `${DESCRIBE}; DisableKey does not schedule deletion`,
    mutate: (s) => void keys(s).push(key('k-off', { state: 'Disabled' })),
    expect: 'pass',
    resource: 'key/k-off',
  },
  {
    check: 'kms_cmk_not_deleted_unintentionally',
    name: 'an AWS managed key pending deletion (AWS deletes its own keys) is not judged; a customer key beside it is',
    source: DESCRIBE,
    mutate: (s) => {
      keys(s).push(
        key('aws-gone', { manager: 'AWS', state: 'PendingDeletion', deletionDate: inDays(5) }),
        key('k-soon', { state: 'PendingDeletion', deletionDate: inDays(2), pendingDeletionWindowInDays: 7 }),
      );
    },
    expect: 'fail',
    resource: 'key/k-soon',
  },
  {
    check: 'kms_cmk_not_deleted_unintentionally',
    name: 'DescribeKey answered without a KeyState: whether the key is about to be deleted is unknown',
    source: `${DESCRIBE}; the collector does not assume Enabled`,
    mutate: (s) => void keys(s).push(key('k-nostate', { state: undefined })),
    expect: 'error',
    resource: 'key/k-nostate',
  },
  {
    check: 'kms_customer_keys_rotation',
    name: 'a key without a KeyState was once read as Enabled; whether it should rotate is unknown',
    source: `${DESCRIBE}; the collector does not assume Enabled`,
    mutate: (s) => void keys(s).push(key('k-nostate', { state: undefined })),
    expect: 'error',
    resource: 'key/k-nostate',
  },

  // kms_key_policy_no_full_access_except_root
  {
    check: 'kms_key_policy_no_full_access_except_root',
    name: 'a key administrator role granted "KMS:*" (upper case) looks like a narrower grant',
    source: POLICY,
    mutate: (s) =>
      void keys(s).push(
        key('k-case', {}, withStatement({ Sid: 'KeyAdmins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/key-admin` }, Action: 'KMS:*' })),
      ),
    expect: 'fail',
    resource: 'key/k-case',
  },
  {
    check: 'kms_key_policy_no_full_access_except_root',
    name: 'Principal "*" with kms:* pinned to the account by kms:CallerAccount: not public, but every principal of the account gets full control without an IAM policy',
    source: `${POLICY}; kms:CallerAccount`,
    mutate: (s) =>
      void keys(s).push(
        key(
          'k-callers',
          {},
          withStatement({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } } }),
        ),
      ),
    expect: 'fail',
    resource: 'key/k-callers',
  },
  {
    check: 'kms_key_policy_no_full_access_except_root',
    name: 'an Allow with NotAction ["kms:Decrypt"] to a role: everything but Decrypt, PutKeyPolicy and ScheduleKeyDeletion included',
    source: POLICY,
    mutate: (s) =>
      void keys(s).push(
        key('k-notaction', {}, withStatement({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ops` }, NotAction: 'kms:Decrypt' })),
      ),
    expect: 'fail',
    resource: 'key/k-notaction',
  },
  {
    check: 'kms_key_policy_no_full_access_except_root',
    name: 'another account\'s root with kms:* is not "the account root"',
    source: POLICY,
    mutate: (s) =>
      void keys(s).push(
        key('k-other', {}, withStatement({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: ['kms:Decrypt', 'kms:*'] })),
      ),
    expect: 'fail',
    resource: 'key/k-other',
  },
  {
    check: 'kms_key_policy_no_full_access_except_root',
    name: 'the root given as the bare account id, and a role granted only kms:Decrypt and kms:GenerateDataKey*, is least privilege',
    source: POLICY,
    mutate: (s) =>
      void keys(s).push(
        key(
          'k-narrow',
          {},
          {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'kms:*', Resource: '*' },
              {
                Sid: 'App',
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` },
                Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
                Resource: '*',
              },
            ],
          },
        ),
      ),
    expect: 'pass',
    resource: 'key/k-narrow',
  },
  {
    check: 'kms_key_policy_no_full_access_except_root',
    name: 'GetKeyPolicy returned no document: the policy is unknown, not empty',
    source: 'KMS GetKeyPolicy returns Policy (the document); an answer without it cannot be judged',
    mutate: (s) => void keys(s).push({ ...key('k-empty', {}), policy: ok(null) }),
    expect: 'error',
    resource: 'key/k-empty',
  },
];
