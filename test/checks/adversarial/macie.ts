import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ok } from '../fixtures.js';

const macie = (s: Snapshot) => s.data.macie!;
const ago = (s: Snapshot, days: number) => new Date(Date.parse(s.collectedAt) - days * 86_400_000).toISOString();
const FINDINGS =
  'Macie API, ListFindings: findingCriteria archived eq false, category eq CLASSIFICATION (sensitive-data findings), sortCriteria createdAt ASC; GetFindings createdAt';
const REAL_DENIAL = {
  ok: false as const,
  error: {
    call: 'macie2:GetMacieSession',
    kind: 'denied' as const,
    code: 'AccessDeniedException',
    message:
      'User: arn:aws:sts::123456789012:assumed-role/scanner/s is not authorized to perform: macie2:GetMacieSession with an explicit deny in a service control policy',
  },
};
const SESSION =
  'Macie API, GetMacieSession: status ENABLED | PAUSED (PAUSED: Macie stops all activities); AccessDeniedException "Macie is not enabled" when it is off';
const DISCOVERY =
  'Macie API, GetAutomatedDiscoveryConfiguration (administrator or standalone account) and ListAutomatedDiscoveryAccounts (a member account checks its own status): status ENABLED | DISABLED';

/** Macie: a service that looks on and is not running, and denials that look like "off". */
export const CASES: AdversarialCase[] = [
  {
    check: 'macie_enabled',
    name: 'Macie PAUSED: the session exists but no discovery or monitoring runs',
    source: SESSION,
    mutate: (s) => {
      macie(s).session = ok('PAUSED');
    },
    expect: 'fail',
  },
  {
    check: 'macie_enabled',
    name: 'an AccessDeniedException from an SCP is not "Macie is not enabled": error, not a guessed fail',
    source: SESSION,
    mutate: (s) => {
      macie(s).session = REAL_DENIAL;
    },
    expect: 'error',
  },
  {
    check: 'macie_automated_discovery',
    name: 'automated discovery says ENABLED while Macie itself is PAUSED: nothing is analysed',
    source: `${SESSION}; ${DISCOVERY}`,
    mutate: (s) => {
      macie(s).session = ok('PAUSED');
      macie(s).automatedDiscovery = ok({ status: 'ENABLED' });
    },
    expect: 'fail',
  },
  {
    check: 'macie_automated_discovery',
    name: 'a member account the administrator excluded from automated discovery',
    source: DISCOVERY,
    mutate: (s) => {
      macie(s).automatedDiscovery = ok({ status: 'DISABLED', administrator: '210987654321' });
    },
    expect: 'fail',
  },
  {
    check: 'macie_automated_discovery',
    name: "a member account missing from its administrator's automated discovery list",
    source: DISCOVERY,
    mutate: (s) => {
      macie(s).automatedDiscovery = ok({ status: 'NOT_LISTED', administrator: '210987654321' });
    },
    expect: 'fail',
  },
  {
    check: 'macie_automated_discovery',
    name: 'the session read was denied while the discovery read says ENABLED: cannot tell whether Macie runs',
    source: SESSION,
    mutate: (s) => {
      macie(s).session = REAL_DENIAL;
    },
    expect: 'error',
  },
  {
    check: 'macie_automated_discovery',
    name: 'a member account with automated discovery enabled by its administrator: compliant',
    source: DISCOVERY,
    mutate: (s) => {
      macie(s).automatedDiscovery = ok({ status: 'ENABLED', administrator: '210987654321' });
    },
    expect: 'pass',
  },
  {
    check: 'macie_no_stale_sensitive_data_findings',
    name: 'Macie is PAUSED yet still holds a 90-day-old open finding: pausing resolves nothing',
    source: `${SESSION}; ${FINDINGS}`,
    mutate: (s) => {
      macie(s).session = ok('PAUSED');
      macie(s).oldestSensitiveFinding = ok({ id: 'f9', type: 'SensitiveData:S3Object/Credentials', createdAt: ago(s, 90), bucket: 'exports' });
    },
    expect: 'fail',
  },
  {
    check: 'macie_no_stale_sensitive_data_findings',
    name: 'ListFindings answered empty pages with a nextToken until the page budget ran out: "none" is not proven',
    source: `${FINDINGS}; a filtered page may hold no ids while nextToken says more follow`,
    mutate: (s) => {
      macie(s).oldestSensitiveFinding = ok(undefined);
    },
    expect: 'error',
  },
  {
    check: 'macie_no_stale_sensitive_data_findings',
    name: 'the oldest open finding is exactly 30 days old (the default limit): still within it',
    source: FINDINGS,
    mutate: (s) => {
      macie(s).oldestSensitiveFinding = ok({ id: 'f3', type: 'SensitiveData:S3Object/Personal', createdAt: ago(s, 30) });
    },
    expect: 'pass',
  },
  {
    check: 'macie_no_stale_sensitive_data_findings',
    name: 'a 31-day-old open finding of Low severity: severity does not excuse leaving it open',
    source: `${FINDINGS}; severity.description Low | Medium | High`,
    mutate: (s) => {
      macie(s).oldestSensitiveFinding = ok({ id: 'f4', type: 'SensitiveData:S3Object/Multiple', createdAt: ago(s, 31), severity: 'Low' });
    },
    expect: 'fail',
  },
  {
    check: 'macie_sensitive_bucket_kms_encrypted',
    name: 'a bucket Macie has not scored yet (sensitivityScore -1) with SSE-S3 looks "not sensitive": error, not a pass',
    source:
      'Macie API, DescribeBuckets: sensitivityScore -1 = not analysed yet, 50-100 sensitive; serverSideEncryption.type NONE | AES256 | aws:kms | aws:kms:dsse',
    mutate: (s) => {
      macie(s).buckets = ok([{ name: 'customer-data', accountId: s.accountId, region: 'eu-west-1', sensitivityScore: -1, encryption: 'AES256' }]);
    },
    expect: 'error',
    resource: 'customer-data',
  },
  {
    check: 'macie_sensitive_bucket_kms_encrypted',
    name: 'a sensitive bucket encrypted (SSE-S3 AES256) looks encrypted but is not KMS: fail',
    source: 'Macie API, DescribeBuckets: serverSideEncryption.type AES256 = SSE-S3 (Amazon S3 managed key)',
    mutate: (s) => {
      macie(s).buckets = ok([{ name: 'customer-data', accountId: s.accountId, region: 'eu-west-1', sensitivityScore: 50, encryption: 'AES256' }]);
    },
    expect: 'fail',
    resource: 'customer-data',
  },
  {
    check: 'macie_sensitive_bucket_kms_encrypted',
    name: 'Macie not enabled: no bucket is known to be sensitive, which is not "all sensitive buckets are KMS": error',
    source: SESSION,
    mutate: (s) => {
      macie(s).session = ok(null);
      macie(s).buckets = ok(null);
    },
    expect: 'error',
  },
  {
    check: 'macie_enabled_in_bucket_regions',
    name: 'Macie enabled in the scanned region, but buckets also live in an unscanned region: error naming it, never a pass',
    source: 'S3 API, ListBuckets: BucketRegion of every bucket of the account, whatever region is asked; ' + SESSION,
    mutate: (s) => {
      const b = s.data.s3!.buckets;
      if (b.ok) b.value[1]!.region = ok('us-east-1');
    },
    expect: 'error',
    resource: 'us-east-1',
  },
  {
    check: 'macie_enabled_in_bucket_regions',
    name: 'Macie PAUSED in the region of the buckets: a session exists but nothing is classified',
    source: SESSION,
    mutate: (s) => {
      s.data.maciesessions!.byRegion['eu-west-1'] = ok('PAUSED');
    },
    expect: 'fail',
    resource: 'eu-west-1',
  },
];
