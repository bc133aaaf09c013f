import type { EfsFileSystem } from '../../../src/aws/collectors/efs.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied } from '../fixtures.js';

const fileSystems = (s: Snapshot): EfsFileSystem[] => {
  const r = s.data.efs!.fileSystems;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const fs = (id: string, encrypted: boolean, state: string): EfsFileSystem => ({
  id,
  arn: `arn:aws:elasticfilesystem:eu-west-1:${ACCOUNT}:file-system/${id}`,
  encrypted,
  state,
});
const SOURCE =
  'EFS API, DescribeFileSystems / FileSystemDescription: Encrypted, LifeCycleState creating | available | updating | deleting | deleted | error; pages with Marker / NextMarker';

/** EFS: file systems that look encrypted or gone and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'efs_file_system_encrypted',
    name: 'an unencrypted file system being deleted still holds its data until it is deleted',
    source: SOURCE,
    mutate: (s) => {
      fileSystems(s).push(fs('fs-going', false, 'deleting'));
    },
    expect: 'fail',
    resource: 'file-system/fs-going',
  },
  {
    check: 'efs_file_system_encrypted',
    name: 'a file system in error state without Encrypted in the answer reads as unencrypted',
    source: SOURCE,
    mutate: (s) => {
      fileSystems(s).push(fs('fs-broken', false, 'error'));
    },
    expect: 'fail',
    resource: 'file-system/fs-broken',
  },
  {
    check: 'efs_file_system_encrypted',
    name: 'DescribeFileSystems denied: no file systems is not what was read',
    source: SOURCE,
    mutate: (s) => {
      s.data.efs!.fileSystems = denied('elasticfilesystem:DescribeFileSystems');
    },
    expect: 'error',
  },
];
