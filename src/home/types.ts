import type { AccessRequest } from '../access/state.js';
import type { PostureSummary } from '../checks/summary.js';
import type { Check, CheckResult } from '../checks/types.js';

/** One "not set up yet" item of the Home tab: what is missing and how to set it up. */
export interface SetupItem {
  id: string;
  /** What it is, e.g. "Approvers". */
  title: string;
  done: boolean;
  /** How to set it up (mrkdwn written by the bot, no user text). */
  fix: string;
}

/** A pending fix the viewer may approve (never one they asked for themselves). */
export interface PendingApproval {
  id: string;
  title: string;
  /** Where the fix applies (`describeTarget`). */
  where: string;
  risk: 'low' | 'medium' | 'high';
  requestedBy: string;
  expiresAt: string;
  approvals: number;
  minApprovals: number;
}

/** An open breach assessment (Art. 33), shown to approvers and breach responders with its clock. */
export interface OpenBreach {
  id: string;
  /** As typed by whoever opened it (escaped when shown). */
  title: string;
  /** `41 h left` or `overdue by 3 h` (`clockText`). */
  clock: string;
  overdue: boolean;
  decision?: 'notify' | 'no-risk';
}

/** A chart uploaded to Slack, shown as an image block. */
export interface HomeChart {
  fileId: string;
  title: string;
  altText: string;
}

/** The trend of the overall score over the charted window. */
export interface ScoreTrend {
  scans: number;
  firstScore: number;
  firstAt: string;
  lastScore: number;
  lastAt: string;
  days: number;
}

/** The posture part of the Home tab (absent before the first scan). */
export interface HomePosture {
  summary: PostureSummary;
  /** Failures, riskiest first (`worstFailures`: those on resources holding personal data first, marked `personal`). */
  failures: readonly { result: CheckResult; check: Check; personal?: boolean }[];
  lastScanAt?: string;
  scanId?: string;
  trend?: ScoreTrend;
}

/** Everything the Home tab of one person shows; built by src/home/data.ts, drawn by `homeView`. */
export interface HomeInput {
  now: Date;
  userId: string;
  /** True when the viewer may approve fixes: only then are pending approvals listed. */
  approver: boolean;
  posture?: HomePosture;
  approvals: readonly PendingApproval[];
  /** Open breach assessments with their clocks: only for approvers and breach responders (else empty). */
  breaches?: readonly OpenBreach[];
  /** The viewer's own open grants (approved or active). */
  grants: readonly AccessRequest[];
  setup: readonly SetupItem[];
  charts: readonly HomeChart[];
}
