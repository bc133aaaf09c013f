import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { page, type SyntheticService } from './service.js';

/**
 * EC2 instances and Systems Manager: a running web server and a stopped batch host, both managed nodes
 * (the stopped one's agent shows ConnectionLost, as a stopped instance's does). Misconfigured: a running
 * legacy host that Systems Manager does not manage.
 */
export const ssm: SyntheticService = ({ mock, count, accountId, misconfigured: bad, pageSize, daysAgo }) => {
  const instances = [
    { InstanceId: 'i-0web0000000000001', State: { Code: 16, Name: 'running' }, InstanceType: 't3.small', ImageId: 'ami-0000' },
    { InstanceId: 'i-0batch000000000002', State: { Code: 80, Name: 'stopped' }, InstanceType: 'm5.large', ImageId: 'ami-0000' },
    ...(bad ? [{ InstanceId: 'i-0legacy00000000003', State: { Code: 16, Name: 'running' }, InstanceType: 't2.micro', ImageId: 'ami-0000' }] : []),
  ];
  mock(EC2Client)
    .on(DescribeInstancesCommand)
    .callsFake((input: { NextToken?: string }) => {
      count('ec2:DescribeInstances');
      const p = page(instances, input.NextToken, pageSize);
      return {
        Reservations: p.items.map((i, n) => ({ ReservationId: `r-${n}${i.InstanceId.slice(2, 8)}`, OwnerId: accountId, Instances: [i] })),
        NextToken: p.next,
      };
    });
  const nodes = [
    {
      InstanceId: 'i-0web0000000000001',
      PingStatus: 'Online',
      LastPingDateTime: new Date(daysAgo(0)),
      ResourceType: 'EC2Instance',
      PlatformType: 'Linux',
      AgentVersion: '3.3.1611.0',
    },
    {
      InstanceId: 'i-0batch000000000002',
      PingStatus: 'ConnectionLost',
      LastPingDateTime: new Date(daysAgo(9)),
      ResourceType: 'EC2Instance',
      PlatformType: 'Linux',
      AgentVersion: '3.3.1611.0',
    },
  ];
  mock(SSMClient)
    .on(DescribeInstanceInformationCommand)
    .callsFake((input: { NextToken?: string }) => {
      count('ssm:DescribeInstanceInformation');
      const p = page(nodes, input.NextToken, Math.min(pageSize, 50));
      return { InstanceInformationList: p.items, NextToken: p.next };
    });
};
