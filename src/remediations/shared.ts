import type { RemediationContext, RemediationTarget } from './types.js';

/** The ARN partition of a region (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The target's account id, or the bot's own (from STS) when the target does not name one. */
export async function accountIdOf(ctx: RemediationContext, target: RemediationTarget): Promise<string> {
  if (target.accountId) return target.accountId;
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
  const who = await ctx.aws.get(STSClient).send(new GetCallerIdentityCommand({}));
  if (!who.Account) throw new Error('sts:GetCallerIdentity returned no account id');
  return who.Account;
}

/** A bucket name from a bucket name or an `arn:aws:s3:::name` ARN. */
export function bucketName(resource: string): string {
  return resource.startsWith('arn:') ? (resource.split(':::')[1] ?? resource).split('/')[0]! : resource;
}

/** The last path segment of an ARN (`arn:aws:iam::1:user/path/alice` → `alice`), or the value itself. */
export function nameFromArn(resource: string): string {
  if (!resource.startsWith('arn:')) return resource;
  const tail = resource.split(':').slice(5).join(':');
  return tail.split('/').pop() ?? tail;
}
