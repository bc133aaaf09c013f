import { arnAccount, type AccessConfig } from '../config/schema.js';
import type { IamPolicy, IamStatement } from '../remediations/policy.js';
import { REVOCATION_POLICY_NAME } from './revoke.js';

/**
 * The IAM policies of just-in-time access, built from the configuration (every ARN is known there).
 *
 * Two identities, so that no one identity can both write a role's policies and assume the role:
 * - the **broker** (the bot's own identity) may assume the JIT roles (with session tags and
 *   SourceIdentity) and each account's revoker role; it has no `iam:` write at all;
 * - the **revoker** (one role per account, `access.revokers`) may read the JIT roles of its account and
 *   write or delete only their inline policies, and is denied `sts:AssumeRole` and every change of a
 *   role's permissions boundary, managed policies or trust.
 * The bot holds both credentials in one process, so the split alone would not stop a compromised bot
 * from writing `Allow *` on a read-only role and assuming it. What closes that path is the permissions
 * boundary: with `permissionsBoundary` set on a JIT role, the revoker may write its inline policy only
 * while the role carries that boundary (`iam:PermissionsBoundary`), and a boundary caps whatever an
 * inline policy allows, while a Deny in it always takes effect. Roles without one are listed as warnings.
 */

/** Actions the broker needs on a JIT role (SourceIdentity and session tags are refused otherwise). */
export const BROKER_JIT_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'] as const;
/** What the revoker reads. */
export const REVOKER_READ_ACTIONS = ['iam:GetRole', 'iam:GetRolePolicy'] as const;
/** What the revoker writes: inline policies only. */
export const REVOKER_WRITE_ACTIONS = ['iam:DeleteRolePolicy', 'iam:PutRolePolicy'] as const;
/** Never the revoker's: assuming roles, or changing what bounds, attaches to or trusts a role. */
export const REVOKER_DENIED_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:DeleteRolePermissionsBoundary',
  'iam:PutRolePermissionsBoundary',
  'iam:UpdateAssumeRolePolicy',
  'sts:AssumeRole',
] as const;

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** The policy of the bot's own identity for JIT access: assume the JIT roles and the revokers, nothing else. */
export function brokerPolicy(access: AccessConfig): IamPolicy {
  if (access.roles.length === 0) throw new Error('no just-in-time roles are configured (access.roles)');
  const statements: IamStatement[] = [
    {
      Sid: 'GdprBotJitMintSessions',
      Effect: 'Allow',
      Action: [...BROKER_JIT_ACTIONS],
      Resource: sorted(access.roles.map((r) => r.arn)),
      Condition: { StringEquals: { 'aws:ResourceAccount': sorted(access.roles.map((r) => arnAccount(r.arn))) } },
    },
  ];
  if (access.revokers.length > 0) {
    statements.push({
      Sid: 'GdprBotJitAssumeRevokers',
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: sorted(access.revokers.map((r) => r.roleArn)),
      Condition: { StringEquals: { 'aws:ResourceAccount': sorted(access.revokers.map((r) => r.account)) } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** The accounts that hold JIT roles, and so need a revoker. */
export function revokerAccounts(access: AccessConfig): string[] {
  return sorted(access.roles.map((r) => arnAccount(r.arn)));
}

/**
 * The policy of the revoker role in `account`: read its JIT roles, write only their inline policies
 * (only while they carry their configured boundary), and explicitly nothing else. `warnings` names the
 * roles without a `permissionsBoundary`.
 */
export function revokerPolicy(access: AccessConfig, account: string): { policy: IamPolicy; warnings: string[] } {
  const roles = access.roles.filter((r) => arnAccount(r.arn) === account);
  if (roles.length === 0) throw new Error(`no just-in-time role is in account ${account}`);
  const statements: IamStatement[] = [
    {
      Sid: 'GdprBotJitReadRoles',
      Effect: 'Allow',
      Action: [...REVOKER_READ_ACTIONS],
      Resource: sorted(roles.map((r) => r.arn)),
      Condition: { StringEquals: { 'aws:ResourceAccount': account } },
    },
  ];
  const byBoundary = new Map<string, string[]>();
  for (const role of roles) byBoundary.set(role.permissionsBoundary ?? '', [...(byBoundary.get(role.permissionsBoundary ?? '') ?? []), role.arn]);
  let n = 0;
  for (const [boundary, arns] of [...byBoundary.entries()].sort()) {
    statements.push({
      Sid: boundary ? `GdprBotJitWriteRevocations${++n}` : 'GdprBotJitWriteRevocationsUnbounded',
      Effect: 'Allow',
      Action: [...REVOKER_WRITE_ACTIONS],
      Resource: sorted(arns),
      Condition: { StringEquals: { 'aws:ResourceAccount': account, ...(boundary ? { 'iam:PermissionsBoundary': boundary } : {}) } },
    });
  }
  statements.push({ Sid: 'GdprBotJitRevokerNeverEscalates', Effect: 'Deny', Action: [...REVOKER_DENIED_ACTIONS], Resource: '*' });
  const warnings = roles
    .filter((r) => !r.permissionsBoundary)
    .map(
      (r) =>
        `role ${r.name} (${r.arn}) has no permissionsBoundary: the revoker could write any inline policy on it (not only ${REVOCATION_POLICY_NAME}), and the bot can assume it. ` +
        'Set a permissions boundary on the role in IAM that equals what the role should allow, and name it in access.roles[].permissionsBoundary.',
    );
  return { policy: { Version: '2012-10-17', Statement: statements }, warnings };
}
