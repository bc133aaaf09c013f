import type { Volume } from '../../../src/aws/collectors/ec2.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const volumes = (s: Snapshot): Volume[] => {
  const r = s.data.ec2!.volumes;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const vol = (id: string, encrypted: boolean, state: string): Volume => ({ id, arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/${id}`, encrypted, state });
const VOLUMES = 'EC2 API, DescribeVolumes / Volume: Encrypted, State creating | available | in-use | deleting | deleted | error; the list pages with NextToken';

/** EBS: encryption that looks on and is not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'ebs_default_encryption',
    name: 'a region with no volumes yet and encryption by default off: the next volume is created unencrypted',
    source: 'EC2 API, GetEbsEncryptionByDefault: EbsEncryptionByDefault is a per-Region setting, independent of existing volumes',
    mutate: (s) => {
      s.data.ec2!.volumes = ok([]);
      s.data.ec2!.ebsDefaultEncryption = ok(false);
    },
    expect: 'fail',
  },
  {
    check: 'ebs_default_encryption',
    name: 'GetEbsEncryptionByDefault denied while volumes are all encrypted: cannot tell',
    source: 'EC2 API, GetEbsEncryptionByDefault requires ec2:GetEbsEncryptionByDefault',
    mutate: (s) => {
      s.data.ec2!.ebsDefaultEncryption = denied('ec2:GetEbsEncryptionByDefault');
    },
    expect: 'error',
  },
  {
    check: 'ebs_volumes_encrypted',
    name: 'a volume still creating from an unencrypted snapshot is unencrypted too',
    source: VOLUMES,
    mutate: (s) => {
      volumes(s).push(vol('vol-new', false, 'creating'));
    },
    expect: 'fail',
    resource: 'volume/vol-new',
  },
  {
    check: 'ebs_volumes_encrypted',
    name: 'an unencrypted volume in error state still holds its data',
    source: VOLUMES,
    mutate: (s) => {
      volumes(s).push(vol('vol-broken', false, 'error'));
    },
    expect: 'fail',
    resource: 'volume/vol-broken',
  },
  {
    check: 'ebs_volumes_encrypted',
    name: 'an unencrypted volume already deleted (still listed for a while) is gone: compliant',
    source: VOLUMES,
    mutate: (s) => {
      volumes(s).push(vol('vol-gone', false, 'deleted'));
    },
    expect: 'pass',
  },
  {
    check: 'ebs_volumes_encrypted',
    name: 'DescribeVolumes failed on a later page: the region cannot be judged',
    source: VOLUMES,
    mutate: (s) => {
      s.data.ec2!.volumes = denied('ec2:DescribeVolumes');
    },
    expect: 'error',
  },
];
