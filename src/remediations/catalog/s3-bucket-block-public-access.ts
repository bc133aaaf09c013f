import type { PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import { isCode } from '../aws-errors.js';
import { bucketName } from '../shared.js';
import { needsResource, type Remediation, type RemediationContext } from '../types.js';

/** All four Block Public Access flags on. */
export const ALL_BLOCKED: Required<PublicAccessBlockConfiguration> = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/** Which of the four flags are off, by name. */
export function flagsOff(config: PublicAccessBlockConfiguration | undefined): string[] {
  return (Object.keys(ALL_BLOCKED) as (keyof PublicAccessBlockConfiguration)[]).filter((k) => config?.[k] !== true);
}

async function current(ctx: RemediationContext, Bucket: string): Promise<PublicAccessBlockConfiguration | undefined> {
  const { GetPublicAccessBlockCommand, S3Client } = await import('@aws-sdk/client-s3');
  try {
    const res = await ctx.aws.get(S3Client, ctx.region).send(new GetPublicAccessBlockCommand({ Bucket }));
    return res.PublicAccessBlockConfiguration;
  } catch (error) {
    if (isCode(error, 'NoSuchPublicAccessBlockConfiguration')) return undefined;
    throw error;
  }
}

export const s3BucketBlockPublicAccess: Remediation = {
  id: 's3-bucket-block-public-access',
  fixes: ['cloudtrail_bucket_not_public', 's3_bucket_public_access_blocked'],
  title: 'Block public access to an S3 bucket',
  changes: 'Turns on all four S3 Block Public Access settings of this bucket, so public ACLs and public bucket policies stop granting access.',
  risk: 'medium',
  permissions: ['s3:GetBucketPublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
  target: 'resource',
  validate: needsResource('bucket name'),
  async plan(ctx, target) {
    const Bucket = bucketName(target.resource!);
    const config = await current(ctx, Bucket);
    const off = flagsOff(config);
    return {
      compliant: off.length === 0,
      current: config
        ? off.length === 0
          ? `Bucket ${Bucket} blocks all public access.`
          : `Bucket ${Bucket} has these Block Public Access settings off: ${off.join(', ')}.`
        : `Bucket ${Bucket} has no Block Public Access configuration.`,
      calls: off.length === 0 ? [] : [{ action: 's3:PutBucketPublicAccessBlock', params: { Bucket, PublicAccessBlockConfiguration: ALL_BLOCKED } }],
    };
  },
  async apply(ctx, target) {
    const { PutPublicAccessBlockCommand, S3Client } = await import('@aws-sdk/client-s3');
    const Bucket = bucketName(target.resource!);
    const before = await current(ctx, Bucket);
    if (flagsOff(before).length === 0) return { outcome: 'already-compliant', summary: `Bucket ${Bucket} already blocked all public access.`, calls: [] };
    await ctx.aws.get(S3Client, ctx.region).send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: ALL_BLOCKED }));
    return {
      outcome: 'changed',
      summary: `Bucket ${Bucket} now blocks all public access.`,
      calls: [{ action: 's3:PutBucketPublicAccessBlock', params: { Bucket, PublicAccessBlockConfiguration: ALL_BLOCKED } }],
      previous: { PublicAccessBlockConfiguration: before ?? null },
    };
  },
};
