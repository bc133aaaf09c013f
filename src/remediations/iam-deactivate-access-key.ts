import { IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { nameFromArn } from './shared.js';
import type { Remediation, RemediationContext, RemediationTarget } from './types.js';

async function keyStatus(ctx: RemediationContext, UserName: string, AccessKeyId: string): Promise<string> {
  const res = await ctx.aws.get(IAMClient).send(new ListAccessKeysCommand({ UserName }));
  const key = res.AccessKeyMetadata?.find((k) => k.AccessKeyId === AccessKeyId);
  if (!key) throw new Error(`user ${UserName} has no access key ${AccessKeyId}`);
  return key.Status ?? 'Unknown';
}

function ids(target: RemediationTarget): { UserName: string; AccessKeyId: string } {
  return { UserName: nameFromArn(target.resource!), AccessKeyId: target.accessKeyId! };
}

export const iamDeactivateAccessKey: Remediation = {
  id: 'iam-deactivate-access-key',
  title: 'Deactivate an IAM access key',
  changes: 'Marks this access key Inactive so it can no longer sign requests; the key is not deleted and can be reactivated.',
  risk: 'medium',
  permissions: ['iam:ListAccessKeys', 'iam:UpdateAccessKey'],
  target: 'resource',
  verifyWith: 'plan',
  validate(target) {
    if (!target.resource) return 'this fix needs the IAM user name';
    if (!target.accessKeyId || !/^[A-Z0-9]{16,128}$/.test(target.accessKeyId)) return 'this fix needs the access key id';
    return undefined;
  },
  async plan(ctx, target) {
    const { UserName, AccessKeyId } = ids(target);
    const status = await keyStatus(ctx, UserName, AccessKeyId);
    const inactive = status === 'Inactive';
    return {
      compliant: inactive,
      current: `Access key ${AccessKeyId} of ${UserName} is ${status}.`,
      calls: inactive ? [] : [{ action: 'iam:UpdateAccessKey', params: { UserName, AccessKeyId, Status: 'Inactive' } }],
    };
  },
  async apply(ctx, target) {
    const { UserName, AccessKeyId } = ids(target);
    const status = await keyStatus(ctx, UserName, AccessKeyId);
    if (status === 'Inactive') return { outcome: 'already-compliant', summary: `Access key ${AccessKeyId} of ${UserName} was already inactive.`, calls: [] };
    await ctx.aws.get(IAMClient).send(new UpdateAccessKeyCommand({ UserName, AccessKeyId, Status: 'Inactive' }));
    return {
      outcome: 'changed',
      summary: `Access key ${AccessKeyId} of ${UserName} is now inactive (not deleted).`,
      calls: [{ action: 'iam:UpdateAccessKey', params: { UserName, AccessKeyId, Status: 'Inactive' } }],
      previous: { Status: status },
    };
  },
};
