import type { Finding as GuardDutyFinding } from '@aws-sdk/client-guardduty';
import type { Finding as MacieFinding } from '@aws-sdk/client-macie2';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { createHash } from 'node:crypto';
import { guardDutyBand, macieBand, securityHubBand } from './severity.js';
import type { Finding, FindingResource } from './types.js';

/**
 * Pure mappers from the services' own finding shapes to {@link Finding}. They read only fields the
 * services document and never throw on a missing one: a finding with holes is still worth showing.
 */

function iso(value: string | Date | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? fallback : date.toISOString();
}

function put(details: Record<string, string>, label: string, value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  details[label] = String(value);
}

/** A GuardDuty finding (GetFindings) as a {@link Finding}. */
export function normalizeGuardDutyFinding(f: GuardDutyFinding, detectorId?: string): Finding {
  const updatedAt = iso(f.UpdatedAt, new Date(0).toISOString());
  const createdAt = iso(f.CreatedAt, updatedAt);
  const r = f.Resource;
  const bucket = r?.S3BucketDetails?.[0];
  const resource: FindingResource = { kind: r?.ResourceType ?? 'Unknown' };
  if (r?.AccessKeyDetails) {
    resource.accessKeyId = r.AccessKeyDetails.AccessKeyId;
    resource.userName = r.AccessKeyDetails.UserName;
  }
  if (bucket) {
    resource.bucket = bucket.Name;
    resource.bucketPublic = bucket.PublicAccess?.EffectivePermission === 'PUBLIC';
  }
  if (r?.InstanceDetails?.InstanceId) resource.instanceId = r.InstanceDetails.InstanceId;
  const role = f.Service?.ResourceRole?.toUpperCase();
  if (role === 'ACTOR' || role === 'TARGET') resource.role = role;
  const action = f.Service?.Action;
  const remote = action?.AwsApiCallAction?.RemoteIpDetails ?? action?.NetworkConnectionAction?.RemoteIpDetails;
  const score = f.Severity ?? 0;
  const details: Record<string, string> = {};
  put(details, 'Finding id', f.Id);
  put(details, 'Type', f.Type);
  put(details, 'Severity', score);
  put(details, 'Description', f.Description);
  put(details, 'Resource type', r?.ResourceType);
  put(details, 'Resource role', f.Service?.ResourceRole);
  put(details, 'Access key', r?.AccessKeyDetails?.AccessKeyId);
  put(details, 'User', r?.AccessKeyDetails?.UserName);
  put(details, 'User type', r?.AccessKeyDetails?.UserType);
  put(details, 'Bucket', bucket?.Name);
  put(details, 'Bucket access', bucket?.PublicAccess?.EffectivePermission);
  put(details, 'Instance', r?.InstanceDetails?.InstanceId);
  put(details, 'Instance type', r?.InstanceDetails?.InstanceType);
  put(details, 'Action', action?.ActionType);
  put(details, 'API', action?.AwsApiCallAction?.Api);
  put(details, 'Service', action?.AwsApiCallAction?.ServiceName);
  put(details, 'Caller type', action?.AwsApiCallAction?.CallerType);
  put(details, 'User agent', action?.AwsApiCallAction?.UserAgent);
  put(details, 'Remote IP', remote?.IpAddressV4 ?? remote?.IpAddressV6);
  put(details, 'Remote country', remote?.Country?.CountryName);
  put(details, 'Remote organisation', remote?.Organization?.AsnOrg);
  put(details, 'Connection direction', action?.NetworkConnectionAction?.ConnectionDirection);
  put(details, 'Detector', detectorId ?? f.Service?.DetectorId);
  return {
    id: f.Id ?? '',
    source: 'guardduty',
    type: f.Type ?? 'Unknown',
    title: f.Title ?? f.Type ?? 'GuardDuty finding',
    description: f.Description ?? '',
    severity: guardDutyBand(score),
    score,
    account: f.AccountId ?? '',
    region: f.Region ?? '',
    resource,
    firstSeen: iso(f.Service?.EventFirstSeen, createdAt),
    lastSeen: iso(f.Service?.EventLastSeen, updatedAt),
    createdAt,
    updatedAt,
    count: f.Service?.Count ?? 1,
    archived: f.Service?.Archived ?? false,
    detectorId: detectorId ?? f.Service?.DetectorId,
    details,
  };
}

/** A Macie finding (GetFindings) as a {@link Finding}. */
export function normalizeMacieFinding(f: MacieFinding): Finding {
  const updatedAt = iso(f.updatedAt, new Date(0).toISOString());
  const createdAt = iso(f.createdAt, updatedAt);
  const bucket = f.resourcesAffected?.s3Bucket;
  const object = f.resourcesAffected?.s3Object;
  const resource: FindingResource = { kind: object ? 'S3Object' : 'S3Bucket' };
  if (bucket?.name) resource.bucket = bucket.name;
  if (bucket?.publicAccess?.effectivePermission) resource.bucketPublic = bucket.publicAccess.effectivePermission === 'PUBLIC';
  if (object?.key) resource.objectKey = object.key;
  const actor = f.policyDetails?.actor?.userIdentity;
  const details: Record<string, string> = {};
  put(details, 'Finding id', f.id);
  put(details, 'Type', f.type);
  put(details, 'Severity', f.severity?.description);
  put(details, 'Category', f.category);
  put(details, 'Description', f.description);
  put(details, 'Bucket', bucket?.name);
  put(details, 'Bucket access', bucket?.publicAccess?.effectivePermission);
  put(details, 'Object', object?.key);
  put(details, 'Object is public', object?.publicAccess);
  put(details, 'Sensitive data', f.classificationDetails?.result?.sensitiveData?.map((d) => `${d.category ?? '?'} (${d.totalCount ?? 0})`).join(', '));
  put(details, 'Action', f.policyDetails?.action?.apiCallDetails?.api);
  put(details, 'Caller', actor?.iamUser?.userName ?? actor?.assumedRole?.arn ?? actor?.type);
  put(details, 'Remote IP', f.policyDetails?.actor?.ipAddressDetails?.ipAddressV4);
  return {
    id: f.id ?? '',
    source: 'macie',
    type: f.type ?? 'Unknown',
    title: f.title ?? f.type ?? 'Macie finding',
    description: f.description ?? '',
    severity: macieBand(f.severity?.description),
    level: f.severity?.description,
    account: f.accountId ?? '',
    region: f.region ?? '',
    resource,
    firstSeen: createdAt,
    lastSeen: updatedAt,
    createdAt,
    updatedAt,
    count: f.count ?? 1,
    archived: f.archived ?? false,
    details,
  };
}

/** Security Hub product ARNs whose findings come to gdpr-bot from the service itself (so not twice). */
const FORWARDED_PRODUCT = /^arn:aws[a-z-]*:securityhub:[a-z0-9-]+::product\/aws\/(guardduty|macie)$/;

/** True when a Security Hub finding is GuardDuty's or Macie's own, copied into Security Hub. */
export function isForwardedToSecurityHub(f: Pick<AwsSecurityFinding, 'ProductArn'>): boolean {
  return FORWARDED_PRODUCT.test(f.ProductArn ?? '');
}

/**
 * gdpr-bot's id of a Security Hub finding. ASFF ids are unique per product only and can be 512 characters
 * of ARN, more than a Slack block id or button takes: `sh-` and 40 hex digits of SHA-256 over the product
 * ARN and the id (the real id is in the Details).
 */
export function securityHubFindingId(productArn: string, id: string): string {
  return `sh-${createHash('sha256').update(`${productArn}\u0000${id}`).digest('hex').slice(0, 40)}`;
}

/** The last part of an ARN's resource (`arn:aws:s3:::bucket` → `bucket`, `…:instance/i-1` → `i-1`). */
function arnName(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const tail = arn.split(':').slice(5).join(':');
  return tail.split('/').pop() || undefined;
}

/**
 * A Security Hub finding in the AWS Security Finding Format (GetFindings, or `detail.findings[]` of a
 * "Security Hub Findings - Imported" event) as a {@link Finding}. Archived when its record is
 * `ARCHIVED` or its workflow `RESOLVED` / `SUPPRESSED` (what Security Hub's console hides by default).
 * The band comes from `Severity.Label` (else `Normalized`); an informational finding is `low` here and
 * the callers leave it out (see `securityHubBand`).
 */
export function normalizeSecurityHubFinding(f: AwsSecurityFinding): Finding {
  const updatedAt = iso(f.UpdatedAt, new Date(0).toISOString());
  const createdAt = iso(f.CreatedAt, updatedAt);
  const r = f.Resources?.[0];
  const resource: FindingResource = { kind: r?.Type ?? 'Unknown' };
  if (r?.Type === 'AwsS3Bucket') resource.bucket = arnName(r.Id);
  if (r?.Type === 'AwsEc2Instance') resource.instanceId = arnName(r.Id);
  if (r?.Type === 'AwsIamAccessKey') {
    const key = r.Details?.AwsIamAccessKey;
    if (key?.PrincipalName) resource.userName = key.PrincipalName;
  }
  const band = securityHubBand(f.Severity);
  const workflow = f.Workflow?.Status ?? f.WorkflowState;
  const details: Record<string, string> = {};
  put(details, 'Finding id', f.Id);
  put(details, 'Product', [f.CompanyName, f.ProductName].filter(Boolean).join(' '));
  put(details, 'Product ARN', f.ProductArn);
  put(details, 'Generator', f.GeneratorId);
  put(details, 'Types', f.Types?.join(', '));
  put(details, 'Severity', f.Severity?.Label ?? f.Severity?.Normalized);
  put(details, 'Description', f.Description);
  put(details, 'Resource type', r?.Type);
  put(details, 'Resource', r?.Id);
  put(details, 'Resources', f.Resources && f.Resources.length > 1 ? String(f.Resources.length) : undefined);
  put(details, 'Compliance', f.Compliance?.Status);
  put(details, 'Workflow', workflow);
  put(details, 'Record state', f.RecordState);
  put(details, 'Recommendation', f.Remediation?.Recommendation?.Text);
  put(details, 'Recommendation URL', f.Remediation?.Recommendation?.Url);
  return {
    id: f.Id ? securityHubFindingId(f.ProductArn ?? '', f.Id) : '',
    source: 'securityhub',
    type: f.Types?.[0] ?? f.GeneratorId ?? 'Unknown',
    title: f.Title ?? f.Types?.[0] ?? 'Security Hub finding',
    description: f.Description ?? '',
    severity: band === undefined || band === 'informational' ? 'low' : band,
    level: f.Severity?.Label,
    account: f.AwsAccountId ?? '',
    region: f.Region ?? r?.Region ?? '',
    resource,
    firstSeen: iso(f.FirstObservedAt, createdAt),
    lastSeen: iso(f.LastObservedAt, updatedAt),
    createdAt,
    updatedAt,
    count: 1,
    archived: f.RecordState === 'ARCHIVED' || workflow === 'RESOLVED' || workflow === 'SUPPRESSED',
    details,
  };
}
