import type { GuardDutyDetector } from '../../../src/aws/collectors/guardduty.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { denied, ok } from '../fixtures.js';

const detector = (s: Snapshot): GuardDutyDetector => {
  const r = s.data.guardduty!.detectors;
  if (!r.ok) throw new Error('fixture');
  return r.value[0]!;
};
const GET = 'GuardDuty API, GetDetector: Status ENABLED | DISABLED (a suspended detector keeps its id and answers DISABLED)';
const LIST = 'GuardDuty API, ListFindings: FindingCriteria severity GreaterThanOrEqual 7 (7–8.9 high, 9–10 critical), service.archived Equals false; pages with NextToken';

/** GuardDuty: a detector that exists but does not watch, and findings lists that cannot prove "none". */
export const CASES: AdversarialCase[] = [
  {
    check: 'guardduty_enabled',
    name: 'a detector exists but is suspended (Status DISABLED)',
    source: GET,
    mutate: (s) => {
      detector(s).status = ok('DISABLED');
    },
    expect: 'fail',
  },
  {
    check: 'guardduty_enabled',
    name: 'a detector is listed but GetDetector was denied: its status is unknown',
    source: GET,
    mutate: (s) => {
      detector(s).status = denied('guardduty:GetDetector');
    },
    expect: 'error',
  },
  {
    check: 'guardduty_no_open_high_findings',
    name: 'ListFindings answered an empty page with a NextToken and the listing stopped there: "none" is not proven',
    source: `${LIST}; a filtered list page may hold no ids while NextToken says more follow`,
    mutate: (s) => {
      detector(s).openHighFindings = ok({ ids: [], more: true });
    },
    expect: 'error',
    resource: 'detector/det1',
  },
  {
    check: 'guardduty_no_open_high_findings',
    name: 'a suspended detector still has open high findings from before: they are not resolved by suspending',
    source: `${GET}; ${LIST}`,
    mutate: (s) => {
      const d = detector(s);
      d.status = ok('DISABLED');
      d.openHighFindings = ok({ ids: ['6ab0e7c1c9f0f7d1d8e5a0b3c4d5e6f7'], more: false });
    },
    expect: 'fail',
    resource: 'detector/det1',
  },
  {
    check: 'guardduty_no_open_high_findings',
    name: 'ListFindings denied: cannot tell whether a breach is open',
    source: LIST,
    mutate: (s) => {
      detector(s).openHighFindings = denied('guardduty:ListFindings');
    },
    expect: 'error',
    resource: 'detector/det1',
  },
];
