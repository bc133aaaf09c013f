import {
  DescribeFlowLogsCommand,
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ec2Collector } from '../../src/aws/collectors/ec2.js';
import { ec2_ami_public } from '../../src/checks/ec2/ec2_ami_public.js';
import { ec2_securitygroup_allow_ingress_from_internet_to_admin_ports } from '../../src/checks/ec2/ec2_securitygroup_allow_ingress_from_internet_to_admin_ports.js';
import { vpc_flow_logs_enabled } from '../../src/checks/vpc/vpc_flow_logs_enabled.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';

const ec2 = mockClient(EC2Client);
afterEach(() => ec2.reset());

type Paged = { NextToken?: string; MaxResults?: number };

/** Answers a describe call page by page, recording the region, page size and token of each request. */
function paged<T>(items: T[], key: string, log: string[]) {
  return async (input: Paged, getClient: () => unknown) => {
    log.push(`${await regionOf(getClient)} max=${input.MaxResults} token=${input.NextToken ?? '-'}`);
    const p = pageOf(items, input.NextToken, 2);
    return { [key]: p.items, NextToken: p.next };
  };
}

describe('the EC2 collector', () => {
  it('reads every page of volumes, VPCs, subnets and flow logs in each region, with MaxResults on every request', async () => {
    const log: Record<string, string[]> = { volumes: [], vpcs: [], subnets: [], flowLogs: [] };
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(DescribeVolumesCommand).callsFake(
      paged(
        [
          { VolumeId: 'vol-1', Encrypted: true, State: 'in-use' },
          { VolumeId: 'vol-2', Encrypted: false, State: 'creating' },
          { VolumeId: 'vol-3', State: 'available' },
        ],
        'Volumes',
        log.volumes!,
      ),
    );
    ec2.on(DescribeVpcsCommand).callsFake(
      paged(
        [
          { VpcId: 'vpc-1', OwnerId: TEST_ACCOUNT },
          { VpcId: 'vpc-2', OwnerId: TEST_ACCOUNT },
          { VpcId: 'vpc-shared', OwnerId: '999988887777' },
        ],
        'Vpcs',
        log.vpcs!,
      ),
    );
    ec2.on(DescribeSubnetsCommand).callsFake(
      paged(
        [
          { SubnetId: 'subnet-2a', VpcId: 'vpc-2' },
          { SubnetId: 'subnet-2b', VpcId: 'vpc-2' },
          { SubnetId: 'subnet-1a', VpcId: 'vpc-1' },
        ],
        'Subnets',
        log.subnets!,
      ),
    );
    ec2.on(DescribeFlowLogsCommand).callsFake(
      paged(
        [
          {
            FlowLogId: 'fl-1',
            ResourceId: 'vpc-1',
            FlowLogStatus: 'ACTIVE',
            DeliverLogsStatus: 'FAILED',
            DeliverLogsErrorMessage: 'Access error',
            TrafficType: 'ALL',
          },
          { FlowLogId: 'fl-2', ResourceId: 'subnet-2a', FlowLogStatus: 'ACTIVE', DeliverLogsStatus: 'SUCCESS', TrafficType: 'ALL' },
          { FlowLogId: 'fl-3', ResourceId: 'subnet-2b', FlowLogStatus: 'ACTIVE', TrafficType: 'ALL' },
        ],
        'FlowLogs',
        log.flowLogs!,
      ),
    );
    for (const region of ['eu-west-1', 'eu-west-3']) {
      const { data } = await collectIn(ec2Collector, region, ['eu-west-1', 'eu-west-3']);
      expect(data.volumes).toEqual({
        ok: true,
        value: [
          { id: 'vol-1', arn: `arn:aws:ec2:${region}:${TEST_ACCOUNT}:volume/vol-1`, encrypted: true, state: 'in-use' },
          { id: 'vol-2', arn: `arn:aws:ec2:${region}:${TEST_ACCOUNT}:volume/vol-2`, encrypted: false, state: 'creating' },
          { id: 'vol-3', arn: `arn:aws:ec2:${region}:${TEST_ACCOUNT}:volume/vol-3`, encrypted: false, state: 'available' },
        ],
      });
      expect(data.vpcs.ok && data.vpcs.value.map((v) => v.arn)).toEqual([
        `arn:aws:ec2:${region}:${TEST_ACCOUNT}:vpc/vpc-1`,
        `arn:aws:ec2:${region}:${TEST_ACCOUNT}:vpc/vpc-2`,
        `arn:aws:ec2:${region}:999988887777:vpc/vpc-shared`,
      ]);
      expect(data.subnets?.ok ? data.subnets.value : undefined).toHaveLength(3);
      expect(data.flowLogs.ok && data.flowLogs.value[0]).toEqual({
        id: 'fl-1',
        resourceId: 'vpc-1',
        status: 'ACTIVE',
        deliverStatus: 'FAILED',
        deliverError: 'Access error',
        trafficType: 'ALL',
      });

      const s = { ...compliantSnapshot(), region, accountId: TEST_ACCOUNT };
      s.data.ec2 = data;
      const by = Object.fromEntries(vpc_flow_logs_enabled.evaluate(s).map((f) => [f.resource.split('/').pop(), f.status]));
      expect(by).toEqual({ 'vpc-1': 'fail', 'vpc-2': 'pass', 'vpc-shared': 'not_applicable' });
    }
    for (const [name, requests] of Object.entries(log)) {
      expect(requests, name).toEqual(['eu-west-1 max=500 token=-', 'eu-west-1 max=500 token=t2', 'eu-west-3 max=500 token=-', 'eu-west-3 max=500 token=t2']);
    }
  });

  it('keeps each read separate: DescribeSubnets denied leaves volumes, VPCs and flow logs readable', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1', OwnerId: TEST_ACCOUNT }] });
    ec2.on(DescribeSubnetsCommand).rejects(Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation' }));
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [{ FlowLogId: 'fl-1', ResourceId: 'subnet-1a', FlowLogStatus: 'ACTIVE', TrafficType: 'ALL' }] });
    const { data } = await collectIn(ec2Collector, 'eu-west-1');
    expect(data.ebsDefaultEncryption).toEqual({ ok: true, value: false });
    expect(data.subnets).toMatchObject({ ok: false, error: { call: 'ec2:DescribeSubnets', kind: 'denied', code: 'UnauthorizedOperation' } });
    expect(data.flowLogs.ok && data.flowLogs.value).toHaveLength(1);
    const s = compliantSnapshot();
    s.data.ec2 = data;
    const [f] = vpc_flow_logs_enabled.evaluate(s);
    expect(f).toMatchObject({ status: 'error' });
    expect(f!.message).toContain('UnauthorizedOperation on ec2:DescribeSubnets');
  });

  it('does not read subnets when no flow log is attached to a subnet', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1', OwnerId: TEST_ACCOUNT }] });
    ec2
      .on(DescribeFlowLogsCommand)
      .resolves({ FlowLogs: [{ FlowLogId: 'fl-1', ResourceId: 'vpc-1', FlowLogStatus: 'ACTIVE', DeliverLogsStatus: 'SUCCESS', TrafficType: 'ALL' }] });
    const { data, calls } = await collectIn(ec2Collector, 'eu-west-1');
    expect(calls).not.toContain('ec2:DescribeSubnets');
    expect(data.subnets).toBeUndefined();
    const s = compliantSnapshot();
    s.data.ec2 = data;
    expect(vpc_flow_logs_enabled.evaluate(s)[0]!.status).toBe('pass');
  });

  it('reads every page of security groups and of the AMIs the account owns (Owners self, deprecated and disabled included), mapping rules and Public', async () => {
    const log: string[] = [];
    ec2.on(DescribeSecurityGroupsCommand).callsFake(
      paged(
        [
          {
            GroupId: 'sg-1',
            GroupName: 'web',
            OwnerId: TEST_ACCOUNT,
            VpcId: 'vpc-1',
            IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
          },
          {
            GroupId: 'sg-2',
            GroupName: 'default',
            OwnerId: TEST_ACCOUNT,
            VpcId: 'vpc-1',
            IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-2' }] }],
          },
          // Every port from anywhere over IPv6: the all-traffic rule has no FromPort/ToPort.
          {
            GroupId: 'sg-3',
            GroupName: 'launch-wizard-1',
            OwnerId: TEST_ACCOUNT,
            VpcId: 'vpc-1',
            IpPermissions: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }], PrefixListIds: [{ PrefixListId: 'pl-1' }] }],
          },
        ],
        'SecurityGroups',
        log,
      ),
    );
    const images: { Owners?: string[]; IncludeDeprecated?: boolean; IncludeDisabled?: boolean }[] = [];
    ec2.on(DescribeImagesCommand).callsFake(async (input: Paged & { Owners?: string[]; IncludeDeprecated?: boolean; IncludeDisabled?: boolean }, getClient) => {
      images.push({ Owners: input.Owners, IncludeDeprecated: input.IncludeDeprecated, IncludeDisabled: input.IncludeDisabled });
      return paged(
        [
          { ImageId: 'ami-1', Name: 'base', Public: false, State: 'available' },
          { ImageId: 'ami-2', Name: 'old', Public: true, State: 'available' },
          { ImageId: 'ami-3', Name: 'no-flag', State: 'disabled' },
        ],
        'Images',
        [],
      )(input, getClient);
    });
    const { data } = await collectIn(ec2Collector, 'eu-central-1');
    expect(log).toEqual(['eu-central-1 max=500 token=-', 'eu-central-1 max=500 token=t2']);
    expect(images).toEqual([
      { Owners: ['self'], IncludeDeprecated: true, IncludeDisabled: true },
      { Owners: ['self'], IncludeDeprecated: true, IncludeDisabled: true },
    ]);
    if (!data.securityGroups.ok || !data.images.ok) throw new Error('not read');
    expect(data.securityGroups.value[2]).toEqual({
      id: 'sg-3',
      name: 'launch-wizard-1',
      arn: `arn:aws:ec2:eu-central-1:${TEST_ACCOUNT}:security-group/sg-3`,
      vpcId: 'vpc-1',
      ingress: [{ protocol: '-1', fromPort: undefined, toPort: undefined, ipv4: [], ipv6: ['::/0'], prefixLists: ['pl-1'] }],
    });
    const s = { ...compliantSnapshot(), region: 'eu-central-1' };
    s.data.ec2 = data;
    const sg = Object.fromEntries(ec2_securitygroup_allow_ingress_from_internet_to_admin_ports.evaluate(s).map((f) => [f.resource.split('/').pop(), f.status]));
    expect(sg).toEqual({ 'sg-1': 'pass', 'sg-2': 'pass', 'sg-3': 'fail' });
    // Public absent reads as false, as the SDK's optional boolean would be for a private image.
    const ami = Object.fromEntries(ec2_ami_public.evaluate(s).map((f) => [f.resource.split('/').pop(), f.status]));
    expect(ami).toEqual({ 'ami-1': 'pass', 'ami-2': 'fail', 'ami-3': 'pass' });
  });

  it('records DescribeSecurityGroups and DescribeImages denied as failed reads of their own', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(Object.assign(new Error('no'), { name: 'UnauthorizedOperation' }));
    ec2.on(DescribeImagesCommand).rejects(Object.assign(new Error('no'), { name: 'UnauthorizedOperation' }));
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    const { data } = await collectIn(ec2Collector, 'eu-west-1');
    expect(data.securityGroups).toMatchObject({ ok: false, error: { call: 'ec2:DescribeSecurityGroups', kind: 'denied' } });
    expect(data.images).toMatchObject({ ok: false, error: { call: 'ec2:DescribeImages', kind: 'denied' } });
    expect(data.vpcs).toEqual({ ok: true, value: [] });
  });
});
