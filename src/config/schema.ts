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

export const awsAccountId = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id');
export const iamRoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'an IAM role ARN such as arn:aws:iam::123456789012:role/gdpr-bot');
export const severityBand = z.enum(['low', 'medium', 'high', 'critical']);

/** The findings feed (GuardDuty and Macie findings in Slack). The feed polls only when this section is present. */
export const findingsSchema = z.strictObject({
  /** How often each (account, region) is polled. */
  pollInterval: duration.default(300_000),
  /** Findings below this band are not fetched. */
  minSeverity: severityBand.default('medium'),
  /** More new findings than this for one channel in one poll are posted as one digest with the findings in its thread. */
  digestThreshold: z.number().int().min(1).default(10),
  /** Where findings go; the first matching rule wins, otherwise `channels.findings`. */
  routes: z
    .array(
      z.strictObject({
        minSeverity: severityBand.optional(),
        source: z.enum(['guardduty', 'macie']).optional(),
        typePrefix: z.string().min(1).optional(),
        account: awsAccountId.optional(),
        channel: slackChannelId,
      }),
    )
    .default([]),
  /** Accounts to poll (role assumed from the bot's credentials); default: the bot's own account. */
  accounts: z.array(z.strictObject({ id: awsAccountId, roleArn: iamRoleArn })).min(1).optional(),
  /** Regions to poll; default `scan.regions`. */
  regions: z.array(awsRegion).min(1).optional(),
});
export type FindingsConfig = z.infer<typeof findingsSchema>;

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
  findings: findingsSchema.optional(),
}).superRefine((config, ctx) => {
  const f = config.findings;
  const catchAll = f?.routes.some((r) => !r.minSeverity && !r.source && !r.typePrefix && !r.account);
  if (f && !config.channels.findings && !catchAll) {
    ctx.addIssue({ code: 'custom', path: ['channels', 'findings'], message: 'a channel id: the findings feed needs channels.findings (or a findings route without conditions) so no finding is left without a channel' });
  }
});

/** The validated configuration, durations already in milliseconds. */
export type Config = z.infer<typeof configSchema>;
