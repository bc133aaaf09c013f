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
/** A 12-digit account id; YAML reads unquoted ids as numbers, so those are accepted when they keep 12 digits. */
export const awsAccountId = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id (quote it in YAML)'));
export const iamRoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'an IAM role ARN such as arn:aws:iam::123456789012:role/GdprBotScanner');
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
      /** Member accounts scanned through an assumed role, besides the bot's own account. */
      accounts: z.array(z.strictObject({ id: awsAccountId, roleArn: iamRoleArn })).default([]),
      /** List the organisation's accounts (from the management account) and scan each through `organizationRole`. */
      organization: z.boolean().default(false),
      organizationRole: z.string().regex(/^[\w+=,.@/-]{1,64}$/, 'an IAM role name such as GdprBotScanner').default('GdprBotScanner'),
      /** AWS requests in flight per (account, region) scan job. */
      concurrency: z.number().int().min(1).max(64).default(8),
      /** How long scan summaries are kept for the history. */
      historyRetention: duration.default(90 * 86_400_000),
      /** Regions the company uses; enabled opt-in regions outside these and `regions` fail a check. Default: `regions`. */
      allowedRegions: z.array(awsRegion).optional(),
      thresholds: z
        .strictObject({
          unusedCredentialDays: z.number().int().min(1).default(90),
          accessKeyMaxAgeDays: z.number().int().min(1).default(90),
          rootRecentUseDays: z.number().int().min(1).default(30),
          certificateExpiryDays: z.number().int().min(1).default(30),
        })
        .prefault({}),
    })
    .prefault({}),
  slack: z
    .strictObject({
      /** Minimum time between two posts to the same channel (Slack allows about one per second). */
      postInterval: duration.default(1000),
      /** How long approver and user-group look-ups are cached. */
      directoryCacheTtl: duration.default(60_000),
    })
    .default({ postInterval: 1000, directoryCacheTtl: 60_000 }),
});

/** The validated configuration, durations already in milliseconds. */
export type Config = z.infer<typeof configSchema>;
