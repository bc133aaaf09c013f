import type { Read } from '../aws/collectors/context.js';
import type { PublicAccessBlock, S3Bucket } from '../aws/collectors/s3.js';

/** ACL grantee URIs that make a bucket public (everyone, and every AWS account). */
export const PUBLIC_GRANTEES = ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'];

const FLAGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const satisfies readonly (keyof PublicAccessBlock)[];
const NONE: PublicAccessBlock = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };

/** How exposed a bucket is, judged on the Block Public Access settings AWS actually applies. */
export interface BucketExposure {
  /** The effective Block Public Access flags: per flag, on when the bucket or the account has it on. */
  effective: PublicAccessBlock;
  /** The effective flags that are off. */
  off: (keyof PublicAccessBlock)[];
  /** What makes the bucket public now (empty: not public). */
  publicBecause: string[];
}

/**
 * The Block Public Access flags in force for a bucket. AWS applies, per flag, the most restrictive of
 * the account-level and bucket-level settings (`null`: not configured, every flag off). When one of the
 * two could not be read, the result is that error, unless the other has all four flags on (then the
 * unread one cannot change the outcome).
 */
export function effectivePublicAccessBlock(bucket: Read<PublicAccessBlock | null>, account: Read<PublicAccessBlock | null>): Read<PublicAccessBlock> {
  for (const read of [bucket, account]) {
    if (read.ok && read.value && FLAGS.every((f) => read.value![f])) return { ok: true, value: { ...read.value } };
  }
  if (!bucket.ok) return bucket;
  if (!account.ok) return account;
  const own = bucket.value ?? NONE;
  const acct = account.value ?? NONE;
  return {
    ok: true,
    value: {
      blockPublicAcls: own.blockPublicAcls || acct.blockPublicAcls,
      ignorePublicAcls: own.ignorePublicAcls || acct.ignorePublicAcls,
      blockPublicPolicy: own.blockPublicPolicy || acct.blockPublicPolicy,
      restrictPublicBuckets: own.restrictPublicBuckets || acct.restrictPublicBuckets,
    },
  };
}

/**
 * Whether a bucket is public under the settings in force: an ACL grant to AllUsers or
 * AuthenticatedUsers counts unless IgnorePublicAcls is effectively on; a policy that
 * GetBucketPolicyStatus reports as public counts unless RestrictPublicBuckets is effectively on. A read
 * it needs that failed (Block Public Access of bucket or account, policy status, ACL) is returned as
 * that error, never a guess; a read the settings in force make irrelevant is not needed.
 */
export function bucketExposure(bucket: S3Bucket, account: Read<PublicAccessBlock | null>): Read<BucketExposure> {
  const effective = effectivePublicAccessBlock(bucket.publicAccessBlock, account);
  if (!effective.ok) return effective;
  const flags = effective.value;
  const publicBecause: string[] = [];
  if (!flags.restrictPublicBuckets) {
    if (!bucket.policyPublic.ok) return bucket.policyPublic;
    if (bucket.policyPublic.value === true) publicBecause.push('its bucket policy makes it public');
  }
  if (!flags.ignorePublicAcls) {
    if (!bucket.aclGrantees.ok) return bucket.aclGrantees;
    const grants = bucket.aclGrantees.value.filter((g) => PUBLIC_GRANTEES.includes(g));
    if (grants.length > 0) publicBecause.push(`its ACL grants access to ${grants.map((g) => g.split('/').pop()).join(' and ')}`);
  }
  return { ok: true, value: { effective: flags, off: FLAGS.filter((f) => !flags[f]), publicBecause } };
}
