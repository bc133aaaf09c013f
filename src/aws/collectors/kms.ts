import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient, paginateListKeys } from '@aws-sdk/client-kms';
import { parsePolicyText, type Read } from './context.js';
import type { Collector } from './types.js';

/** What DescribeKey says about a key. */
export interface KmsKeyDetails {
  /** `CUSTOMER` or `AWS`. */
  manager: string;
  /** `SYMMETRIC_DEFAULT`, `RSA_…`, `ECC_…`, `HMAC_…`, … */
  spec: string;
  /**
   * `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, `PendingReplicaDeletion`, `Unavailable`, `Creating`,
   * `Updating`; `undefined` when DescribeKey gave none (not known, never assumed enabled).
   */
  state?: string;
  /** `DeletionDate`: when KMS deletes a key in `PendingDeletion` (absent for `PendingReplicaDeletion`). */
  deletionDate?: string;
  /** `PendingDeletionWindowInDays`: the waiting period of a key scheduled for deletion (7–30 days). */
  pendingDeletionWindowInDays?: number;
  /** `AWS_KMS`, `EXTERNAL` (imported), `AWS_CLOUDHSM` or `EXTERNAL_KEY_STORE` (custom key stores). */
  origin: string;
  /** Set for keys in a custom key store. */
  customKeyStoreId?: string;
  /** `PRIMARY` or `REPLICA` for multi-Region keys. */
  multiRegion?: string;
  /** The primary key's ARN, for a multi-Region key. */
  primaryArn?: string;
}

export interface KmsKey {
  id: string;
  arn: string;
  details: Read<KmsKeyDetails>;
  /**
   * Automatic rotation, read only for keys that can rotate automatically: enabled customer-managed
   * symmetric keys with AWS-generated material outside custom key stores (`undefined` for the others).
   * A multi-Region replica reports its primary's status (KMS synchronises it).
   */
  rotation?: Read<{ enabled: boolean; periodDays?: number }>;
  /**
   * The key policy (GetKeyPolicy, the `default` policy, parsed), read only for customer managed keys
   * (`undefined` for AWS managed keys, whose policies AWS writes, and when DescribeKey failed).
   */
  policy?: Read<unknown>;
}

export interface KmsData {
  keys: Read<KmsKey[]>;
}

/** True when KMS can rotate the key automatically and it is in use (enabled). */
export function canRotateAutomatically(d: KmsKeyDetails): boolean {
  return d.manager === 'CUSTOMER' && d.spec === 'SYMMETRIC_DEFAULT' && d.state === 'Enabled' && d.origin === 'AWS_KMS' && !d.customKeyStoreId;
}

/** KMS (regional): every key (every page), who manages it, rotation of those that can rotate automatically, and the key policy of customer managed keys. */
export const kmsCollector: Collector<KmsData> = {
  id: 'kms',
  scope: 'region',
  async collect(ctx) {
    const kms = ctx.clients.get(KMSClient, ctx.region);
    const keys = await ctx.read(async () => {
      const list = await ctx.pages('kms:ListKeys', paginateListKeys({ client: kms, pageSize: 1000 }, {}), (p) => p.Keys);
      return Promise.all(
        list.map(async (k): Promise<KmsKey> => {
          const id = k.KeyId ?? '';
          const details = await ctx.read(async (): Promise<KmsKeyDetails> => {
            const meta = (await ctx.must('kms:DescribeKey', () => kms.send(new DescribeKeyCommand({ KeyId: id })))).KeyMetadata;
            return {
              manager: meta?.KeyManager ?? 'CUSTOMER',
              spec: meta?.KeySpec ?? 'SYMMETRIC_DEFAULT',
              state: meta?.KeyState || undefined,
              deletionDate: meta?.DeletionDate ? new Date(meta.DeletionDate).toISOString() : undefined,
              pendingDeletionWindowInDays: meta?.PendingDeletionWindowInDays,
              origin: meta?.Origin ?? 'AWS_KMS',
              customKeyStoreId: meta?.CustomKeyStoreId || undefined,
              multiRegion: meta?.MultiRegion ? meta.MultiRegionConfiguration?.MultiRegionKeyType : undefined,
              primaryArn: meta?.MultiRegionConfiguration?.PrimaryKey?.Arn,
            };
          });
          const rotation =
            details.ok && canRotateAutomatically(details.value)
              ? await ctx.read(async () => {
                  const out = await ctx.must('kms:GetKeyRotationStatus', () => kms.send(new GetKeyRotationStatusCommand({ KeyId: id })));
                  return { enabled: out.KeyRotationEnabled === true, periodDays: out.RotationPeriodInDays };
                })
              : undefined;
          const policy =
            details.ok && details.value.manager === 'CUSTOMER'
              ? await ctx.read(async () => {
                  const out = await ctx.must('kms:GetKeyPolicy', () => kms.send(new GetKeyPolicyCommand({ KeyId: id, PolicyName: 'default' })));
                  return parsePolicyText('kms:GetKeyPolicy', out?.Policy);
                })
              : undefined;
          return { id, arn: k.KeyArn ?? `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${id}`, details, rotation, policy };
        }),
      );
    });
    return { keys };
  },
};
