import { DescribeSnapshotAttributeCommand, DescribeSnapshotsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ebsCollector } from '../../src/aws/collectors/ebs.js';
import { ebs_snapshots_encrypted_and_private } from '../../src/checks/ebs/ebs_snapshots_encrypted_and_private.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, regionOf } from '../helpers/collect-in.js';
import { awsError } from '../helpers/synthetic-aws.js';

const ec2 = mockClient(EC2Client);
afterEach(() => ec2.reset());

const PERMISSIONS: Record<string, { Group?: 'all'; UserId?: string }[]> = {
  'snap-private': [],
  'snap-shared': [{ UserId: '210987654321' }],
  'snap-public': [{ Group: 'all' }],
  'snap-plain': [],
  'snap-denied': [],
};

describe('the EBS snapshots collector', () => {
  it('lists the account’s own snapshots (OwnerIds self, MaxResults 1000, every NextToken page) in each region and reads createVolumePermission of each', async () => {
    const ids = Object.keys(PERMISSIONS);
    const sent: string[] = [];
    ec2.on(DescribeSnapshotsCommand).callsFake(async (input: { NextToken?: string; MaxResults?: number; OwnerIds?: string[] }, getClient) => {
      sent.push(`${await regionOf(getClient)} owners=${input.OwnerIds?.join(',')} max=${input.MaxResults} token=${input.NextToken ?? '-'}`);
      const p = pageOf(ids, input.NextToken, 3);
      return { Snapshots: p.items.map((SnapshotId) => ({ SnapshotId, Encrypted: SnapshotId !== 'snap-plain', State: 'completed' })), NextToken: p.next };
    });
    ec2.on(DescribeSnapshotAttributeCommand).callsFake(async (input: { SnapshotId: string; Attribute: string }) => {
      if (input.SnapshotId === 'snap-denied') throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
      return { SnapshotId: input.SnapshotId, CreateVolumePermissions: PERMISSIONS[input.SnapshotId] };
    });
    for (const region of ['eu-west-1', 'eu-central-1']) {
      sent.length = 0;
      ec2.resetHistory();
      const { data } = await collectIn(ebsCollector, region, ['eu-west-1', 'eu-central-1']);
      expect(sent).toEqual([`${region} owners=self max=1000 token=-`, `${region} owners=self max=1000 token=t3`]);
      const attrs = ec2.commandCalls(DescribeSnapshotAttributeCommand).map((c) => c.args[0].input);
      expect(attrs.map((i) => i.SnapshotId).sort()).toEqual([...ids].sort());
      expect(new Set(attrs.map((i) => i.Attribute))).toEqual(new Set(['createVolumePermission']));
      const s = { ...compliantSnapshot(), region };
      s.data.ebs = data;
      const findings = ebs_snapshots_encrypted_and_private.evaluate(s);
      expect(findings.every((f) => f.resource.startsWith(`arn:aws:ec2:${region}::snapshot/`))).toBe(true);
      expect(Object.fromEntries(findings.map((f) => [f.resource.split('/').pop()!, f.status]))).toEqual({
        'snap-private': 'pass',
        'snap-shared': 'pass',
        'snap-public': 'fail',
        'snap-plain': 'fail',
        'snap-denied': 'error',
      });
    }
  });
});
