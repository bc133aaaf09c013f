import type { KmsKey, KmsKeyDetails } from '../../../src/aws/collectors/kms.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, DEFAULT_KEY_POLICY, denied, ok } from '../fixtures.js';

const keys = (s: Snapshot): KmsKey[] => {
  const r = s.data.kms!.keys;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const SYMMETRIC: KmsKeyDetails = { manager: 'CUSTOMER', spec: 'SYMMETRIC_DEFAULT', state: 'Enabled', origin: 'AWS_KMS' };
const key = (id: string, details: Partial<KmsKeyDetails>, rotation?: KmsKey['rotation']): KmsKey => ({
  id,
  arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${id}`,
  details: ok({ ...SYMMETRIC, ...details }),
  rotation,
});
const SOURCE =
  'KMS API, GetKeyRotationStatus: automatic rotation is supported only on symmetric encryption keys, not asymmetric, HMAC, imported-material or custom key store keys; set it on the primary of a multi-Region key; DescribeKey KeyMetadata KeyState, KeySpec, Origin, MultiRegionConfiguration';

const POLICY =
  'KMS API, GetKeyPolicy (PolicyName "default"): the key policy document; KMS condition keys kms:CallerAccount and kms:ViaService; IAM JSON policy reference: Principal {"AWS":"*"} is every principal';
const withPolicy = (id: string, policy: KmsKey['policy']): KmsKey => ({ ...key(id, {}, ok({ enabled: true, periodDays: 365 })), policy });
const statement = (extra: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [
    DEFAULT_KEY_POLICY.Statement[0],
    { Sid: 'shared', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*', ...extra },
  ],
});

/** KMS: keys whose rotation looks fine, or whose rotation cannot be judged; key policies that look private and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'kms_customer_keys_rotation',
    name: 'a multi-Region replica in this region reports rotation off (its primary elsewhere does not rotate)',
    source: `${SOURCE}; replicas share the primary's automatic rotation status`,
    mutate: (s) => {
      keys(s).push(key('mrk-1234abcd', { multiRegion: 'REPLICA', primaryArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-1234abcd` }, ok({ enabled: false })));
    },
    expect: 'fail',
    resource: 'key/mrk-1234abcd',
  },
  {
    check: 'kms_customer_keys_rotation',
    name: 'a rotatable key whose rotation status was never read cannot pass',
    source: SOURCE,
    mutate: (s) => {
      keys(s).push(key('k-unread', {}));
    },
    expect: 'error',
    resource: 'key/k-unread',
  },
  {
    check: 'kms_customer_keys_rotation',
    name: 'DescribeKey denied by the key policy: whether the key should rotate is unknown',
    source: 'KMS key policies: without a statement allowing the account, IAM permissions alone do not grant kms:DescribeKey',
    mutate: (s) => {
      keys(s).push({ id: 'k-locked', arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k-locked`, details: denied('kms:DescribeKey') });
    },
    expect: 'error',
    resource: 'key/k-locked',
  },
  {
    check: 'kms_customer_keys_rotation',
    name: 'GetKeyRotationStatus denied (AccessDeniedException) on one key',
    source: SOURCE,
    mutate: (s) => {
      keys(s).push(key('k-denied', {}, denied('kms:GetKeyRotationStatus')));
    },
    expect: 'error',
    resource: 'key/k-denied',
  },
  {
    check: 'kms_customer_keys_rotation',
    name: 'asymmetric, HMAC, imported-material, custom key store, disabled and pending-deletion keys cannot be failed for not rotating',
    source: SOURCE,
    mutate: (s) => {
      keys(s).push(
        key('k-rsa', { spec: 'RSA_2048' }),
        key('k-hmac', { spec: 'HMAC_256' }),
        key('k-imported', { origin: 'EXTERNAL' }),
        key('k-hsm', { origin: 'AWS_CLOUDHSM', customKeyStoreId: 'cks-1234567890abcdef0' }),
        key('k-off', { state: 'Disabled' }),
        key('k-doomed', { state: 'PendingDeletion' }),
      );
    },
    expect: 'pass',
  },
  {
    check: 'kms_customer_keys_rotation',
    name: 'an asymmetric key is not applicable (automatic rotation exists only for symmetric keys), never a pass',
    source: SOURCE,
    mutate: (s) => {
      keys(s).push(key('k-rsa', { spec: 'RSA_2048' }));
    },
    expect: 'not_applicable',
    resource: 'key/k-rsa',
  },
  {
    check: 'kms_customer_keys_rotation',
    name: 'a key pending deletion is not applicable, never a pass',
    source: SOURCE,
    mutate: (s) => {
      keys(s).push(key('k-doomed', { state: 'PendingDeletion' }));
    },
    expect: 'not_applicable',
    resource: 'key/k-doomed',
  },
  {
    check: 'kms_key_not_publicly_accessible',
    name: 'Principal {"AWS":"*"} narrowed only by kms:ViaService: every account may decrypt through that service',
    source: POLICY,
    mutate: (s) => {
      keys(s).push(withPolicy('via-s3', ok(statement({ Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } }))));
    },
    expect: 'fail',
    resource: 'key/via-s3',
  },
  {
    check: 'kms_key_not_publicly_accessible',
    name: 'kms:ViaService and kms:CallerAccount together (the shape of AWS managed key policies): pinned to the account',
    source: POLICY,
    mutate: (s) => {
      keys(s).push(
        withPolicy('via-own', ok(statement({ Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT } } }))),
      );
    },
    expect: 'pass',
    resource: 'key/via-own',
  },
  {
    check: 'kms_key_not_publicly_accessible',
    name: 'an Allow with NotPrincipal naming the account: everyone else may use the key',
    source: `${POLICY}; NotPrincipal with Effect Allow grants every principal not listed`,
    mutate: (s) => {
      keys(s).push(
        withPolicy(
          'notprincipal',
          ok({ Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:Decrypt', Resource: '*' }] }),
        ),
      );
    },
    expect: 'fail',
    resource: 'key/notprincipal',
  },
  {
    check: 'kms_key_not_publicly_accessible',
    name: 'GetKeyPolicy denied for one key: its policy is unknown',
    source: 'KMS API, GetKeyPolicy requires kms:GetKeyPolicy in the key policy or an IAM policy',
    mutate: (s) => {
      keys(s).push(withPolicy('locked', denied('kms:GetKeyPolicy')));
    },
    expect: 'error',
    resource: 'key/locked',
  },
];
