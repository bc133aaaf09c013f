import type { FindingsConfig } from '../config/schema.js';
import { PRINCIPAL_ACCOUNT, type IamPolicy, type IamStatement } from '../remediations/policy.js';

/** What the findings feed reads (and, for the Archive button, changes) in each polled account. */
export const FINDINGS_ACTIONS = {
  guardduty: ['guardduty:ArchiveFindings', 'guardduty:GetFindings', 'guardduty:ListDetectors', 'guardduty:ListFindings'],
  macie2: ['macie2:GetFindings', 'macie2:GetMacieSession', 'macie2:ListFindings'],
} as const;

/**
 * The policy of the identity that polls findings in one account (the bot's own, or each member role in
 * `findings.accounts`), plus, for the bot's own identity, `sts:AssumeRole` on those member roles.
 */
export function findingsPolicy(findings?: FindingsConfig): IamPolicy {
  const statements: IamStatement[] = [
    { Sid: 'GdprBotFindingsIdentity', Effect: 'Allow', Action: ['sts:GetCallerIdentity'], Resource: '*' },
    ...Object.entries(FINDINGS_ACTIONS).map(([service, actions]): IamStatement => ({
      Sid: `GdprBotFindings${service === 'guardduty' ? 'GuardDuty' : 'Macie'}`,
      Effect: 'Allow',
      Action: [...actions],
      Resource: '*',
      Condition: { StringEqualsIfExists: { 'aws:ResourceAccount': PRINCIPAL_ACCOUNT } },
    })),
  ];
  const members = findings?.accounts ?? [];
  if (members.length > 0) {
    statements.push({
      Sid: 'GdprBotFindingsAssumeMemberRoles',
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: [...new Set(members.map((a) => a.roleArn))].sort(),
      Condition: { StringEquals: { 'aws:ResourceAccount': [...new Set(members.map((a) => a.id))].sort() } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
