/**
 * The findings feed's vocabulary: a security finding from GuardDuty or Macie, normalised so routing,
 * messages, dedup and `/gdpr findings` do not care which service it came from.
 *
 * Everything in a finding except its id, account, region and numbers can be influenced by an attacker
 * (bucket names, user names, object keys, titles that quote them): escape it before it reaches mrkdwn.
 */

/** Severity bands, lowest first. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Where a finding comes from. `securityhub`: a Security Hub finding (ASFF) of any product but GuardDuty
 * and Macie (those come from their own services): Inspector, Config, Security Hub's controls, partners.
 */
export const FINDING_SOURCES = ['guardduty', 'macie', 'securityhub'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

/** The sources the findings poll reads (one collector each); Security Hub findings arrive through EventBridge. */
export const POLLED_SOURCES = ['guardduty', 'macie'] as const satisfies readonly FindingSource[];

/** The resource a finding is about, as far as the finding says. */
export interface FindingResource {
  /** e.g. `AccessKey`, `S3Bucket`, `Instance`. */
  kind: string;
  bucket?: string;
  /** The bucket is public (Macie's effective permission, or GuardDuty's public-access summary). */
  bucketPublic?: boolean;
  objectKey?: string;
  instanceId?: string;
  accessKeyId?: string;
  userName?: string;
  /**
   * GuardDuty's `Service.ResourceRole`: `ACTOR` when the resource carried out the activity (an instance
   * that brute-forces others), `TARGET` when it was on the receiving end (an instance being brute-forced,
   * a key being used by someone else). Not populated for some finding types (Runtime Monitoring, Malware
   * Protection for S3), and never for Macie.
   */
  role?: 'ACTOR' | 'TARGET';
}

/** One finding, normalised. Times are ISO-8601 strings. */
export interface Finding {
  id: string;
  source: FindingSource;
  /** e.g. `UnauthorizedAccess:IAMUser/MaliciousIPCaller`, `SensitiveData:S3Object/Personal`. */
  type: string;
  title: string;
  description: string;
  severity: Severity;
  /** GuardDuty's 1–10 score (Macie findings have none worth showing). */
  score?: number;
  /** Macie's level as Macie names it (`Low`, `Medium`, `High`); Security Hub's severity label. */
  level?: string;
  account: string;
  region: string;
  resource: FindingResource;
  firstSeen: string;
  lastSeen: string;
  createdAt: string;
  updatedAt: string;
  count: number;
  archived: boolean;
  /** GuardDuty detector the finding belongs to (needed to archive it). */
  detectorId?: string;
  /** The raw fields that matter, for the Details thread (label → value, unescaped). */
  details: Record<string, string>;
}

/** What is kept in Redis per finding id (dedup state and what `/gdpr findings` lists). */
export interface StoredFinding {
  id: string;
  source: FindingSource;
  type: string;
  title: string;
  severity: Severity;
  score?: number;
  level?: string;
  account: string;
  region: string;
  resource: FindingResource;
  firstSeen: string;
  lastSeen: string;
  updatedAt: string;
  count: number;
  archived: boolean;
  detectorId?: string;
  /** Channel the message went to and the outbox ref that names it. */
  channel: string;
  ref: string;
  /** The digest message whose thread holds this finding's message, when it came in a burst. */
  threadRef?: string;
  /** The fix the Approve fix button requests (see fixes.ts), when one applies. */
  fix?: { remediationId: string; target: Record<string, string> };
  /** Who archived it from Slack, and when. */
  archivedBy?: string;
  archivedAt?: string;
}

/** What a findings collector (src/aws/collectors) yields for one service in one account and region. */
export type FindingsCollection =
  | { status: 'ok'; findings: Finding[] }
  /** The service is off (no GuardDuty detector, Macie not enabled): nothing to read, and worth saying once. */
  | { status: 'disabled'; reason: string }
  /** AWS could not be read; never treated as "no findings". */
  | { status: 'error'; reason: string };

/** What the approval flow is asked to do when someone presses **Approve fix** (the shape of `createRemediationRequest`'s input). */
export interface FixRequestInput {
  remediationId: string;
  target: Record<string, string>;
  requestedBy: string;
  source: { kind: 'check' | 'finding' | 'command'; id: string };
  /** The Slack message the click came from (outcomes can be replied in its thread). */
  origin?: { channel: string; ts?: string };
}

/** What became of the request, told to the person who clicked. */
export type FixRequestOutcome = { status: 'requested'; requestId?: string } | { status: 'unavailable'; reason: string };
