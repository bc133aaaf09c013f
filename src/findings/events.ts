import type { Finding as GuardDutyFinding } from '@aws-sdk/client-guardduty';
import type { Finding as MacieFinding } from '@aws-sdk/client-macie2';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { isForwardedToSecurityHub, normalizeGuardDutyFinding, normalizeMacieFinding, normalizeSecurityHubFinding } from './normalize.js';
import { atLeast, securityHubBand } from './severity.js';
import type { Finding, FindingSource, Severity } from './types.js';

/**
 * The EventBridge side of the findings feed: what an SQS message body (an EventBridge event, as the
 * rule's SQS target delivers it) says. Pure. Only three kinds of event are findings:
 *
 * | `source` | `detail-type` | `detail` |
 * |---|---|---|
 * | `aws.guardduty` | `GuardDuty Finding` | one GuardDuty finding, in the API's JSON (camelCase) |
 * | `aws.macie` | `Macie Finding` | one Macie finding |
 * | `aws.securityhub` | `Security Hub Findings - Imported` | `findings[]`, in ASFF |
 *
 * Anything else, and any finding that lacks what dedup and routing need (id, account, region,
 * `updatedAt`, severity), is `malformed`: it is never read as "no findings" and never posted with holes
 * guessed. Findings the poll would not have fetched (archived, below `findings.minSeverity`, Security
 * Hub's informational ones, and GuardDuty's and Macie's copies in Security Hub, which arrive on their
 * own) are counted in `skipped`.
 */

/** The event kinds gdpr-bot takes, by `source`. */
export const FINDING_EVENTS = {
  'aws.guardduty': { detailType: 'GuardDuty Finding', source: 'guardduty' },
  'aws.macie': { detailType: 'Macie Finding', source: 'macie' },
  'aws.securityhub': { detailType: 'Security Hub Findings - Imported', source: 'securityhub' },
} as const satisfies Record<string, { detailType: string; source: FindingSource }>;

export interface SkippedCounts {
  archived: number;
  belowSeverity: number;
  /** GuardDuty and Macie findings copied into Security Hub: they come through their own event. */
  forwarded: number;
}

export type ParsedEvent =
  | { kind: 'findings'; eventId: string; source: FindingSource; findings: Finding[]; skipped: SkippedCounts }
  | { kind: 'malformed'; reason: string; eventId?: string };

const FINDING_ID = /^[A-Za-z0-9_-]{1,128}$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value of the event that may be quoted in a log line or audit entry: short, plain, or not at all. */
export function printable(value: unknown): string {
  return typeof value === 'string' && /^[\w .:/-]{1,80}$/.test(value) ? value : '(not shown)';
}

/**
 * GuardDuty's event `detail` is the finding in the API's JSON (`accountId`, `service.resourceRole`, …);
 * the SDK's type (what the normaliser reads) names the same fields with a capital. Keys are copied with
 * `Object.fromEntries`, which defines own properties: a `__proto__` key stays a plain key.
 */
function capitalised(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(capitalised);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), capitalised(v)]));
}

const validTime = (v: unknown): boolean => (typeof v === 'string' || typeof v === 'number') && !Number.isNaN(new Date(v).getTime());

/** What a normalised finding must have to be deduplicated and routed; the reason when it does not. */
function missing(f: Finding, raw: { updatedAt: unknown; severity: boolean }): string | undefined {
  if (!FINDING_ID.test(f.id)) return 'finding id missing or not an id';
  if (!ACCOUNT.test(f.account)) return 'account missing or not a 12-digit id';
  if (!REGION.test(f.region)) return 'region missing or not a region';
  if (!validTime(raw.updatedAt)) return 'updatedAt missing or not a time';
  if (!raw.severity) return 'severity missing';
  return undefined;
}

/** Parses one SQS message body; never throws. */
export function parseFindingEvent(body: string, options: { minSeverity: Severity }): ParsedEvent {
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    return { kind: 'malformed', reason: 'the message is not JSON' };
  }
  if (!isObject(event)) return { kind: 'malformed', reason: 'the message is not an EventBridge event' };
  // EventBridge's event ids are UUIDs; anything else is not quoted (it goes into the audit log and logs).
  const eventId = typeof event.id === 'string' && /^[A-Za-z0-9-]{1,100}$/.test(event.id) ? event.id : undefined;
  const bad = (reason: string): ParsedEvent => ({ kind: 'malformed', reason, ...(eventId ? { eventId } : {}) });
  const kind =
    typeof event.source === 'string' && Object.hasOwn(FINDING_EVENTS, event.source) ? FINDING_EVENTS[event.source as keyof typeof FINDING_EVENTS] : undefined;
  if (!kind) return bad(`not a findings event (source ${printable(event.source)})`);
  if (event['detail-type'] !== kind.detailType)
    return bad(`not a findings event (source ${printable(event.source)}, detail-type ${printable(event['detail-type'])})`);
  if (!eventId) return bad('the event has no id');
  if (!isObject(event.detail)) return bad('the event has no detail');
  const detail = event.detail;
  const skipped: SkippedCounts = { archived: 0, belowSeverity: 0, forwarded: 0 };
  const findings: Finding[] = [];
  const take = (f: Finding): void => {
    if (f.archived) skipped.archived++;
    else if (!atLeast(f.severity, options.minSeverity)) skipped.belowSeverity++;
    else findings.push(f);
  };

  if (kind.source === 'guardduty') {
    const f = normalizeGuardDutyFinding(capitalised(detail) as GuardDutyFinding);
    const why = missing(f, { updatedAt: detail.updatedAt, severity: typeof detail.severity === 'number' && Number.isFinite(detail.severity) });
    if (why) return bad(`GuardDuty finding: ${why}`);
    take(f);
  } else if (kind.source === 'macie') {
    const f = normalizeMacieFinding(detail as unknown as MacieFinding);
    const severity = isObject(detail.severity) && typeof detail.severity.description === 'string' && /^(low|medium|high)$/i.test(detail.severity.description);
    const why = missing(f, { updatedAt: detail.updatedAt, severity });
    if (why) return bad(`Macie finding: ${why}`);
    take(f);
  } else {
    const list = detail.findings;
    if (!Array.isArray(list) || list.length === 0) return bad('Security Hub event without findings');
    for (const [i, raw] of list.entries()) {
      if (!isObject(raw)) return bad(`Security Hub finding ${i + 1}: not an object`);
      const asff = raw as unknown as AwsSecurityFinding;
      if (isForwardedToSecurityHub(asff)) {
        skipped.forwarded++;
        continue;
      }
      if (typeof asff.ProductArn !== 'string' || asff.ProductArn.length === 0) return bad(`Security Hub finding ${i + 1}: ProductArn missing`);
      const band = securityHubBand(asff.Severity);
      const f = normalizeSecurityHubFinding(asff);
      const why =
        (typeof asff.Id === 'string' && asff.Id.length > 0 ? undefined : 'Id missing') ??
        missing(f, { updatedAt: asff.UpdatedAt, severity: band !== undefined });
      if (why) return bad(`Security Hub finding ${i + 1}: ${why}`);
      if (band === 'informational' && !f.archived) skipped.belowSeverity++;
      else take(f);
    }
  }
  return { kind: 'findings', eventId, source: kind.source, findings, skipped };
}
