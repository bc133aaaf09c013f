import type { ServerSideEncryptionConfiguration } from '@aws-sdk/client-s3';
import { isCode } from '../aws-errors.js';
import { bucketName } from '../shared.js';
import { needsResource, type Remediation, type RemediationContext } from '../types.js';

async function current(ctx: RemediationContext, Bucket: string): Promise<ServerSideEncryptionConfiguration | undefined> {
  const { GetBucketEncryptionCommand, S3Client } = await import('@aws-sdk/client-s3');
  try {
    const res = await ctx.aws.get(S3Client, ctx.region).send(new GetBucketEncryptionCommand({ Bucket }));
    return res.ServerSideEncryptionConfiguration;
  } catch (error) {
    if (isCode(error, 'ServerSideEncryptionConfigurationNotFoundError')) return undefined;
    throw error;
  }
}

function desired(kmsKeyId: string | undefined): ServerSideEncryptionConfiguration {
  return {
    Rules: [
      kmsKeyId
        ? { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kmsKeyId }, BucketKeyEnabled: true }
        : { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ],
  };
}

/** True when `config` already encrypts as wanted: any SSE, or SSE-KMS with the configured key. */
function satisfies(config: ServerSideEncryptionConfiguration | undefined, kmsKeyId: string | undefined): boolean {
  const rule = config?.Rules?.find((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm);
  const sse = rule?.ApplyServerSideEncryptionByDefault;
  if (!sse) return false;
  if (!kmsKeyId) return true;
  const key = sse.KMSMasterKeyID ?? '';
  return sse.SSEAlgorithm?.startsWith('aws:kms') === true && (key === kmsKeyId || key.endsWith(`/${kmsKeyId}`) || kmsKeyId.endsWith(`/${key}`));
}

function describe(config: ServerSideEncryptionConfiguration | undefined): string {
  const sse = config?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
  if (!sse?.SSEAlgorithm) return 'no default encryption';
  return sse.KMSMasterKeyID ? `${sse.SSEAlgorithm} with key ${sse.KMSMasterKeyID}` : sse.SSEAlgorithm;
}

export const s3BucketDefaultEncryption: Remediation = {
  id: 's3-bucket-default-encryption',
  fixes: ['s3_bucket_default_encryption'],
  title: 'Set default encryption on an S3 bucket',
  changes:
    'New objects written to this bucket are encrypted at rest by default (SSE-S3, or SSE-KMS with the configured key); existing objects are not rewritten.',
  risk: 'medium',
  permissions: ['s3:GetEncryptionConfiguration', 's3:PutEncryptionConfiguration'],
  target: 'resource',
  validate: needsResource('bucket name'),
  async plan(ctx, target) {
    const Bucket = bucketName(target.resource!);
    const config = await current(ctx, Bucket);
    const ok = satisfies(config, ctx.settings.kmsKeyId);
    return {
      compliant: ok,
      current: `Bucket ${Bucket} default encryption: ${describe(config)}.`,
      calls: ok ? [] : [{ action: 's3:PutEncryptionConfiguration', params: { Bucket, ServerSideEncryptionConfiguration: desired(ctx.settings.kmsKeyId) } }],
      notes: ctx.settings.kmsKeyId ? ['Readers of new objects will also need kms:Decrypt on the key.'] : undefined,
    };
  },
  async apply(ctx, target) {
    const { PutBucketEncryptionCommand, S3Client } = await import('@aws-sdk/client-s3');
    const Bucket = bucketName(target.resource!);
    const before = await current(ctx, Bucket);
    if (satisfies(before, ctx.settings.kmsKeyId))
      return { outcome: 'already-compliant', summary: `Bucket ${Bucket} was already encrypted by default (${describe(before)}).`, calls: [] };
    const config = desired(ctx.settings.kmsKeyId);
    await ctx.aws.get(S3Client, ctx.region).send(new PutBucketEncryptionCommand({ Bucket, ServerSideEncryptionConfiguration: config }));
    return {
      outcome: 'changed',
      summary: `Bucket ${Bucket} now encrypts new objects with ${describe(config)}.`,
      calls: [{ action: 's3:PutEncryptionConfiguration', params: { Bucket, ServerSideEncryptionConfiguration: config } }],
      previous: { ServerSideEncryptionConfiguration: before ?? null },
    };
  },
};
