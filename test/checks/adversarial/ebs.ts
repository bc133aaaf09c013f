import type { EbsSnapshot } from '../../../src/aws/collectors/ebs.js';
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
const snapshots = (s: Snapshot): EbsSnapshot[] => {
  const r = s.data.ebs!.snapshots;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const snap = (id: string, over: Partial<EbsSnapshot>): EbsSnapshot => ({
  id,
  arn: `arn:aws:ec2:eu-west-1::snapshot/${id}`,
  encrypted: true,
  state: 'completed',
  createVolumePermission: ok([]),
  ...over,
});
const SNAPSHOT_ATTR =
  'EC2 API, DescribeSnapshotAttribute (Attribute createVolumePermission): CreateVolumePermissions lists { UserId } per account and { Group: all } when public';
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
  {
    check: 'ebs_snapshots_encrypted_and_private',
    name: 'an encrypted snapshot with createVolumePermission group all is public: judged on the attribute, not on encryption',
    source: `${SNAPSHOT_ATTR}; AWS documents that encrypted snapshots cannot be made public, so this is judged, not assumed`,
    mutate: (s) => {
      snapshots(s).push(snap('snap-public', { createVolumePermission: ok(['all', '210987654321']) }));
    },
    expect: 'fail',
    resource: 'snapshot/snap-public',
  },
  {
    check: 'ebs_snapshots_encrypted_and_private',
    name: 'an unencrypted snapshot shared with one account only is still unencrypted',
    source: 'EC2 API, DescribeSnapshots (OwnerIds self) / Snapshot: Encrypted',
    mutate: (s) => {
      snapshots(s).push(snap('snap-plain', { encrypted: false, createVolumePermission: ok(['210987654321']) }));
    },
    expect: 'fail',
    resource: 'snapshot/snap-plain',
  },
  {
    check: 'ebs_snapshots_encrypted_and_private',
    name: 'DescribeSnapshotAttribute denied on an encrypted snapshot: it may be shared with anyone',
    source: SNAPSHOT_ATTR,
    mutate: (s) => {
      snapshots(s).push(snap('snap-hidden', { createVolumePermission: denied('ec2:DescribeSnapshotAttribute') }));
    },
    expect: 'error',
    resource: 'snapshot/snap-hidden',
  },
];
