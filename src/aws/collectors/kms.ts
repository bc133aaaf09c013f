import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, paginateListKeys } from '@aws-sdk/client-kms';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface KmsKey {
  id: string;
  arn: string;
  details: Read<{ manager: string; spec: string; state: string; origin: string }>;
  /** Rotation status; only read for enabled customer-managed symmetric keys with AWS key material (`undefined` otherwise). */
  rotation?: Read<boolean>;
}

export interface KmsData {
  keys: Read<KmsKey[]>;
}

/** KMS (regional): keys, who manages them, and rotation of customer-managed symmetric keys. */
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
          const details = await ctx.read(async () => {
            const meta = (await ctx.must('kms:DescribeKey', () => kms.send(new DescribeKeyCommand({ KeyId: id })))).KeyMetadata;
            return { manager: meta?.KeyManager ?? 'CUSTOMER', spec: meta?.KeySpec ?? 'SYMMETRIC_DEFAULT', state: meta?.KeyState ?? 'Enabled', origin: meta?.Origin ?? 'AWS_KMS' };
          });
          const rotatable = details.ok && details.value.manager === 'CUSTOMER' && details.value.spec === 'SYMMETRIC_DEFAULT' && details.value.state === 'Enabled' && details.value.origin === 'AWS_KMS';
          const rotation = rotatable
            ? await ctx.read(async () => (await ctx.must('kms:GetKeyRotationStatus', () => kms.send(new GetKeyRotationStatusCommand({ KeyId: id })))).KeyRotationEnabled === true)
            : undefined;
          return { id, arn: k.KeyArn ?? `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${id}`, details, rotation };
        }),
      );
    });
    return { keys };
  },
};
