import { deniesInsecureTransport } from '../../checks/resource-policy.js';
import { isCode } from '../aws-errors.js';
import { bucketName, partitionOf } from '../shared.js';
import { needsResource, type Remediation, type RemediationContext } from '../types.js';

/** A bucket policy document (only what this fix looks at is typed). */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[];
}
export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

const SID = 'DenyInsecureTransport';

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** The statement this fix adds. */
export function tlsDenyStatement(bucket: string, region: string, sid = SID): PolicyStatement {
  const arn = `arn:${partitionOf(region)}:s3:::${bucket}`;
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [arn, `${arn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * `policy` with a TLS-only Deny statement added; every existing statement is kept as it was. Returns
 * undefined when the policy already denies insecure transport as `s3_bucket_tls_only` judges it (the
 * same function), so the fix never calls compliant what the check fails.
 */
export function mergeTlsOnly(policy: PolicyDocument | undefined, bucket: string, region: string): PolicyDocument | undefined {
  const statements = policy ? (list(policy.Statement) as PolicyStatement[]) : [];
  if (policy && deniesInsecureTransport(policy, `arn:${partitionOf(region)}:s3:::${bucket}`)) return undefined;
  const taken = new Set(statements.map((s) => s.Sid));
  let sid = SID;
  for (let n = 2; taken.has(sid); n++) sid = `${SID}${n}`;
  return { ...(policy ?? {}), Version: policy?.Version ?? '2012-10-17', Statement: [...statements, tlsDenyStatement(bucket, region, sid)] };
}

async function current(ctx: RemediationContext, Bucket: string): Promise<PolicyDocument | undefined> {
  const { GetBucketPolicyCommand, S3Client } = await import('@aws-sdk/client-s3');
  try {
    const res = await ctx.aws.get(S3Client, ctx.region).send(new GetBucketPolicyCommand({ Bucket }));
    return res.Policy ? (JSON.parse(res.Policy) as PolicyDocument) : undefined;
  } catch (error) {
    if (isCode(error, 'NoSuchBucketPolicy')) return undefined;
    throw error;
  }
}

export const s3BucketTlsOnly: Remediation = {
  id: 's3-bucket-tls-only',
  fixes: ['s3_bucket_tls_only'],
  title: 'Require TLS for an S3 bucket',
  changes: 'Adds a Deny statement for requests without TLS (aws:SecureTransport=false) to the bucket policy, keeping every existing statement.',
  risk: 'medium',
  permissions: ['s3:GetBucketPolicy', 's3:PutBucketPolicy'],
  target: 'resource',
  validate: needsResource('bucket name'),
  async plan(ctx, target) {
    const Bucket = bucketName(target.resource!);
    const policy = await current(ctx, Bucket);
    const merged = mergeTlsOnly(policy, Bucket, ctx.region);
    const count = policy ? list(policy.Statement).length : 0;
    return {
      compliant: merged === undefined,
      current: merged
        ? `Bucket ${Bucket} ${policy ? `has a policy with ${count} statement(s), none of which denies plain HTTP` : 'has no bucket policy'}.`
        : `Bucket ${Bucket} already denies requests without TLS.`,
      calls: merged ? [{ action: 's3:PutBucketPolicy', params: { Bucket, Policy: merged } }] : [],
      notes: merged ? ['Clients that still use plain HTTP endpoints will get AccessDenied.'] : undefined,
    };
  },
  async apply(ctx, target) {
    const { PutBucketPolicyCommand, S3Client } = await import('@aws-sdk/client-s3');
    const Bucket = bucketName(target.resource!);
    const policy = await current(ctx, Bucket);
    const merged = mergeTlsOnly(policy, Bucket, ctx.region);
    if (!merged) return { outcome: 'already-compliant', summary: `Bucket ${Bucket} already denied requests without TLS.`, calls: [] };
    await ctx.aws.get(S3Client, ctx.region).send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(merged) }));
    return {
      outcome: 'changed',
      summary: `Bucket ${Bucket} now denies requests without TLS (${merged.Statement.length - 1} existing statement(s) kept).`,
      calls: [{ action: 's3:PutBucketPolicy', params: { Bucket, Policy: merged } }],
      previous: { Policy: policy ?? null },
    };
  },
};
