import type { PublicAccessBlockConfiguration } from '@aws-sdk/client-s3-control';
import { locationRegion } from '../../aws/facts.js';
import { describeAwsError, isCode } from '../aws-errors.js';
import { ALL_BLOCKED, flagsOff } from './s3-bucket-block-public-access.js';
import { accountIdOf } from '../shared.js';
import { anyTarget, type Remediation, type RemediationContext } from '../types.js';

const PUBLIC_GROUPS = ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'];
/** How many buckets the plan inspects one by one (more are named in a note, never silently skipped). */
const MAX_BUCKETS_INSPECTED = 200;
const CONCURRENCY = 8;

async function current(ctx: RemediationContext, AccountId: string): Promise<PublicAccessBlockConfiguration | undefined> {
  const { GetPublicAccessBlockCommand, S3ControlClient } = await import('@aws-sdk/client-s3-control');
  try {
    const res = await ctx.aws.get(S3ControlClient, ctx.region).send(new GetPublicAccessBlockCommand({ AccountId }));
    return res.PublicAccessBlockConfiguration;
  } catch (error) {
    if (isCode(error, 'NoSuchPublicAccessBlockConfiguration')) return undefined;
    throw error;
  }
}

/** Buckets that are public today (bucket policy or ACL), and those that could not be read. */
export async function publicBuckets(ctx: RemediationContext): Promise<{ public: string[]; unreadable: string[]; skipped: number }> {
  const { GetBucketAclCommand, GetBucketLocationCommand, GetBucketPolicyStatusCommand, paginateListBuckets, S3Client } = await import('@aws-sdk/client-s3');
  const buckets: { name: string; region?: string }[] = [];
  for await (const page of paginateListBuckets({ client: ctx.aws.get(S3Client, ctx.region) }, {})) {
    // No BucketRegion: GetBucketLocation below, never the plan's region.
    for (const b of page.Buckets ?? []) if (b.Name) buckets.push({ name: b.Name, ...(b.BucketRegion ? { region: b.BucketRegion } : {}) });
  }
  const inspected = buckets.slice(0, MAX_BUCKETS_INSPECTED);
  const found: string[] = [];
  const unreadable: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < inspected.length) {
      const bucket = inspected[next++]!;
      try {
        const region =
          bucket.region ??
          locationRegion((await ctx.aws.get(S3Client, ctx.region).send(new GetBucketLocationCommand({ Bucket: bucket.name }))).LocationConstraint);
        const s3 = ctx.aws.get(S3Client, region);
        let isPublic = false;
        try {
          const status = await s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket.name }));
          isPublic = status.PolicyStatus?.IsPublic === true;
        } catch (error) {
          if (!isCode(error, 'NoSuchBucketPolicy')) throw error;
        }
        if (!isPublic) {
          const acl = await s3.send(new GetBucketAclCommand({ Bucket: bucket.name }));
          isPublic = (acl.Grants ?? []).some((g) => g.Grantee?.URI !== undefined && PUBLIC_GROUPS.includes(g.Grantee.URI));
        }
        if (isPublic) found.push(bucket.name);
      } catch (error) {
        unreadable.push(`${bucket.name} (${describeAwsError(error)})`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { public: found.sort(), unreadable: unreadable.sort(), skipped: buckets.length - inspected.length };
}

export const s3AccountBlockPublicAccess: Remediation = {
  id: 's3-account-block-public-access',
  fixes: ['s3_account_public_access_blocked'],
  title: 'Block public access to S3 for the whole account',
  changes:
    'Turns on all four account-level S3 Block Public Access settings: no bucket in this account can be made public by ACL or bucket policy, including those public today.',
  risk: 'high',
  permissions: [
    's3:GetAccountPublicAccessBlock',
    's3:PutAccountPublicAccessBlock',
    's3:ListAllMyBuckets',
    's3:GetBucketLocation',
    's3:GetBucketPolicyStatus',
    's3:GetBucketAcl',
  ],
  target: 'account',
  validate: anyTarget,
  async plan(ctx, target) {
    const AccountId = await accountIdOf(ctx, target);
    const config = await current(ctx, AccountId);
    const off = flagsOff(config);
    if (off.length === 0) {
      return { compliant: true, current: `Account ${AccountId} already blocks public access to S3.`, calls: [] };
    }
    const found = await publicBuckets(ctx);
    const notes = [found.public.length > 0 ? `Public today and would stop being public: ${found.public.join(', ')}.` : 'No bucket is public today.'];
    if (found.unreadable.length > 0) notes.push(`Could not tell whether these are public: ${found.unreadable.join('; ')}.`);
    if (found.skipped > 0) notes.push(`${found.skipped} more bucket(s) were not inspected one by one; they are covered by the change too.`);
    return {
      compliant: false,
      current: config
        ? `Account ${AccountId} has these Block Public Access settings off: ${off.join(', ')}.`
        : `Account ${AccountId} has no account-level Block Public Access configuration.`,
      calls: [{ action: 's3:PutAccountPublicAccessBlock', params: { AccountId, PublicAccessBlockConfiguration: ALL_BLOCKED } }],
      notes,
    };
  },
  async apply(ctx, target) {
    const { PutPublicAccessBlockCommand, S3ControlClient } = await import('@aws-sdk/client-s3-control');
    const AccountId = await accountIdOf(ctx, target);
    const before = await current(ctx, AccountId);
    if (flagsOff(before).length === 0) return { outcome: 'already-compliant', summary: `Account ${AccountId} already blocked public access to S3.`, calls: [] };
    await ctx.aws.get(S3ControlClient, ctx.region).send(new PutPublicAccessBlockCommand({ AccountId, PublicAccessBlockConfiguration: ALL_BLOCKED }));
    return {
      outcome: 'changed',
      summary: `Account ${AccountId} now blocks public access to every S3 bucket.`,
      calls: [{ action: 's3:PutAccountPublicAccessBlock', params: { AccountId, PublicAccessBlockConfiguration: ALL_BLOCKED } }],
      previous: { PublicAccessBlockConfiguration: before ?? null },
    };
  },
};
