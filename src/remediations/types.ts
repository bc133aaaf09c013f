import { z } from 'zod';
import type { AwsClients } from '../aws/clients.js';
import type { CheckId, CheckResult } from '../checks/types.js';
import type { Config, RemediationSettings } from '../config/schema.js';

/** How risky a fix is for running workloads; `high` fixes get a Slack confirm dialog on Approve. */
export type Risk = 'low' | 'medium' | 'high';

/** What a remediation acts on: the whole account, one region, or one resource in a region. */
export type TargetKind = 'account' | 'region' | 'resource';

/**
 * The part of a target every fix shares. Built by a {@link FixResolver} (from a check result), by the
 * findings feed or from the request a follow-up follows; stored on the request, never in job data.
 */
export const commonTargetSchema = z.object({
  /** The AWS account (12 digits); absent means the bot's own account. */
  accountId: z.string().optional(),
  /** Role to assume for a member account (same role the scanner uses, or a dedicated remediator role). */
  roleArn: z.string().optional(),
  /** Region to act in; absent means the bot's default region (global services: IAM, S3 control). */
  region: z.string().optional(),
  /** The resource: bucket name, trail name/ARN, KMS key id/ARN, EC2 instance id, IAM user name. */
  resource: z.string().optional(),
});
export type CommonTarget = z.infer<typeof commonTargetSchema>;

/**
 * Where a fix is applied, as stored on the request: the common part, and beside it (flat, as requests
 * have always been stored) the fields of the fix's own schema (`targetSchema` in
 * src/remediations/catalog/<id>.ts, e.g. the access keys a key fix acts on). The machinery reads only
 * the common part; a fix's `plan` and `apply` get the target parsed by its schema.
 */
export type RemediationTarget = CommonTarget & { readonly [field: string]: unknown };

/** One AWS API call a fix will make (plan) or made (apply), with its parameters. */
export interface ApiCall {
  /** `service:Action`, e.g. `s3:PutBucketPolicy`. */
  action: string;
  params: Record<string, unknown>;
}

/** A read-only preview of a fix. */
export interface Plan {
  /** True when there is nothing to change: applying it will report "already compliant". */
  compliant: boolean;
  /** The current value that will change, in one or two plain sentences. */
  current: string;
  /** The exact calls `apply` will make, with their parameters (empty when compliant). */
  calls: ApiCall[];
  /** Anything else the approver should know (e.g. which buckets stop being public). */
  notes?: string[];
  /**
   * Target fields (of the fix's own schema) the plan resolved from a selector (e.g. the exact access keys it matched, possibly none).
   * They are written onto the request's target when it is planned, so `apply` and the re-read that
   * verifies the fix act on exactly what the approver saw, never on a new selection.
   */
  resolved?: Readonly<Record<string, unknown>>;
}

/** What `apply` did. */
export interface ApplyResult {
  outcome: 'changed' | 'already-compliant';
  /** One plain sentence for Slack and the audit log. */
  summary: string;
  calls: ApiCall[];
  /** Values needed to undo the change (e.g. the security groups an isolated instance had). */
  previous?: Record<string, unknown>;
}

/** What a remediation is given to run. */
export interface RemediationContext {
  /** AWS clients already scoped to the target's account. */
  aws: AwsClients;
  /** The region to act in (target region, or the default). */
  region: string;
  settings: RemediationSettings;
  /** The clock (ages of what a plan shows, e.g. access keys). */
  now: () => Date;
}

/**
 * What a fix's {@link Remediation.targetFromResult} is given: the failing stored result, the part of the
 * target every fix shares (account, role, region and, for resource-level fixes, the resource) and what
 * the person named besides the resource.
 */
export interface ResultTargetInput {
  result: Pick<CheckResult, 'checkId' | 'accountId' | 'region' | 'resource'>;
  common: RemediationTarget;
  /** The access key id named with `/gdpr fix <check_id> <user> <access_key_id>`, if any. */
  accessKeyId?: string;
  /** `scan.thresholds`, the days the checks judged by. */
  thresholds: Config['scan']['thresholds'];
}

/**
 * What a follow-up fix reads of the request it follows ({@link Remediation.targetFromRequest}): a stored
 * request (src/remediations/state.ts), of which only these fields matter.
 */
export interface PreviousRequest {
  id: string;
  remediation: string;
  status: string;
  target: RemediationTarget;
  result?: ApplyResult;
}

/**
 * One fix of the catalog (`src/remediations/catalog/<id>.ts`). `plan` only reads; `apply` is idempotent
 * and reports `already-compliant` when there is nothing to do.
 */
export interface Remediation<T extends CommonTarget = RemediationTarget> {
  /** Kebab-case id, equal to the file name. */
  id: string;
  /**
   * The checks whose failures offer this fix (their **Fix** button, `/gdpr fix <check_id>`, the README's
   * Fix column): the one place a check is linked to its fix. Empty for a fix no check offers (one the
   * findings feed asks for, or the follow-up of another fix).
   */
  fixes: readonly CheckId[];
  /**
   * Checks another fix offers whose failures this fix takes when its {@link targetFromResult} accepts the
   * request (e.g. a named access key on a check whose own fix selects credentials itself). The one
   * intended way a check is fixed by two fixes; the catalog test lists every such case.
   */
  takesOver?: readonly CheckId[];
  /**
   * How a failing result of one of its checks becomes this fix's target. Absent: the common part as it is.
   * `undefined` declines (only for a check in {@link takesOver}: the check's own fix is asked then).
   */
  targetFromResult?(input: ResultTargetInput): { target: RemediationTarget } | { error: string } | undefined;
  /**
   * Fixes that can follow a succeeded request of this one (e.g. the restore of an isolation): their
   * {@link targetFromRequest} builds the follow-up's target from this request, and its approval message
   * offers the follow-up (**Restore network access**).
   */
  followUps?: readonly string[];
  /** For a follow-up fix: its target, copied from the request it follows (never from a click), or why there is none. */
  targetFromRequest?(previous: PreviousRequest): { target: RemediationTarget } | { error: string };
  /**
   * What the target selects besides its resource, region and account, as words for the approval message's
   * *Where* (e.g. `keys older than 90 days`). Absent: nothing.
   */
  describeSelection?(target: T): string[];
  title: string;
  /** What it changes, one plain sentence shown to the approver. */
  changes: string;
  risk: Risk;
  /** Every IAM action `plan` and `apply` call (the remediator's policy is built from these). */
  permissions: readonly string[];
  target: TargetKind;
  /** Returns a reason when the target lacks what this fix needs (e.g. no bucket name). */
  validate(target: RemediationTarget): string | undefined;
  /** The schema of its target (the common part and its own fields), for a fix that has fields of its own ({@link withTargetSchema}). */
  targetSchema?: z.ZodType<T>;
  /**
   * How a fix is proven after `apply`: `check` (the default) re-runs the linked check(s); `plan` runs
   * `plan` again, which must find nothing left to change (a direct read of the setting), for fixes no
   * check can confirm promptly (an isolated instance; an access key, whose check reads the credential
   * report that AWS refreshes only every few hours).
   */
  verifyWith?: 'check' | 'plan';
  plan(ctx: RemediationContext, target: T): Promise<Plan>;
  apply(ctx: RemediationContext, target: T): Promise<ApplyResult>;
}

/** The first problem zod found, as `field: message`. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || 'target'}: ${issue.message}` : 'unreadable';
}

/**
 * A fix whose target has fields of its own: `schema` is the common part extended by them. `validate`
 * gives the fix's own sentences first and then refuses a target of the wrong shape; `plan` and `apply`
 * refuse an invalid target the same way and get it parsed by the schema (typed, unknown fields dropped),
 * so a stored request is read through its fix's schema every time it is planned or applied;
 * `describeSelection` sees only a target its schema accepts.
 */
export function withTargetSchema<T extends CommonTarget>(schema: z.ZodType<T>, fix: Remediation<T>): Remediation {
  const validate = (target: RemediationTarget): string | undefined => {
    const invalid = fix.validate(target);
    if (invalid) return invalid;
    const result = schema.safeParse(target);
    return result.success ? undefined : `this fix was given an invalid target (${firstIssue(result.error)})`;
  };
  // A stored target is refused (with the sentence `validate` gives) before the fix reads AWS.
  const parsed = (target: RemediationTarget): T => {
    const invalid = validate(target);
    if (invalid) throw new Error(invalid);
    return schema.parse(target);
  };
  const { describeSelection } = fix;
  return {
    ...fix,
    targetSchema: schema as z.ZodType<RemediationTarget>,
    validate,
    ...(describeSelection
      ? {
          describeSelection(target: RemediationTarget) {
            const result = schema.safeParse(target);
            return result.success ? describeSelection(result.data) : [];
          },
        }
      : {}),
    plan: async (ctx, target) => fix.plan(ctx, parsed(target)),
    apply: async (ctx, target) => fix.apply(ctx, parsed(target)),
  };
}

/** Requires `target.resource`; the common `validate` of resource-level fixes. */
export function needsResource(what: string) {
  return (target: RemediationTarget): string | undefined => (target.resource ? undefined : `this fix needs the ${what}`);
}

/** `validate` of account- and region-level fixes: nothing required. */
export function anyTarget(): string | undefined {
  return undefined;
}
