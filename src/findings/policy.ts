import type { FindingsConfig } from '../config/schema.js';
import { PRINCIPAL_ACCOUNT, type IamPolicy, type IamStatement } from '../remediations/policy.js';

/** What the findings feed reads (and, for the Archive button, changes) in each polled account. */
export const FINDINGS_ACTIONS = {
  guardduty: ['guardduty:ArchiveFindings', 'guardduty:GetFindings', 'guardduty:ListDetectors', 'guardduty:ListFindings'],
  macie2: ['macie2:GetFindings', 'macie2:GetMacieSession', 'macie2:ListFindings'],
} as const;

/** What the findings queue consumer (`findings.delivery: eventbridge`) does with its queue; DeleteMessageBatch is authorised as DeleteMessage. */
export const FINDINGS_QUEUE_ACTIONS = ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'] as const;

/**
 * The ARN of the queue at `queueUrl` (`https://sqs.<region>.amazonaws.com/<account>/<name>` →
 * `arn:aws:sqs:<region>:<account>:<name>`; `amazonaws.com.cn` is the `aws-cn` partition). A URL of
 * another host (an emulator) names its account and queue the same way; its region is `region`.
 */
export function queueArn(sqs: { queueUrl: string; region?: string }): string {
  const url = new URL(sqs.queueUrl);
  const [account, name] = url.pathname.split('/').filter(Boolean);
  const host = /^sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(url.hostname);
  const region = sqs.region ?? host?.[1];
  if (!account || !/^\d{12}$/.test(account) || !name || !region)
    throw new Error(
      `findings.sqs.queueUrl ${sqs.queueUrl} does not name an account, queue and region (https://sqs.<region>.amazonaws.com/<account>/<queue>; give findings.sqs.region for another host)`,
    );
  return `arn:${host?.[2] ? 'aws-cn' : 'aws'}:sqs:${region}:${account}:${name}`;
}

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
  if (findings?.pollSecurityHub) {
    statements.push({
      Sid: 'GdprBotFindingsSecurityHub',
      Effect: 'Allow',
      Action: ['securityhub:GetFindings'],
      Resource: '*',
      Condition: { StringEqualsIfExists: { 'aws:ResourceAccount': PRINCIPAL_ACCOUNT } },
    });
  }
  if (findings?.delivery === 'eventbridge' && findings.sqs) {
    statements.push({ Sid: 'GdprBotFindingsQueue', Effect: 'Allow', Action: [...FINDINGS_QUEUE_ACTIONS], Resource: queueArn(findings.sqs) });
  }
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
