import { REMEDIATIONS } from './catalog/index.js';
import type { Remediation } from './types.js';

/** One statement of a generated IAM policy. */
export interface IamStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document. */
export interface IamPolicy {
  Version: '2012-10-17';
  Statement: IamStatement[];
}

/** The bot's own account, as IAM knows it when the policy is evaluated (a policy variable). */
export const PRINCIPAL_ACCOUNT = '${aws:PrincipalAccount}';

/**
 * Actions whose resource can be named, and the ARN pattern they are scoped to. Everything else works on
 * the account itself (enable a service, an account setting) and takes `*`.
 */
export const REMEDIATOR_RESOURCES: Readonly<Record<string, string>> = {
  'iam:ListAccessKeys': 'arn:*:iam::*:user/*',
  'iam:GetAccessKeyLastUsed': 'arn:*:iam::*:user/*',
  'iam:UpdateAccessKey': 'arn:*:iam::*:user/*',
  'iam:GetLoginProfile': 'arn:*:iam::*:user/*',
  'iam:GetUser': 'arn:*:iam::*:user/*',
  'iam:DeleteLoginProfile': 'arn:*:iam::*:user/*',
  'iam:CreateServiceLinkedRole': 'arn:*:iam::*:role/aws-service-role/*',
  's3:GetBucketPublicAccessBlock': 'arn:*:s3:::*',
  's3:PutBucketPublicAccessBlock': 'arn:*:s3:::*',
  's3:GetEncryptionConfiguration': 'arn:*:s3:::*',
  's3:PutEncryptionConfiguration': 'arn:*:s3:::*',
  's3:GetBucketPolicy': 'arn:*:s3:::*',
  's3:PutBucketPolicy': 'arn:*:s3:::*',
  's3:GetBucketPolicyStatus': 'arn:*:s3:::*',
  's3:GetBucketLocation': 'arn:*:s3:::*',
  's3:GetBucketAcl': 'arn:*:s3:::*',
  'kms:GetKeyRotationStatus': 'arn:*:kms:*:*:key/*',
  'kms:EnableKeyRotation': 'arn:*:kms:*:*:key/*',
  'cloudtrail:GetTrail': 'arn:*:cloudtrail:*:*:trail/*',
  'cloudtrail:UpdateTrail': 'arn:*:cloudtrail:*:*:trail/*',
};

/** The service-linked role a remediation's service needs (`iam:AWSServiceName`), by the service's IAM prefix. */
export const SERVICE_LINKED_ROLES: Readonly<Record<string, string>> = {
  'access-analyzer': 'access-analyzer.amazonaws.com',
  guardduty: 'guardduty.amazonaws.com',
  inspector2: 'inspector2.amazonaws.com',
  macie2: 'macie.amazonaws.com',
  securityhub: 'securityhub.amazonaws.com',
};

const pascal = (service: string) => service.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase());

/** The services whose service-linked role `remediation` may create; throws for one this table does not know. */
function serviceLinkedRolesOf(remediation: Remediation): string[] {
  if (!remediation.permissions.includes('iam:CreateServiceLinkedRole')) return [];
  const names = [...new Set(remediation.permissions.map((a) => a.split(':')[0]!).filter((s) => s !== 'iam'))].map((s) => SERVICE_LINKED_ROLES[s]);
  if (names.length === 0 || names.some((n) => n === undefined)) {
    throw new Error(`${remediation.id} asks for iam:CreateServiceLinkedRole but its service is not in SERVICE_LINKED_ROLES`);
  }
  return names as string[];
}

/**
 * The IAM policy the remediator role needs, built from each remediation's `permissions`: one statement
 * per service for account-wide actions, one per service for actions scoped to their resource type
 * (users, buckets, keys, trails), every one limited to the caller's own account (`aws:ResourceAccount`
 * = `${aws:PrincipalAccount}`; `IfExists` on account-wide actions, whose request may carry no resource),
 * and `iam:CreateServiceLinkedRole` only for the services the fixes enable (`iam:AWSServiceName`).
 * Separate from the scanner's read-only policy: the remediator is the only identity that may change AWS.
 */
export function remediatorPolicy(remediations: readonly Remediation[] = REMEDIATIONS): IamPolicy {
  const groups = new Map<string, { service: string; resource: string; actions: Set<string> }>();
  const slr = new Set<string>();
  for (const r of remediations) {
    for (const name of serviceLinkedRolesOf(r)) slr.add(name);
    for (const action of r.permissions) {
      if (action === 'iam:CreateServiceLinkedRole') continue;
      const service = action.split(':')[0]!;
      const resource = REMEDIATOR_RESOURCES[action] ?? '*';
      const key = `${service} ${resource}`;
      const group = groups.get(key) ?? { service, resource, actions: new Set<string>() };
      group.actions.add(action);
      groups.set(key, group);
    }
  }
  const statements: IamStatement[] = [...groups.values()]
    .sort((a, b) => a.service.localeCompare(b.service) || (a.resource === '*' ? -1 : b.resource === '*' ? 1 : a.resource.localeCompare(b.resource)))
    .map((g) => ({
      Sid: `GdprBotRemediate${pascal(g.service)}${g.resource === '*' ? '' : 'Scoped'}`,
      Effect: 'Allow',
      Action: [...g.actions].sort(),
      Resource: g.resource,
      Condition: { [g.resource === '*' ? 'StringEqualsIfExists' : 'StringEquals']: { 'aws:ResourceAccount': PRINCIPAL_ACCOUNT } },
    }));
  if (slr.size > 0) {
    statements.push({
      Sid: 'GdprBotRemediateServiceLinkedRoles',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: REMEDIATOR_RESOURCES['iam:CreateServiceLinkedRole']!,
      Condition: { StringEquals: { 'iam:AWSServiceName': [...slr].sort(), 'aws:ResourceAccount': PRINCIPAL_ACCOUNT } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
