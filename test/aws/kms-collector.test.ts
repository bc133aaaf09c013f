import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient, ListKeysCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { kmsCollector } from '../../src/aws/collectors/kms.js';
import { kms_cmk_not_deleted_unintentionally } from '../../src/checks/kms/kms_cmk_not_deleted_unintentionally.js';
import { kms_customer_keys_rotation } from '../../src/checks/kms/kms_customer_keys_rotation.js';
import { kms_key_policy_no_full_access_except_root } from '../../src/checks/kms/kms_key_policy_no_full_access_except_root.js';
import { kms_key_not_publicly_accessible } from '../../src/checks/kms/kms_key_not_publicly_accessible.js';
import type { Finding } from '../../src/checks/types.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, regionOf } from '../helpers/collect-in.js';

const kms = mockClient(KMSClient);
afterEach(() => kms.reset());

const base: KeyMetadata = {
  KeyId: '',
  KeyManager: 'CUSTOMER',
  KeySpec: 'SYMMETRIC_DEFAULT',
  KeyUsage: 'ENCRYPT_DECRYPT',
  KeyState: 'Enabled',
  Origin: 'AWS_KMS',
  MultiRegion: false,
};
/** DescribeKey answers by key id: one key of every kind the check must tell apart. */
const KEYS: Record<string, Partial<KeyMetadata>> = {
  rotating: {},
  'not-rotating': {},
  'aws-managed': { KeyManager: 'AWS' },
  rsa: { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' },
  hmac: { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
  imported: { Origin: 'EXTERNAL' },
  cloudhsm: { Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: 'cks-1234567890abcdef0' },
  disabled: { KeyState: 'Disabled' },
  doomed: { KeyState: 'PendingDeletion', DeletionDate: new Date('2026-07-01T00:00:00Z') },
  'mrk-replica': {
    MultiRegion: true,
    MultiRegionConfiguration: { MultiRegionKeyType: 'REPLICA', PrimaryKey: { Arn: 'arn:aws:kms:us-east-1:123456789012:key/mrk-replica', Region: 'us-east-1' } },
  },
};

describe('the KMS collector', () => {
  it('follows Marker / NextMarker on ListKeys (Limit 1000) in each region and reads rotation only of keys that can rotate automatically', async () => {
    const ids = Object.keys(KEYS);
    const listed: string[] = [];
    kms.on(ListKeysCommand).callsFake(async (input: { Marker?: string; Limit?: number }, getClient) => {
      const region = await regionOf(getClient);
      listed.push(`${region} limit=${input.Limit} marker=${input.Marker ?? '-'}`);
      const p = pageOf(ids, input.Marker, 4);
      return {
        Keys: p.items.map((KeyId) => ({ KeyId, KeyArn: `arn:aws:kms:${region}:123456789012:key/${KeyId}` })),
        Truncated: Boolean(p.next),
        NextMarker: p.next,
      };
    });
    kms.on(DescribeKeyCommand).callsFake(async (input: { KeyId: string }) => ({ KeyMetadata: { ...base, KeyId: input.KeyId, ...KEYS[input.KeyId] } }));
    kms.on(GetKeyRotationStatusCommand).callsFake(async (input: { KeyId: string }) => ({
      KeyId: input.KeyId,
      KeyRotationEnabled: input.KeyId !== 'not-rotating' && input.KeyId !== 'mrk-replica',
      RotationPeriodInDays: input.KeyId === 'not-rotating' ? undefined : 365,
    }));
    for (const region of ['eu-west-1', 'eu-central-1']) {
      kms.resetHistory();
      const { data } = await collectIn(kmsCollector, region, ['eu-west-1', 'eu-central-1']);
      if (!data.keys.ok) throw new Error('not read');
      expect(data.keys.value.map((k) => k.id)).toEqual(ids);
      expect(
        kms
          .commandCalls(GetKeyRotationStatusCommand)
          .map((c) => c.args[0].input.KeyId)
          .sort(),
      ).toEqual(['mrk-replica', 'not-rotating', 'rotating']);
      const s = { ...compliantSnapshot(), region };
      s.data.kms = data;
      const by: Record<string, Finding> = Object.fromEntries(kms_customer_keys_rotation.evaluate(s).map((f) => [f.resource.split('/').pop()!, f]));
      expect(Object.fromEntries(Object.entries(by).map(([id, f]) => [id, f.status]))).toEqual({
        rotating: 'pass',
        'not-rotating': 'fail',
        rsa: 'not_applicable',
        hmac: 'not_applicable',
        imported: 'not_applicable',
        cloudhsm: 'not_applicable',
        disabled: 'not_applicable',
        doomed: 'not_applicable',
        'mrk-replica': 'fail',
      });
      expect(by['mrk-replica']!.message).toContain('primary key arn:aws:kms:us-east-1:123456789012:key/mrk-replica');
      expect(by.rotating!.message).toContain('every 365 days');
      expect(by.imported!.message).toContain('imported key material');
    }
    expect(listed).toEqual([
      'eu-west-1 limit=1000 marker=-',
      'eu-west-1 limit=1000 marker=t4',
      'eu-west-1 limit=1000 marker=t8',
      'eu-central-1 limit=1000 marker=-',
      'eu-central-1 limit=1000 marker=t4',
      'eu-central-1 limit=1000 marker=t8',
    ]);
  });

  it("records GetKeyRotationStatus denied on one key as that key's error, the others still judged", async () => {
    kms.on(ListKeysCommand).resolves({
      Keys: [
        { KeyId: 'a', KeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/a' },
        { KeyId: 'b', KeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/b' },
      ],
    });
    kms.on(DescribeKeyCommand).callsFake(async (input: { KeyId: string }) => ({ KeyMetadata: { ...base, KeyId: input.KeyId } }));
    kms.on(GetKeyRotationStatusCommand, { KeyId: 'a' }).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    kms.on(GetKeyRotationStatusCommand, { KeyId: 'b' }).resolves({ KeyRotationEnabled: true });
    const { data } = await collectIn(kmsCollector, 'eu-west-1');
    const s = compliantSnapshot();
    s.data.kms = data;
    const findings = kms_customer_keys_rotation.evaluate(s);
    expect(findings.map((f) => [f.resource.split('/').pop(), f.status])).toEqual([
      ['a', 'error'],
      ['b', 'pass'],
    ]);
    expect(findings[0]!.message).toContain('AccessDeniedException on kms:GetKeyRotationStatus');
  });

  it("reads the default key policy of customer managed keys only, and judges it; GetKeyPolicy denied is that key's error", async () => {
    const ids = ['private', 'public', 'aws-managed', 'locked'];
    kms.on(ListKeysCommand).resolves({ Keys: ids.map((KeyId) => ({ KeyId, KeyArn: `arn:aws:kms:eu-west-1:123456789012:key/${KeyId}` })), Truncated: false });
    kms.on(DescribeKeyCommand).callsFake(async (input: { KeyId: string }) => ({
      KeyMetadata: { ...base, KeyId: input.KeyId, ...(input.KeyId === 'aws-managed' ? { KeyManager: 'AWS' } : {}) },
    }));
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
    kms.on(GetKeyPolicyCommand).callsFake(async (input: { KeyId: string; PolicyName?: string }) => {
      expect(input.PolicyName).toBe('default');
      if (input.KeyId === 'locked') throw Object.assign(new Error('no'), { name: 'AccessDeniedException' });
      const principal = input.KeyId === 'public' ? { AWS: '*' } : { AWS: 'arn:aws:iam::123456789012:root' };
      return {
        PolicyName: 'default',
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' }] }),
      };
    });
    const { data } = await collectIn(kmsCollector, 'eu-west-1');
    expect(
      kms
        .commandCalls(GetKeyPolicyCommand)
        .map((c) => c.args[0].input.KeyId)
        .sort(),
    ).toEqual(['locked', 'private', 'public']);
    const s = compliantSnapshot();
    s.data.kms = data;
    const by = Object.fromEntries(kms_key_not_publicly_accessible.evaluate(s).map((f) => [f.resource.split('/').pop(), f.status]));
    expect(by).toEqual({ private: 'pass', public: 'fail', locked: 'error' });
  });

  it('keeps DeletionDate and PendingDeletionWindowInDays from the one DescribeKey per key, and a missing KeyState unknown (never Enabled)', async () => {
    const ids = ['live', 'doomed', 'replica-wait', 'no-state', 'aws-doomed'];
    const meta: Record<string, Partial<KeyMetadata>> = {
      doomed: { KeyState: 'PendingDeletion', DeletionDate: new Date('2026-07-01T00:00:00Z'), PendingDeletionWindowInDays: 30 },
      'replica-wait': {
        KeyState: 'PendingReplicaDeletion',
        PendingDeletionWindowInDays: 7,
        MultiRegion: true,
        MultiRegionConfiguration: { MultiRegionKeyType: 'PRIMARY' },
      },
      'no-state': { KeyState: undefined },
      'aws-doomed': { KeyManager: 'AWS', KeyState: 'PendingDeletion', DeletionDate: new Date('2026-07-01T00:00:00Z') },
    };
    kms.on(ListKeysCommand).resolves({ Keys: ids.map((KeyId) => ({ KeyId, KeyArn: `arn:aws:kms:eu-west-1:123456789012:key/${KeyId}` })), Truncated: false });
    kms.on(DescribeKeyCommand).callsFake(async (input: { KeyId: string }) => ({ KeyMetadata: { ...base, KeyId: input.KeyId, ...meta[input.KeyId] } }));
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
    kms.on(GetKeyPolicyCommand).resolves({
      Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }] }),
    });
    const { data } = await collectIn(kmsCollector, 'eu-west-1');
    expect(kms.commandCalls(DescribeKeyCommand)).toHaveLength(ids.length);
    if (!data.keys.ok) throw new Error('not read');
    const doomed = data.keys.value.find((k) => k.id === 'doomed')!.details;
    expect(doomed).toMatchObject({ ok: true, value: { state: 'PendingDeletion', deletionDate: '2026-07-01T00:00:00.000Z', pendingDeletionWindowInDays: 30 } });
    expect(data.keys.value.find((k) => k.id === 'no-state')!.details).toMatchObject({ ok: true, value: { state: undefined } });
    const s = compliantSnapshot();
    s.data.kms = data;
    const by: Record<string, Finding> = Object.fromEntries(kms_cmk_not_deleted_unintentionally.evaluate(s).map((f) => [f.resource.split('/').pop(), f]));
    expect(Object.fromEntries(Object.entries(by).map(([id, f]) => [id, f.status]))).toEqual({
      live: 'pass',
      doomed: 'fail',
      'replica-wait': 'fail',
      'no-state': 'error',
    });
    expect(by.doomed!.message).toContain('on 2026-07-01');
    expect(by['replica-wait']!.message).toContain('PendingReplicaDeletion');
    expect(by['replica-wait']!.message).toContain('waiting period 7 days');
    // The rotation check no longer takes a key without a state for an enabled one.
    expect(kms_customer_keys_rotation.evaluate(s).find((f) => f.resource.endsWith('/no-state'))!.status).toBe('error');
  });

  it("judges each customer managed key policy for full access beyond the account root; GetKeyPolicy denied is that key's error", async () => {
    const root = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' };
    const policies: Record<string, unknown[]> = {
      default: [root],
      'admin-role': [
        root,
        {
          Sid: 'Admins',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::123456789012:role/app', 'arn:aws:iam::123456789012:role/admin'] },
          Action: ['kms:Create*', 'kms:*'],
          Resource: '*',
        },
      ],
      star: [
        root,
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': '123456789012' } } },
      ],
    };
    const ids = [...Object.keys(policies), 'locked'];
    kms.on(ListKeysCommand).resolves({ Keys: ids.map((KeyId) => ({ KeyId, KeyArn: `arn:aws:kms:eu-west-1:123456789012:key/${KeyId}` })), Truncated: false });
    kms.on(DescribeKeyCommand).callsFake(async (input: { KeyId: string }) => ({ KeyMetadata: { ...base, KeyId: input.KeyId } }));
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
    kms.on(GetKeyPolicyCommand).callsFake(async (input: { KeyId: string }) => {
      if (input.KeyId === 'locked') throw Object.assign(new Error('no'), { name: 'AccessDeniedException' });
      return { PolicyName: 'default', Policy: JSON.stringify({ Version: '2012-10-17', Statement: policies[input.KeyId] }) };
    });
    const { data } = await collectIn(kmsCollector, 'eu-west-1');
    const s = compliantSnapshot();
    s.data.kms = data;
    const by: Record<string, Finding> = Object.fromEntries(kms_key_policy_no_full_access_except_root.evaluate(s).map((f) => [f.resource.split('/').pop(), f]));
    expect(Object.fromEntries(Object.entries(by).map(([id, f]) => [id, f.status]))).toEqual({
      default: 'pass',
      'admin-role': 'fail',
      star: 'fail',
      locked: 'error',
    });
    expect(by['admin-role']!.message).toContain('arn:aws:iam::123456789012:role/app, arn:aws:iam::123456789012:role/admin');
    expect(by.star!.message).toContain('everyone (Principal `"*"`)');
    expect(by.locked!.message).toContain('AccessDeniedException on kms:GetKeyPolicy');
  });
});
