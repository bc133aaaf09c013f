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
  audit: z
    .strictObject({
      /**
       * When set, audit entries are also shipped in batches to this S3 bucket (the bot's own bucket; one
       * with Object Lock in compliance mode is the recommendation) so that losing Redis keeps the trail.
       */
      s3Bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name such as acme-gdpr-audit').optional(),
      /** Key prefix of the shipped batches. */
      s3Prefix: z.string().default('gdpr-bot/audit/'),
      /** Region of the bucket (default: the bot's default region). */
      s3Region: awsRegion.optional(),
      /** How often new entries are shipped. */
      shipEvery: duration.default(300_000),
      /** Largest number of entries in one S3 object. */
      batchSize: z.number().int().min(1).max(10_000).default(1000),
    })
    .default({ s3Prefix: 'gdpr-bot/audit/', shipEvery: 300_000, batchSize: 1000 }),
});

/** The validated configuration, durations already in milliseconds. */
export type Config = z.infer<typeof configSchema>;
