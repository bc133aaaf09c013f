import type { Analyzer } from '../../../src/aws/collectors/accessanalyzer.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { denied, ok } from '../fixtures.js';

const ARN = 'arn:aws:access-analyzer:eu-west-1:123456789012:analyzer';
const analyzers = (s: Snapshot, list: Analyzer[]) => {
  s.data.accessanalyzer = { analyzers: ok(list) };
};
const SOURCE =
  'Access Analyzer API, ListAnalyzers / AnalyzerSummary: status ACTIVE | CREATING | DISABLED | FAILED, type ACCOUNT | ORGANIZATION | ACCOUNT_UNUSED_ACCESS | ORGANIZATION_UNUSED_ACCESS | ACCOUNT_INTERNAL_ACCESS | ORGANIZATION_INTERNAL_ACCESS';

const FINDINGS =
  'Access Analyzer API, ListFindingsV2 with filter status eq ACTIVE (FindingSummaryV2: id, resource, resourceType, resourceOwnerAccount, status ACTIVE | ARCHIVED | RESOLVED); archived findings were reviewed and accepted';
const active = (count: number): Analyzer['activeFindings'] =>
  ok({
    count,
    sample: Array.from({ length: Math.min(count, 20) }, (_, i) => ({
      id: `f-${i}`,
      resource: `arn:aws:s3:::shared-${i}`,
      resourceType: 'AWS::S3::Bucket',
      resourceOwnerAccount: '123456789012',
    })),
  });

/** IAM Access Analyzer: analyzers that exist but find no external access, or whose findings are not what they seem. */
export const CASES: AdversarialCase[] = [
  {
    check: 'accessanalyzer_enabled',
    name: 'the only analyzer is still CREATING: it has not analysed anything yet',
    source: SOURCE,
    mutate: (s) => analyzers(s, [{ name: 'new', arn: `${ARN}/new`, type: 'ACCOUNT', status: 'CREATING' }]),
    expect: 'fail',
  },
  {
    check: 'accessanalyzer_enabled',
    name: 'an organization analyzer that FAILED (trusted access for Access Analyzer disabled in Organizations)',
    source: `${SOURCE}; StatusReason.code AWS_SERVICE_ACCESS_DISABLED | DELEGATED_ADMINISTRATOR_DEREGISTERED | ORGANIZATION_DELETED | SERVICE_LINKED_ROLE_CREATION_FAILED`,
    mutate: (s) => analyzers(s, [{ name: 'org', arn: `${ARN}/org`, type: 'ORGANIZATION', status: 'FAILED', statusReason: 'AWS_SERVICE_ACCESS_DISABLED' }]),
    expect: 'fail',
  },
  {
    check: 'accessanalyzer_enabled',
    name: 'a DISABLED analyzer (its organization delegated administrator was deregistered)',
    source: SOURCE,
    mutate: (s) =>
      analyzers(s, [{ name: 'org', arn: `${ARN}/org`, type: 'ORGANIZATION', status: 'DISABLED', statusReason: 'DELEGATED_ADMINISTRATOR_DEREGISTERED' }]),
    expect: 'fail',
  },
  {
    check: 'accessanalyzer_enabled',
    name: 'the only ACTIVE analyzer is an unused-access analyzer: it reports unused permissions, not external sharing',
    source: `${SOURCE}; unused access analyzers (type ACCOUNT_UNUSED_ACCESS) produce unused-access findings only`,
    mutate: (s) => analyzers(s, [{ name: 'unused', arn: `${ARN}/unused`, type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE' }]),
    expect: 'fail',
  },
  {
    check: 'accessanalyzer_enabled',
    name: 'the only ACTIVE analyzer is an internal-access analyzer: it reports access from inside the zone of trust',
    source: SOURCE,
    mutate: (s) => analyzers(s, [{ name: 'internal', arn: `${ARN}/internal`, type: 'ORGANIZATION_INTERNAL_ACCESS', status: 'ACTIVE' }]),
    expect: 'fail',
  },
  {
    check: 'accessanalyzer_enabled',
    name: 'an ACTIVE ORGANIZATION analyzer next to a FAILED account one is compliant (the organization analyzer covers the account)',
    source: `${SOURCE}; an analyzer with the organization as zone of trust covers every account of it`,
    mutate: (s) =>
      analyzers(s, [
        { name: 'old', arn: `${ARN}/old`, type: 'ACCOUNT', status: 'FAILED', statusReason: 'SERVICE_LINKED_ROLE_CREATION_FAILED' },
        { name: 'org', arn: `${ARN}/org`, type: 'ORGANIZATION', status: 'ACTIVE' },
      ]),
    expect: 'pass',
  },
  {
    check: 'accessanalyzer_enabled_without_findings',
    name: 'an account analyzer without findings, and an organisation analyzer with one active finding: the region fails on the second',
    source: FINDINGS,
    mutate: (s) =>
      analyzers(s, [
        { name: 'account', arn: `${ARN}/account`, type: 'ACCOUNT', status: 'ACTIVE', activeFindings: active(0) },
        { name: 'org', arn: `${ARN}/org`, type: 'ORGANIZATION', status: 'ACTIVE', activeFindings: active(1) },
      ]),
    expect: 'fail',
    resource: 'analyzer/org',
  },
  {
    check: 'accessanalyzer_enabled_without_findings',
    name: '45 active findings: the message counts them all, not only the 20 kept',
    source: FINDINGS,
    mutate: (s) => analyzers(s, [{ name: 'account', arn: `${ARN}/account`, type: 'ACCOUNT', status: 'ACTIVE', activeFindings: active(45) }]),
    expect: 'fail',
    resource: 'analyzer/account',
  },
  {
    check: 'accessanalyzer_enabled_without_findings',
    name: 'only an unused-access analyzer: it reports no external access, so nothing here is judged (not a pass)',
    source: `${SOURCE}; unused-access analyzers report unused roles, keys and permissions, not external access`,
    mutate: (s) => analyzers(s, [{ name: 'unused', arn: `${ARN}/unused`, type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE' }]),
    expect: 'not_applicable',
  },
  {
    check: 'accessanalyzer_enabled_without_findings',
    name: 'ListFindingsV2 denied: the findings are unknown',
    source: 'ListFindingsV2 requires access-analyzer:ListFindingsV2',
    mutate: (s) =>
      analyzers(s, [{ name: 'account', arn: `${ARN}/account`, type: 'ACCOUNT', status: 'ACTIVE', activeFindings: denied('access-analyzer:ListFindingsV2') }]),
    expect: 'error',
    resource: 'analyzer/account',
  },
];
