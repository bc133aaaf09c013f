import type { Analyzer } from '../../../src/aws/collectors/accessanalyzer.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ok } from '../fixtures.js';

const ARN = 'arn:aws:access-analyzer:eu-west-1:123456789012:analyzer';
const analyzers = (s: Snapshot, list: Analyzer[]) => {
  s.data.accessanalyzer = { analyzers: ok(list) };
};
const SOURCE = 'Access Analyzer API, ListAnalyzers / AnalyzerSummary: status ACTIVE | CREATING | DISABLED | FAILED, type ACCOUNT | ORGANIZATION | ACCOUNT_UNUSED_ACCESS | ORGANIZATION_UNUSED_ACCESS | ACCOUNT_INTERNAL_ACCESS | ORGANIZATION_INTERNAL_ACCESS';

/** IAM Access Analyzer: analyzers that exist but find no external access. */
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
    mutate: (s) => analyzers(s, [{ name: 'org', arn: `${ARN}/org`, type: 'ORGANIZATION', status: 'DISABLED', statusReason: 'DELEGATED_ADMINISTRATOR_DEREGISTERED' }]),
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
];
