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
const FEATURES =
  'GuardDuty API, GetDetector: Features[] of DetectorFeatureConfigurationResult, Name S3_DATA_EVENTS | EBS_MALWARE_PROTECTION | RDS_LOGIN_EVENTS | …, Status ENABLED | DISABLED';
const ADMIN = 'GuardDuty API, GetAdministratorAccount: Administrator.AccountId and RelationshipStatus (absent when the account has no administrator)';
const ORG =
  'GuardDuty API, DescribeOrganizationConfiguration (delegated administrator only): AutoEnableOrganizationMembers NEW | ALL | NONE, MemberAccountLimitReached';
const LIST =
  'GuardDuty API, ListFindings: FindingCriteria severity GreaterThanOrEqual 7 (7–8.9 high, 9–10 critical), service.archived Equals false; pages with NextToken';

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
  {
    check: 'guardduty_s3_protection_enabled',
    name: 'a suspended detector still lists S3_DATA_EVENTS as ENABLED: it watches nothing, never a pass',
    source: `${GET}; Features[].Status keeps its value while the detector is suspended`,
    mutate: (s) => {
      detector(s).status = ok('DISABLED');
    },
    expect: 'not_applicable',
    resource: 'detector/det1',
  },
  {
    check: 'guardduty_rds_protection_enabled',
    name: 'the detector does not list RDS_LOGIN_EVENTS at all (a region where RDS Protection is not offered): not judged, not passed',
    source: `${FEATURES}; RDS Protection is available only in the Regions listed in the GuardDuty User Guide`,
    mutate: (s) => {
      const d = detector(s);
      if (d.features.ok) d.features = ok(d.features.value.filter((f) => f.name !== 'RDS_LOGIN_EVENTS'));
    },
    expect: 'not_applicable',
    resource: 'detector/det1',
  },
  {
    check: 'guardduty_ec2_malware_protection_enabled',
    name: 'the detector is ENABLED but Malware Protection for EC2 is DISABLED (the default for detectors created before it existed)',
    source: FEATURES,
    mutate: (s) => {
      const d = detector(s);
      if (d.features.ok) d.features = ok(d.features.value.map((f) => (f.name === 'EBS_MALWARE_PROTECTION' ? { ...f, status: 'DISABLED' } : f)));
    },
    expect: 'fail',
    resource: 'detector/det1',
  },
  {
    check: 'guardduty_s3_protection_enabled',
    name: 'GetDetector denied: the plans cannot be read',
    source: GET,
    mutate: (s) => {
      detector(s).status = denied('guardduty:GetDetector');
      detector(s).features = denied('guardduty:GetDetector');
    },
    expect: 'error',
    resource: 'detector/det1',
  },
  {
    check: 'guardduty_centrally_managed',
    name: 'the detector names an administrator but the relationship is Resigned (the member left): findings no longer reach it',
    source: `${ADMIN}; RelationshipStatus Created | Invited | Disabled | Enabled | Removed | Resigned | …`,
    mutate: (s) => {
      detector(s).management = ok({ administrator: { accountId: '210987654321', relationshipStatus: 'Resigned' }, organization: null });
    },
    expect: 'fail',
    resource: 'detector/det1',
  },
  {
    check: 'guardduty_centrally_managed',
    name: 'this account is the delegated administrator but AutoEnableOrganizationMembers is NONE: new accounts join unwatched',
    source: ORG,
    mutate: (s) => {
      detector(s).management = ok({ organization: { autoEnableMembers: 'NONE', memberAccountLimitReached: false } });
    },
    expect: 'fail',
    resource: 'detector/det1',
  },
  {
    check: 'guardduty_centrally_managed',
    name: 'the delegated administrator auto-enables ALL but its member limit is reached: further accounts cannot be added',
    source: `${ORG}; MemberAccountLimitReached`,
    mutate: (s) => {
      detector(s).management = ok({ organization: { autoEnableMembers: 'ALL', memberAccountLimitReached: true } });
    },
    expect: 'fail',
    resource: 'detector/det1',
  },
  {
    check: 'guardduty_centrally_managed',
    name: 'the delegated administrator with auto-enable ALL: central management, no administrator of its own',
    source: ORG,
    mutate: (s) => {
      detector(s).management = ok({ organization: { autoEnableMembers: 'ALL', memberAccountLimitReached: false } });
    },
    expect: 'pass',
    resource: 'detector/det1',
  },
];
