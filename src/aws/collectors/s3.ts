import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { locationRegion } from '../facts.js';
import type { CallError, CollectContext, Read } from './context.js';
import type { Collector } from './types.js';

export { locationRegion };

/** The four Block Public Access flags. */
export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface S3Bucket {
  name: string;
  arn: string;
  /**
   * The bucket's region: ListBuckets `BucketRegion`, else GetBucketLocation. Never guessed: when neither
   * answered, an error (and every detail read of the bucket is that error too).
   */
  region: Read<string>;
  /** `null`: no bucket-level Block Public Access configuration. */
  publicAccessBlock: Read<PublicAccessBlock | null>;
  /** GetBucketPolicyStatus `IsPublic`; `null` when the bucket has no policy. */
  policyPublic: Read<boolean | null>;
  /** Grantee URIs of the ACL (AllUsers / AuthenticatedUsers grants make a bucket public). */
  aclGrantees: Read<string[]>;
  /** Default encryption algorithm (`AES256`, `aws:kms`, `aws:kms:dsse`), `null` when none is configured. */
  encryption: Read<string | null>;
  /** The bucket policy document, `null` when there is none. */
  policy: Read<unknown>;
  versioning: Read<{ status: string | null; mfaDelete: boolean }>;
}

export interface S3Data {
  /** Account-level Block Public Access (s3control), `null` when not configured. */
  accountPublicAccessBlock: Read<PublicAccessBlock | null>;
  buckets: Read<S3Bucket[]>;
  /**
   * Set when the account has more buckets than `scan.bucketShardSize`: every bucket is listed with its
   * region, but its details are left to the scan's bucket jobs (each detail read is a `NotReadHere`
   * error here, so a check that judged them on this snapshot could only say "error", never pass).
   */
  sharded?: true;
}

/** A listed bucket and its region (ListBuckets `BucketRegion`, else GetBucketLocation): what a bucket job starts from. */
export interface ListedBucket {
  name: string;
  region: Read<string>;
}

const NO_PAB = ['NoSuchPublicAccessBlockConfiguration'];
/** Buckets whose details are read at a time (the account's request limit still bounds what is in flight). */
const BUCKET_SLICE = 64;
const NO_POLICY = ['NoSuchBucketPolicy'];
const NO_ENCRYPTION = ['ServerSideEncryptionConfigurationNotFoundError'];

function flags(
  c: { BlockPublicAcls?: boolean; IgnorePublicAcls?: boolean; BlockPublicPolicy?: boolean; RestrictPublicBuckets?: boolean } | undefined,
): PublicAccessBlock | null {
  if (!c) return null;
  return {
    blockPublicAcls: c.BlockPublicAcls === true,
    ignorePublicAcls: c.IgnorePublicAcls === true,
    blockPublicPolicy: c.BlockPublicPolicy === true,
    restrictPublicBuckets: c.RestrictPublicBuckets === true,
  };
}

/** The bucket's region when ListBuckets did not give it: GetBucketLocation (never the scan region). */
async function bucketRegion(ctx: CollectContext, s3: S3Client, name: string, listed: string | undefined): Promise<Read<string>> {
  if (listed) return { ok: true, value: listed };
  return ctx.read(async () =>
    locationRegion((await ctx.must('s3:GetBucketLocation', () => s3.send(new GetBucketLocationCommand({ Bucket: name })))).LocationConstraint),
  );
}

function unknownRegion(name: string, region: CallError): S3Bucket {
  const error: Read<never> = { ok: false, error: region };
  return {
    name,
    arn: `arn:aws:s3:::${name}`,
    region: error,
    publicAccessBlock: error,
    policyPublic: error,
    aclGrantees: error,
    encryption: error,
    policy: error,
    versioning: error,
  };
}

/** A listed bucket whose details a bucket job reads (see {@link S3Data.sharded}). */
function detailsElsewhere(bucket: ListedBucket): S3Bucket {
  const error: Read<never> = {
    ok: false,
    error: { call: 's3 bucket job', kind: 'other', code: 'NotReadHere', message: 'this bucket is read by a bucket job of the scan (scan.bucketShardSize)' },
  };
  return {
    name: bucket.name,
    arn: `arn:aws:s3:::${bucket.name}`,
    region: bucket.region,
    publicAccessBlock: error,
    policyPublic: error,
    aclGrantees: error,
    encryption: error,
    policy: error,
    versioning: error,
  };
}

/** Reads the details of listed buckets, a slice at a time (a bucket job's reads, and the collector's). */
export async function readBucketDetails(ctx: CollectContext, buckets: readonly ListedBucket[]): Promise<S3Bucket[]> {
  const out: S3Bucket[] = [];
  for (let i = 0; i < buckets.length; i += BUCKET_SLICE) {
    out.push(...(await Promise.all(buckets.slice(i, i + BUCKET_SLICE).map((b) => bucketDetails(ctx, b.name, b.region)))));
  }
  return out;
}

async function bucketDetails(ctx: CollectContext, name: string, regionRead: Read<string>): Promise<S3Bucket> {
  if (!regionRead.ok) return unknownRegion(name, regionRead.error);
  const region = regionRead.value;
  const s3 = ctx.clients.get(S3Client, region);
  const [publicAccessBlock, policyPublic, aclGrantees, encryption, policy, versioning] = await Promise.all([
    ctx.read(async () =>
      flags(
        (await ctx.call('s3:GetBucketPublicAccessBlock', () => s3.send(new GetPublicAccessBlockCommand({ Bucket: name })), NO_PAB))
          ?.PublicAccessBlockConfiguration,
      ),
    ),
    ctx.read(async () => {
      const out = await ctx.call('s3:GetBucketPolicyStatus', () => s3.send(new GetBucketPolicyStatusCommand({ Bucket: name })), NO_POLICY);
      return out ? out.PolicyStatus?.IsPublic === true : null;
    }),
    ctx.read(async () => {
      const out = await ctx.must('s3:GetBucketAcl', () => s3.send(new GetBucketAclCommand({ Bucket: name })));
      return (out.Grants ?? []).map((g) => g.Grantee?.URI ?? '').filter(Boolean);
    }),
    ctx.read(async () => {
      const out = await ctx.call('s3:GetEncryptionConfiguration', () => s3.send(new GetBucketEncryptionCommand({ Bucket: name })), NO_ENCRYPTION);
      return out?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null;
    }),
    ctx.read(async () => {
      const out = await ctx.call('s3:GetBucketPolicy', () => s3.send(new GetBucketPolicyCommand({ Bucket: name })), NO_POLICY);
      return out?.Policy ? (JSON.parse(out.Policy) as unknown) : null;
    }),
    ctx.read(async () => {
      const out = await ctx.must('s3:GetBucketVersioning', () => s3.send(new GetBucketVersioningCommand({ Bucket: name })));
      return { status: out.Status ?? null, mfaDelete: out.MFADelete === 'Enabled' };
    }),
  ]);
  return { name, arn: `arn:aws:s3:::${name}`, region: regionRead, publicAccessBlock, policyPublic, aclGrantees, encryption, policy, versioning };
}

/** S3 (account-wide): account Block Public Access and, for every bucket, its region, access, encryption, policy and versioning settings. */
export const s3Collector: Collector<S3Data> = {
  id: 's3',
  scope: 'account',
  async collect(ctx) {
    const control = ctx.clients.get(S3ControlClient, ctx.region);
    const s3 = ctx.clients.get(S3Client, ctx.region);
    let sharded = false;
    const [accountPublicAccessBlock, buckets] = await Promise.all([
      ctx.read(async () =>
        flags(
          (await ctx.call('s3:GetAccountPublicAccessBlock', () => control.send(new GetAccountPublicAccessBlockCommand({ AccountId: ctx.accountId })), NO_PAB))
            ?.PublicAccessBlockConfiguration,
        ),
      ),
      ctx.read(async () => {
        const list = await ctx.pages('s3:ListAllMyBuckets', paginateListBuckets({ client: s3 }, { MaxBuckets: 1000 }), (p) => p.Buckets);
        // In slices, so a 10,000-bucket account does not queue 60,000 pending requests at once.
        const listed: ListedBucket[] = [];
        for (let i = 0; i < list.length; i += BUCKET_SLICE) {
          listed.push(
            ...(await Promise.all(
              list.slice(i, i + BUCKET_SLICE).map(async (b) => ({ name: b.Name ?? '', region: await bucketRegion(ctx, s3, b.Name ?? '', b.BucketRegion) })),
            )),
          );
        }
        if (ctx.bucketShardSize !== undefined && listed.length > ctx.bucketShardSize) {
          sharded = true;
          return listed.map(detailsElsewhere);
        }
        return readBucketDetails(ctx, listed);
      }),
    ]);
    return sharded ? { accountPublicAccessBlock, buckets, sharded: true } : { accountPublicAccessBlock, buckets };
  },
};
