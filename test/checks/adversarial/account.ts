import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { denied, ok } from '../fixtures.js';

const CHECK = 'account_optin_regions_allowed';
const SOURCE = 'EC2 API Reference, DescribeRegions with AllRegions (OptInStatus opted-in | not-opted-in | opt-in-not-required)';

function regions(s: Snapshot, list: { name: string; optInStatus: string }[]): void {
  s.data.account!.regions = ok(list);
}

/** Adversarial fixtures of the Account checks. */
export const CASES: AdversarialCase[] = [
  {
    check: CHECK,
    name: 'Enabled opt-in region that is scanned but not in scan.allowedRegions: scanning a region does not approve it',
    source: `${SOURCE}; gdpr-bot configuration (scan.regions is what is scanned, scan.allowedRegions what is approved)`,
    mutate: (s) => {
      s.regions = ['eu-west-1', 'eu-south-1'];
      regions(s, [
        { name: 'eu-west-1', optInStatus: 'opt-in-not-required' },
        { name: 'eu-south-1', optInStatus: 'opted-in' },
      ]);
    },
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'No scan.allowedRegions configured and an opt-in region enabled',
    source: SOURCE,
    mutate: (s) => {
      delete s.settings.allowedRegions;
      regions(s, [
        { name: 'eu-west-1', optInStatus: 'opt-in-not-required' },
        { name: 'me-central-1', optInStatus: 'opted-in' },
      ]);
    },
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'No scan.allowedRegions configured, and the enabled opt-in region is one of the scanned regions: still not approved',
    source: `${SOURCE}; gdpr-bot configuration (scan.regions is what is scanned, scan.allowedRegions what is approved)`,
    mutate: (s) => {
      delete s.settings.allowedRegions;
      s.regions = ['eu-west-1', 'eu-south-1'];
      regions(s, [
        { name: 'eu-west-1', optInStatus: 'opt-in-not-required' },
        { name: 'eu-south-1', optInStatus: 'opted-in' },
      ]);
    },
    expect: 'fail',
  },
  {
    check: CHECK,
    name: 'Enabled opt-in region that is in scan.allowedRegions',
    source: SOURCE,
    mutate: (s) => {
      s.settings.allowedRegions = ['eu-west-1', 'eu-south-1'];
      regions(s, [
        { name: 'eu-west-1', optInStatus: 'opt-in-not-required' },
        { name: 'eu-south-1', optInStatus: 'opted-in' },
      ]);
    },
    expect: 'pass',
  },
  {
    check: CHECK,
    name: 'Region list unreadable (UnauthorizedOperation on ec2:DescribeRegions) is no verdict',
    source: SOURCE,
    mutate: (s) => {
      s.data.account!.regions = denied('ec2:DescribeRegions');
    },
    expect: 'error',
  },
];
