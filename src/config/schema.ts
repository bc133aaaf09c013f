import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { parseDuration } from './duration.js';

/**
 * The YAML configuration file (`gdpr-bot.yml`). Every key is validated at start-up; unknown keys are
 * errors so that a typo cannot silently switch a control off. Slack principals are always ids, never
 * display names, because names can be changed by their owners.
 */

export const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id such as U0123ABCD');
export const slackUsergroupId = z.string().regex(/^S[A-Z0-9]{2,}$/, 'a Slack user group id such as S0123ABCD');
export const slackChannelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'a Slack channel id such as C0123ABCD');
export const awsRegion = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'an AWS region such as eu-west-1');

/** A duration written as `15m`, `4h`, `1h30m`; parsed to milliseconds. */
export const duration = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, 'a duration such as 90s, 15m, 4h or 1h30m')
  .transform((s) => parseDuration(s) as number);

export const cronExpression = z.string().refine((s) => {
  try {
    CronExpressionParser.parse(s);
    return true;
  } catch {
    return false; // the refine message below tells the user what is wrong; nothing is swallowed
  }
}, 'a cron expression such as "0 6 * * *"');

/** Who may approve: Slack user ids and user group ids. */
export const approverRules = z.strictObject({
  users: z.array(slackUserId).default([]),
  usergroups: z.array(slackUsergroupId).default([]),
});
export type ApproverRules = z.infer<typeof approverRules>;

/** The IAM account password policy `iam-set-password-policy` applies (the baseline of action item 3). */
export const passwordPolicy = z.strictObject({
  minimumLength: z.number().int().min(14).max(128).default(14),
  requireSymbols: z.boolean().default(true),
  requireNumbers: z.boolean().default(true),
  requireUppercase: z.boolean().default(true),
  requireLowercase: z.boolean().default(true),
  allowUsersToChangePassword: z.boolean().default(true),
  /** Days; 0 means passwords do not expire (NIST 800-63B prefers no forced expiry). */
  maxPasswordAge: z.number().int().min(0).max(1095).default(0),
  passwordReusePrevention: z.number().int().min(1).max(24).default(24),
  hardExpiry: z.boolean().default(false),
});

/** Approve-to-fix settings (see src/remediations). */
export const remediationSettings = z.strictObject({
  /** Who may approve fixes; default: the top-level `approvers`. */
  approvers: approverRules.optional(),
  /** Distinct approvers needed before a fix runs. */
  minApprovals: z.number().int().min(1).max(5).default(1),
  /** Remediation ids the operator lets run without a human approval (recorded as approved by "policy"). */
  auto: z.array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a remediation id such as ebs-enable-default-encryption')).default([]),
  /** How long a request waits for approval before it expires. */
  requestTtl: duration.default(24 * 3600 * 1000),
  passwordPolicy: passwordPolicy.default(passwordPolicy.parse({})),
  /** KMS key (id, alias or ARN) for `s3-bucket-default-encryption`; SSE-S3 when absent. */
  kmsKeyId: z.string().min(1).optional(),
});
export type RemediationSettings = z.infer<typeof remediationSettings>;

export const configSchema = z.strictObject({
  approvers: approverRules.default({ users: [], usergroups: [] }),
  channels: z
    .strictObject({
      approvals: slackChannelId.optional(),
      findings: slackChannelId.optional(),
      audit: slackChannelId.optional(),
    })
    .default({}),
  scan: z
    .strictObject({
      regions: z.array(awsRegion).min(1).default(['eu-west-1']),
      schedule: cronExpression.default('0 6 * * *'),
    })
    .default({ regions: ['eu-west-1'], schedule: '0 6 * * *' }),
  slack: z
    .strictObject({
      /** Minimum time between two posts to the same channel (Slack allows about one per second). */
      postInterval: duration.default(1000),
      /** How long approver and user-group look-ups are cached. */
      directoryCacheTtl: duration.default(60_000),
    })
    .default({ postInterval: 1000, directoryCacheTtl: 60_000 }),
  remediation: remediationSettings.default(remediationSettings.parse({})),
});

/** The validated configuration, durations already in milliseconds. */
export type Config = z.infer<typeof configSchema>;
