import type { CollectorId } from '../aws/collectors/index.js';
import type { Snapshot } from '../aws/snapshot.js';

/** The outcome of a check for one resource. `error` means the check could not run; it is never a pass. */
export const CheckStatus = {
  Pass: 'pass',
  Fail: 'fail',
  Error: 'error',
  NotApplicable: 'not_applicable',
} as const;
export type CheckStatus = (typeof CheckStatus)[keyof typeof CheckStatus];
export const CHECK_STATUSES: readonly CheckStatus[] = Object.values(CheckStatus);

export const Severity = { Low: 'low', Medium: 'medium', High: 'high', Critical: 'critical' } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];
/** Severities from least to most severe. */
export const SEVERITIES: readonly Severity[] = [Severity.Low, Severity.Medium, Severity.High, Severity.Critical];
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** The GDPR articles the product maps its controls to. */
export const GdprArticle = { Art25: 'Art. 25', Art30: 'Art. 30', Art32: 'Art. 32', Art33: 'Art. 33' } as const;
export type GdprArticle = (typeof GdprArticle)[keyof typeof GdprArticle];
export const GDPR_ARTICLES: readonly GdprArticle[] = Object.values(GdprArticle);
export const ARTICLE_TITLES: Record<GdprArticle, string> = {
  'Art. 25': 'Data protection by design and by default',
  'Art. 30': 'Records of processing activities',
  'Art. 32': 'Security of processing',
  'Art. 33': 'Notification of a personal data breach',
};

/** The 14 action items of the source document (`shared/seed/000_…txt`). */
export const ACTION_ITEMS = {
  1: 'IAM: least privilege, Access Analyzer, S3 public access',
  2: 'Temporary credentials through STS',
  3: 'Multi-factor authentication',
  4: 'Granular access to AWS resources',
  5: 'Regional boundaries (unused regions off)',
  6: 'Cognito for web and mobile apps',
  7: 'AWS Config inventory',
  8: 'CloudTrail, log archive, SIEM',
  9: 'Log collection',
  10: 'Macie data discovery',
  11: 'Centralised security management',
  12: 'Encryption at rest',
  13: 'Encryption in transit',
  14: 'Encryption tools (KMS)',
} as const;
export type ActionItem = keyof typeof ACTION_ITEMS;
export const ACTION_ITEM_NUMBERS = Object.keys(ACTION_ITEMS).map(Number) as ActionItem[];

/**
 * A check id: the check's file name, `<service>_<resource>_<property>`. A fix names the checks it fixes by
 * these ids (`fixes` in src/remediations/catalog/<id>.ts); the catalog test makes sure each one exists.
 */
export type CheckId = `${string}_${string}`;

/** Whether a check runs once per account (on the home snapshot) or once per scanned region. */
export const CheckScope = { Account: 'account', Region: 'region' } as const;
export type CheckScope = (typeof CheckScope)[keyof typeof CheckScope];

/** What a check declares about itself. The id is the file name: `<service>_<resource>_<property>`. */
export interface CheckMetadata {
  id: string;
  title: string;
  /** What the check demands, in one line (the README's checks table is generated from it). */
  demands: string;
  actionItem: ActionItem;
  gdpr: readonly GdprArticle[];
  severity: Severity;
  scope: CheckScope;
  /** Collectors whose data the check reads. */
  needs: readonly CollectorId[];
  /** IAM actions the scanner needs for this check (the least-privilege policy is built from them). */
  permissions: readonly string[];
  /** Why it matters, in one or two sentences. */
  rationale: string;
  /**
   * Set when the check judges each S3 bucket on its own (it reads `s3` only and nothing across buckets):
   * its findings over a snapshot are then the findings over each slice of the snapshot's buckets, put
   * together. The engine evaluates such a check a slice of buckets at a time, and a sharded account's
   * bucket jobs evaluate it on their own buckets (src/checks/shards.ts).
   */
  perBucket?: true;
}

/** One resource's outcome; the message names the resource. */
export interface Finding {
  status: CheckStatus;
  resource: string;
  message: string;
}

/** A check: metadata plus a pure function of the snapshot. */
export interface Check extends CheckMetadata {
  evaluate(snapshot: Snapshot): Finding[];
}

/** A finding with where it comes from: what is stored and reported. */
export interface CheckResult extends Finding {
  checkId: string;
  accountId: string;
  /** The region, or `global` for account-wide checks. */
  region: string;
  /**
   * The waiver (accepted risk, src/waivers/) that covers this result, set only on a `fail` when shown or
   * reported; the status stays `fail`, so code that does not know waivers still sees a failure.
   */
  waiver?: WaiverMark;
}

/** What a shown or reported result says about the waiver that covers it: who accepted the risk, why, until when. */
export interface WaiverMark {
  id: string;
  grantedBy: string;
  grantedAt: string;
  expiresAt: string;
  justification: string;
}

/** Declares a check; the identity function keeps the object literal type-checked against {@link Check}. */
export function defineCheck(check: Check): Check {
  return check;
}

/**
 * Orders ids, ARNs and names by UTF-16 code unit: a stable order for display. `localeCompare` asks ICU
 * for every comparison, which made sorting a scan's results most of the cost of `/gdpr status`.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
