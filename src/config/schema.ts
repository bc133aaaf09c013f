import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { MANUAL_CONTROL_IDS } from '../checks/manual.js';
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
export const awsAccountId = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id (quote it in YAML)'),
);
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

/** A calendar date `YYYY-MM-DD` (a YAML 1.1 timestamp read as a Date is accepted as its UTC day). */
const calendarDate = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-03-31')
    .refine(
      (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
      'a real calendar date such as 2026-03-31',
    ),
);

/** One answer of `manualAnswers`: yes or no, who answered, when, and an optional note (where the evidence is). */
export const manualAnswer = z.strictObject({
  answer: z.enum(['yes', 'no']),
  by: z.string().trim().min(1, 'who answered (a name or a Slack user id)').max(200),
  date: calendarDate,
  note: z.string().max(500).optional(),
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
  /**
   * Some settings take a few seconds to show in AWS's reads after a change: a verification that still
   * sees the old value is tried again this many times, `verifyDelay` apart, before the fix is failed.
   */
  verifyAttempts: z.number().int().min(1).max(10).default(3),
  verifyDelay: duration.default(10_000),
  passwordPolicy: passwordPolicy.default(passwordPolicy.parse({})),
  /** KMS key (id, alias or ARN) for `s3-bucket-default-encryption`; SSE-S3 when absent. */
  kmsKeyId: z.string().min(1).optional(),
});
export type RemediationSettings = z.infer<typeof remediationSettings>;
const MIN_ACCESS_MS = 15 * 60_000;
const MAX_ACCESS_MS = 12 * 3_600_000;

/** A duration within `[minMs, maxMs]`; the error quotes what was written (`13h`), not milliseconds. */
export function boundedDuration(minMs: number, maxMs: number, message: string) {
  return z
    .string()
    .refine((s) => {
      const ms = parseDuration(s);
      return ms !== undefined && ms >= minMs && ms <= maxMs;
    }, message)
    .transform((s) => parseDuration(s) as number);
}

/** A duration between 15 minutes and 12 hours (STS's own bounds for a role session). */
export const accessDuration = boundedDuration(MIN_ACCESS_MS, MAX_ACCESS_MS, 'a duration between 15m and 12h');

/** An IAM role ARN, in any partition. */
export const iamRoleArn = z
  .string()
  .regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'an IAM role ARN such as arn:aws:iam::123456789012:role/name');

/** A customer-managed IAM policy ARN, in any partition. */
export const iamPolicyArn = z
  .string()
  .regex(/^arn:aws(-[a-z]+)*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]{1,512}$/, 'an IAM policy ARN such as arn:aws:iam::123456789012:policy/name');

/** The account id in an IAM ARN (`arn:aws:iam::123456789012:role/x` → `123456789012`). */
export function arnAccount(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/** One role that people may ask just-in-time access to (see src/access/). */
export const accessRole = z.strictObject({
  /** What people type: `/gdpr access <name> 1h …`. */
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'a role name of lower-case letters, digits, ".", "_" or "-" (at most 40)'),
  arn: iamRoleArn,
  /** The longest grant window anyone may ask for. */
  maxDuration: accessDuration.default(4 * 3_600_000),
  /** The role's own MaxSessionDuration in IAM (each STS session is capped by it). Default 1h, also the role-chaining cap. */
  maxSessionDuration: accessDuration.default(3_600_000),
  /** Who may approve; default: the top-level approvers. */
  approvers: approverRules.optional(),
  /** How many different approvers are needed. */
  minApprovals: z.number().int().min(1).max(5).default(1),
  /** Requesters matching these rules are approved by policy (e.g. the on-call group). */
  autoApprove: approverRules.optional(),
  /** The requester may self-grant; the audit channel is alerted at once and the grant flagged. */
  breakglass: z.boolean().default(false),
  /**
   * The permissions boundary set on the role in IAM. When given, the generated revoker policy
   * (`gdpr-bot policy --revoker`) may write inline policies only on a role carrying this boundary, so
   * whatever it writes can never give the role more than the boundary allows.
   */
  permissionsBoundary: iamPolicyArn.optional(),
});
export type AccessRoleConfig = z.infer<typeof accessRole>;

/**
 * The role the revoke job assumes in one account to write (and read back) the deny policy on that
 * account's JIT roles. A separate identity from the broker (the bot's own), which only assumes roles.
 */
export const accessRevoker = z.strictObject({
  account: awsAccountId,
  roleArn: iamRoleArn,
});

/** Just-in-time AWS access (issue 5). */
export const accessConfig = z
  .strictObject({
    /** One revoker role per account that holds JIT roles (the bot's own account included). */
    revokers: z.array(accessRevoker).default([]),
    /**
     * Clock-skew margin of a revocation: the deny covers the revoked grant's sessions issued up to this
     * long after the revocation instant (AWS's clock may run ahead of the bot's; a session may be minted
     * while the revocation is being clicked). Sessions of other grants are never denied by it.
     */
    revocationMargin: boundedDuration(0, 30 * 60_000, 'a duration between 0s and 30m').default(5 * 60_000),
    roles: z
      .array(accessRole)
      .default([])
      .superRefine((roles, ctx) => {
        const seen = new Set<string>();
        roles.forEach((role, i) => {
          if (seen.has(role.name))
            ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `a unique role name ("${role.name}" is used twice)`, input: role.name });
          seen.add(role.name);
        });
      }),
    /** A pending request nobody decided on expires after this long. */
    requestTtl: boundedDuration(60_000, 7 * 86_400_000, 'a duration between 1m and 7d').default(2 * 3_600_000),
    /** Length of each STS session (further capped by the grant's time left and the role's limit). */
    sessionDuration: accessDuration.default(3_600_000),
    /** The AWS federation endpoint (console sign-in); configurable so tests and other partitions can use their own. */
    federationUrl: z.url({ protocol: /^https?$/ }).default('https://signin.aws.amazon.com/federation'),
    /** Where the console sign-in link lands. */
    consoleUrl: z.url({ protocol: /^https?$/ }).default('https://console.aws.amazon.com/'),
    /** How long before a grant ends the requester is warned (and offered an extension). */
    expiryWarning: boundedDuration(60_000, 3_600_000, 'a duration between 1m and 1h').default(10 * 60_000),
    /** `channel`: approval requests go to channels.approvals; `dm`: to each approver user by direct message. */
    approvalMode: z.enum(['channel', 'dm']).default('channel'),
  })
  .superRefine((access, ctx) => {
    const revokerOf = new Map<string, string>();
    access.revokers.forEach((revoker, i) => {
      if (revokerOf.has(revoker.account)) {
        ctx.addIssue({
          code: 'custom',
          path: ['revokers', i, 'account'],
          message: `one revoker per account (${revoker.account} is listed twice)`,
          input: revoker.account,
        });
      }
      revokerOf.set(revoker.account, revoker.roleArn);
      if (arnAccount(revoker.roleArn) !== revoker.account) {
        ctx.addIssue({
          code: 'custom',
          path: ['revokers', i, 'roleArn'],
          message: `a role in account ${revoker.account} (IAM writes only in the caller's own account)`,
          input: revoker.roleArn,
        });
      }
      if (access.roles.some((r) => r.arn === revoker.roleArn)) {
        ctx.addIssue({
          code: 'custom',
          path: ['revokers', i, 'roleArn'],
          message: 'a role that is not also a just-in-time role (the revoker writes policies; people must never hold it)',
          input: revoker.roleArn,
        });
      }
    });
    access.roles.forEach((role, i) => {
      const account = arnAccount(role.arn);
      if (!revokerOf.has(account)) {
        ctx.addIssue({
          code: 'custom',
          path: ['roles', i, 'arn'],
          message: `a role the bot can revoke: account ${account} has no revoker, so a revoked grant's sessions on ${role.name} would stay valid. Add { account: "${account}", roleArn: "arn:aws:iam::${account}:role/<revoker role>" } to access.revokers (see \`gdpr-bot policy --revoker\`)`,
          input: role.arn,
        });
      }
    });
  });
export type AccessConfig = z.infer<typeof accessConfig>;

export const severityBand = z.enum(['low', 'medium', 'high', 'critical']);

/** The findings feed (GuardDuty and Macie findings in Slack). The feed polls only when this section is present. */
export const findingsSchema = z
  .strictObject({
    /** How often each (account, region) is polled. */
    pollInterval: duration.default(300_000),
    /** Findings below this band are not fetched. */
    minSeverity: severityBand.default('medium'),
    /** More new findings than this for one channel in one poll are posted as one digest with the findings in its thread. */
    digestThreshold: z.number().int().min(1).default(10),
    /**
     * At most this many findings per source are posted or updated by one poll (oldest first); the rest
     * wait for the next poll, which continues from where this one stopped.
     */
    maxPerPoll: z.number().int().min(1).default(1000),
    /** Where findings go; the first matching rule wins, otherwise `channels.findings`. */
    routes: z
      .array(
        z.strictObject({
          minSeverity: severityBand.optional(),
          source: z.enum(['guardduty', 'macie', 'securityhub']).optional(),
          typePrefix: z.string().min(1).optional(),
          account: awsAccountId.optional(),
          channel: slackChannelId,
        }),
      )
      .default([]),
    /** Accounts to poll (role assumed from the bot's credentials); default: the bot's own account. */
    accounts: z
      .array(z.strictObject({ id: awsAccountId, roleArn: iamRoleArn }))
      .min(1)
      .optional(),
    /** Regions to poll; default `scan.regions`, else every region enabled in each polled account. */
    regions: z.array(awsRegion).min(1).optional(),
    /**
     * `poll` (default): the poll alone. `eventbridge`: also long-poll `sqs.queueUrl`, where EventBridge
     * rules deliver GuardDuty, Macie and Security Hub findings within seconds (see `gdpr-bot policy
     * --eventbridge`); the poll goes on as the safety net (every `pollInterval`).
     */
    delivery: z.enum(['poll', 'eventbridge']).default('poll'),
    /**
     * Also poll Security Hub findings (ASFF: Inspector, Config, controls, partners; GetFindings from the
     * watermark), as the poll does GuardDuty and Macie. With `delivery: eventbridge` they arrive through
     * the queue anyway; polling them too makes the poll their safety net.
     */
    pollSecurityHub: z.boolean().default(false),
    /** The SQS queue of `delivery: eventbridge`; `region` defaults to the one in the queue's URL, else the bot's. */
    sqs: z
      .strictObject({
        queueUrl: z.url({ protocol: /^https?$/, error: 'an SQS queue URL such as https://sqs.eu-west-1.amazonaws.com/123456789012/gdpr-bot-findings' }),
        region: awsRegion.optional(),
      })
      .optional(),
  })
  .superRefine((f, ctx) => {
    if (f.delivery === 'eventbridge' && !f.sqs) {
      ctx.addIssue({
        code: 'custom',
        path: ['sqs'],
        message: 'the queue EventBridge delivers to: delivery: eventbridge needs sqs.queueUrl (see `gdpr-bot policy --eventbridge`)',
        input: f.sqs,
      });
    }
  });
export type FindingsConfig = z.infer<typeof findingsSchema>;

/**
 * A breach-clock mark: hours after awareness as a number (`24`), or a duration (`24h`, `90s` for drills
 * and tests). Parsed to milliseconds.
 */
export const breachMark = z.union([
  z
    .number()
    .positive()
    .max(24 * 365)
    .transform((h) => Math.round(h * 3_600_000)),
  duration.refine((ms) => ms > 0, 'a duration longer than 0s'),
]);

/** The Art. 33 breach clock and register (src/breach/). */
export const breachSchema = z
  .strictObject({
    /** Who may open assessments and fill them in, besides the top-level approvers. */
    responders: approverRules.prefault({}),
    /** The data protection officer: reminded with the responders; `contact` goes into the Art. 33(3)(b) field. */
    dpo: z
      .strictObject({
        users: z.array(slackUserId).default([]),
        usergroups: z.array(slackUsergroupId).default([]),
        contact: z.string().trim().min(1).max(500).optional(),
      })
      .prefault({}),
    /** Where each assessment's status message (and its thread) goes; default channels.findings, else channels.approvals. */
    channel: slackChannelId.optional(),
    /** Reminders after awareness (hours, or durations). */
    reminders: z
      .array(breachMark)
      .min(1)
      .max(10)
      .default([24 * 3_600_000, 48 * 3_600_000, 60 * 3_600_000]),
    /** Art. 33(1): notify the supervisory authority within this long of awareness (hours, or a duration). */
    deadlineHours: breachMark.default(72 * 3_600_000),
  })
  .superRefine((b, ctx) => {
    const sorted = [...b.reminders].sort((x, y) => x - y);
    if (new Set(sorted).size !== sorted.length) ctx.addIssue({ code: 'custom', path: ['reminders'], message: 'distinct reminder marks', input: b.reminders });
    if (sorted.some((m) => m >= b.deadlineHours))
      ctx.addIssue({ code: 'custom', path: ['reminders'], message: 'reminder marks before the deadline (deadlineHours)', input: b.reminders });
  });
export type BreachConfig = z.infer<typeof breachSchema>;

/** Waivers (accepted risks, src/waivers/): granted by the top-level `approvers`, always with a justification and an expiry. */
export const waiverSettings = z.strictObject({
  /** The longest a waiver may run; every waiver must say when it ends. */
  maxDuration: boundedDuration(3_600_000, 3 * 365 * 86_400_000, 'a duration between 1h and 1095d').default(365 * 86_400_000),
  /** How long before a waiver ends the approvals channel is warned. */
  warnBefore: boundedDuration(0, 90 * 86_400_000, 'a duration between 0s and 90d').default(7 * 86_400_000),
  /** How often the sweep looks for waivers that end or are about to. */
  sweepInterval: boundedDuration(10_000, 86_400_000, 'a duration between 10s and 1d').default(60_000),
});
export type WaiverSettings = z.infer<typeof waiverSettings>;

export const configSchema = z
  .strictObject({
    approvers: approverRules.default({ users: [], usergroups: [] }),
    channels: z
      .strictObject({
        approvals: slackChannelId.optional(),
        findings: slackChannelId.optional(),
        audit: slackChannelId.optional(),
        /**
         * Channels known to hold only members of this workspace (no guests, no Slack Connect): `/gdpr scan`
         * posts its progress and summary (with resource names) there. Typed anywhere else, they go to the
         * requester alone, by direct message.
         */
        private: z.array(slackChannelId).default([]),
      })
      .prefault({}),
    scan: z
      .strictObject({
        /** Regions scanned; default: every region enabled in each account (DescribeRegions). */
        regions: z.array(awsRegion).min(1).optional(),
        schedule: cronExpression.default('0 6 * * *'),
        /** Member accounts scanned through an assumed role, besides the bot's own account. */
        accounts: z.array(z.strictObject({ id: awsAccountId, roleArn: iamRoleArn })).default([]),
        /** List the organisation's accounts (from the management account) and scan each through `organizationRole`. */
        organization: z.boolean().default(false),
        organizationRole: z
          .string()
          .regex(/^[\w+=,.@/-]{1,64}$/, 'an IAM role name such as GdprBotScanner')
          .default('GdprBotScanner'),
        /**
         * AWS requests in flight per (account, region) scan job. A bot whose jobs run on the thread that answers
         * Slack (in-process: the tests, the demo) holds this many for all its scan jobs together, so the SDK's CPU
         * per call leaves the acks their share; `npm start` runs them on a thread of their own.
         */
        concurrency: z.number().int().min(1).max(64).default(8),
        /**
         * (account, region) scan jobs one worker process runs at once. A ROLE=worker process has at most
         * `workerConcurrency × concurrency` AWS requests in flight (so does ROLE=all's workers' thread); more worker processes (ROLE=worker)
         * share a scan's jobs, so a large organisation scales out by adding processes.
         */
        workerConcurrency: z.number().int().min(1).max(64).default(4),
        /** How long scan summaries are kept for the history. */
        historyRetention: duration.default(90 * 86_400_000),
        /**
         * Regions the company approved for personal data. Enabled opt-in regions outside it fail
         * `account_optin_regions_allowed`, and a region SCP must leave no other region open
         * (`organizations_scp_region_deny`). No default: the regions that are scanned are not thereby
         * approved; without this list those checks say they have nothing to compare with.
         */
        allowedRegions: z.array(awsRegion).optional(),
        thresholds: z
          .strictObject({
            unusedCredentialDays: z.number().int().min(1).default(90),
            accessKeyMaxAgeDays: z.number().int().min(1).default(90),
            rootRecentUseDays: z.number().int().min(1).default(30),
            certificateExpiryDays: z.number().int().min(1).default(30),
            macieFindingMaxAgeDays: z.number().int().min(1).default(30),
          })
          .prefault({}),
        /**
         * An account with more S3 buckets than this is scanned in bucket jobs of this many buckets each
         * (shards, shared by every worker process): ListBuckets is read once, by the account's home-region
         * job, and each bucket's details once, by its shard. Results and the summary are the same as unsharded.
         */
        bucketShardSize: z.number().int().min(1).max(100_000).default(1000),
      })
      .prefault({}),
    slack: z
      .strictObject({
        /** Minimum time between two posts to the same channel (Slack allows about one per second). */
        postInterval: duration.default(1000),
        /** How long approver, user-group, user and channel-member look-ups are cached. */
        directoryCacheTtl: duration.default(60_000),
        /**
         * Per-user limits on what one member can make the bot do (fixed windows in Redis, across every
         * process): past a limit the request is answered "slow down" and nothing else happens (no job, no
         * audit entry, no message in a shared channel).
         */
        rateLimits: z
          .strictObject({
            /** The window of `actions` and `commands`. */
            window: duration.default(60_000),
            /** Clicks (and form submissions) one user may make on one kind of button per window. */
            actions: z.number().int().min(1).default(20),
            /** `/gdpr` commands one user may run per subcommand per window. */
            commands: z.number().int().min(1).default(20),
            /** Just-in-time access requests (command or form) one user may file per `accessWindow`. */
            accessRequests: z.number().int().min(1).default(5),
            accessWindow: duration.default(3_600_000),
          })
          .prefault({}),
      })
      .prefault({}),
    remediation: remediationSettings.default(remediationSettings.parse({})),
    access: accessConfig.prefault({}),
    audit: z
      .strictObject({
        /**
         * When set, audit entries are also shipped in batches to this S3 bucket (the bot's own bucket; one
         * with Object Lock in compliance mode is the recommendation) so that losing Redis keeps the trail.
         */
        s3Bucket: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name such as acme-gdpr-audit')
          .optional(),
        /** Key prefix of the shipped batches. */
        s3Prefix: z.string().default('gdpr-bot/audit/'),
        /** Region of the bucket (default: the bot's default region). */
        s3Region: awsRegion.optional(),
        /** How often new entries are shipped. */
        shipEvery: duration.default(300_000),
        /** Largest number of entries in one S3 object. */
        batchSize: z.number().int().min(1).max(10_000).default(1000),
        /**
         * The head of the chain (`{seq, head}`, MAC'd) is anchored outside Redis, in `channels.audit` and in
         * the S3 bucket, after every this many entries…
         */
        anchorEvery: z.number().int().min(1).max(1_000_000).default(100),
        /** …and on this schedule (when there is something new to anchor). */
        anchorInterval: duration.default(3_600_000),
      })
      .default({ s3Prefix: 'gdpr-bot/audit/', shipEvery: 300_000, batchSize: 1000, anchorEvery: 100, anchorInterval: 3_600_000 }),
    /**
     * Answers to the controls no AWS API can answer (`src/checks/manual.ts`), by control id. `/gdpr status`
     * and the report list each control as needing a manual answer until it is answered here; a `no` fails
     * its action item, and a `yes` older than a year needs answering again.
     */
    manualAnswers: z.partialRecord(z.enum(MANUAL_CONTROL_IDS as [string, ...string[]]), manualAnswer).default({}),
    findings: findingsSchema.optional(),
    breach: breachSchema.prefault({}),
    waivers: waiverSettings.prefault({}),
  })
  .superRefine((config, ctx) => {
    const f = config.findings;
    const catchAll = f?.routes.some((r) => !r.minSeverity && !r.source && !r.typePrefix && !r.account);
    if (f && !config.channels.findings && !catchAll) {
      ctx.addIssue({
        code: 'custom',
        path: ['channels', 'findings'],
        message: 'a channel id: the findings feed needs channels.findings (or a findings route without conditions) so no finding is left without a channel',
      });
    }
  });

/** The validated configuration, durations already in milliseconds. */
export type Config = z.infer<typeof configSchema>;
