import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { efsCollector } from '../../src/aws/collectors/efs.js';
import { efs_file_system_encrypted } from '../../src/checks/efs/efs_file_system_encrypted.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';
import { awsError } from '../helpers/synthetic-aws.js';

const efs = mockClient(EFSClient);
afterEach(() => efs.reset());

describe('the EFS collector', () => {
  it('follows Marker / NextMarker (MaxItems 100) in each region and the check judges every file system', async () => {
    const sent: string[] = [];
    const all = [
      { FileSystemId: 'fs-enc', Encrypted: true, LifeCycleState: 'available' },
      { FileSystemId: 'fs-plain', Encrypted: false, LifeCycleState: 'available' },
      { FileSystemId: 'fs-new', LifeCycleState: 'creating' },
      { FileSystemId: 'fs-gone', Encrypted: false, LifeCycleState: 'deleted' },
    ];
    efs.on(DescribeFileSystemsCommand).callsFake(async (input: { Marker?: string; MaxItems?: number }, getClient) => {
      const region = await regionOf(getClient);
      sent.push(`${region} max=${input.MaxItems} marker=${input.Marker ?? '-'}`);
      const p = pageOf(all, input.Marker, 3);
      return {
        FileSystems: p.items.map((f) => ({ ...f, FileSystemArn: `arn:aws:elasticfilesystem:${region}:${TEST_ACCOUNT}:file-system/${f.FileSystemId}` })),
        NextMarker: p.next,
      };
    });
    for (const region of ['eu-west-1', 'eu-central-1']) {
      sent.length = 0;
      const { data } = await collectIn(efsCollector, region, ['eu-west-1', 'eu-central-1']);
      expect(sent).toEqual([`${region} max=100 marker=-`, `${region} max=100 marker=t3`]);
      const s = { ...compliantSnapshot(), region };
      s.data.efs = data;
      const by = Object.fromEntries(efs_file_system_encrypted.evaluate(s).map((f) => [f.resource.split('/').pop()!, f.status]));
      expect(by).toEqual({ 'fs-enc': 'pass', 'fs-plain': 'fail', 'fs-new': 'fail' });
    }
  });

  it('a denied DescribeFileSystems is an error naming the call', async () => {
    efs.on(DescribeFileSystemsCommand).rejects(awsError('AccessDeniedException', 'no'));
    const { data } = await collectIn(efsCollector, 'eu-west-1');
    const s = compliantSnapshot();
    s.data.efs = data;
    expect(efs_file_system_encrypted.evaluate(s)).toMatchObject([
      { status: 'error', message: expect.stringContaining('AccessDeniedException on elasticfilesystem:DescribeFileSystems') },
    ]);
  });
});
