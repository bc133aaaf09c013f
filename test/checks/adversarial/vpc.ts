import type { FlowLog } from '../../../src/aws/collectors/ec2.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const log = (id: string, resourceId: string, patch: Partial<FlowLog> = {}): FlowLog => ({
  id,
  resourceId,
  status: 'ACTIVE',
  deliverStatus: 'SUCCESS',
  trafficType: 'ALL',
  ...patch,
});
const flowLogs = (s: Snapshot, logs: FlowLog[]) => {
  s.data.ec2!.flowLogs = ok(logs);
};
const SOURCE =
  'EC2 API, DescribeFlowLogs / FlowLog: ResourceId (VPC, subnet or ENI), FlowLogStatus ACTIVE, DeliverLogsStatus SUCCESS | FAILED with DeliverLogsErrorMessage (Rate limited, Access error, Unknown error), TrafficType ACCEPT | REJECT | ALL';

/** VPC flow logs that look enabled and record nothing, or only part of the traffic. */
export const CASES: AdversarialCase[] = [
  {
    check: 'vpc_flow_logs_enabled',
    name: 'an ACTIVE flow log whose delivery FAILED (Access error: the role cannot write to CloudWatch Logs)',
    source: SOURCE,
    mutate: (s) => flowLogs(s, [log('fl-1', 'vpc-1', { deliverStatus: 'FAILED', deliverError: 'Access error' })]),
    expect: 'fail',
    resource: 'vpc/vpc-1',
  },
  {
    check: 'vpc_flow_logs_enabled',
    name: 'a flow log capturing only REJECT traffic: the connections that did happen are not recorded',
    source: SOURCE,
    mutate: (s) => flowLogs(s, [log('fl-1', 'vpc-1', { trafficType: 'REJECT' })]),
    expect: 'fail',
    resource: 'vpc/vpc-1',
  },
  {
    check: 'vpc_flow_logs_enabled',
    name: 'a flow log capturing only ACCEPT traffic: scans and blocked exfiltration attempts are not recorded',
    source: SOURCE,
    mutate: (s) => flowLogs(s, [log('fl-1', 'vpc-1', { trafficType: 'ACCEPT' })]),
    expect: 'fail',
    resource: 'vpc/vpc-1',
  },
  {
    check: 'vpc_flow_logs_enabled',
    name: 'two VPC flow logs, one ACCEPT and one REJECT, together capture all traffic: compliant',
    source: SOURCE,
    mutate: (s) => flowLogs(s, [log('fl-a', 'vpc-1', { trafficType: 'ACCEPT' }), log('fl-r', 'vpc-1', { trafficType: 'REJECT' })]),
    expect: 'pass',
    resource: 'vpc/vpc-1',
  },
  {
    check: 'vpc_flow_logs_enabled',
    name: "a flow log on one subnet only: the VPC's other subnet is not logged",
    source: `${SOURCE}; a subnet flow log covers only the network interfaces of that subnet`,
    mutate: (s) => flowLogs(s, [log('fl-1', 'subnet-1a')]),
    expect: 'fail',
    resource: 'vpc/vpc-1',
  },
  {
    check: 'vpc_flow_logs_enabled',
    name: 'flow logs on a network interface only: the rest of the VPC is not logged',
    source: SOURCE,
    mutate: (s) => flowLogs(s, [log('fl-1', 'eni-0123456789abcdef0')]),
    expect: 'fail',
    resource: 'vpc/vpc-1',
  },
  {
    check: 'vpc_flow_logs_enabled',
    name: 'no VPC-level flow log, but every subnet of the VPC has one: compliant',
    source: `${SOURCE}; DescribeSubnets gives each subnet's VpcId`,
    mutate: (s) => flowLogs(s, [log('fl-a', 'subnet-1a'), log('fl-b', 'subnet-1b')]),
    expect: 'pass',
    resource: 'vpc/vpc-1',
  },
  {
    check: 'vpc_flow_logs_enabled',
    name: 'subnet flow logs exist but DescribeSubnets was denied: which subnets are covered cannot be told',
    source: 'EC2 API, DescribeSubnets requires ec2:DescribeSubnets',
    mutate: (s) => {
      flowLogs(s, [log('fl-a', 'subnet-1a'), log('fl-b', 'subnet-1b')]);
      s.data.ec2!.subnets = denied('ec2:DescribeSubnets');
    },
    expect: 'error',
    resource: 'vpc/vpc-1',
  },
  {
    check: 'vpc_flow_logs_enabled',
    name: 'subnet flow logs exist but the subnets were never read: cannot be matched to the VPC, so no pass',
    source: 'EC2 API, FlowLog.ResourceId names a subnet, not its VPC; DescribeSubnets gives the VpcId',
    mutate: (s) => {
      flowLogs(s, [log('fl-a', 'subnet-1a'), log('fl-b', 'subnet-1b')]);
      delete s.data.ec2!.subnets;
    },
    expect: 'error',
    resource: 'vpc/vpc-1',
  },
  {
    check: 'vpc_flow_logs_enabled',
    name: 'a second VPC (next DescribeVpcs page) without any flow log',
    source: `${SOURCE}; DescribeVpcs pages with NextToken`,
    mutate: (s) => {
      const r = s.data.ec2!.vpcs;
      if (!r.ok) throw new Error('fixture');
      r.value.push({ id: 'vpc-2', arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/vpc-2`, ownerId: ACCOUNT });
    },
    expect: 'fail',
    resource: 'vpc/vpc-2',
  },
  {
    check: 'vpc_flow_logs_enabled',
    name: "a VPC shared through RAM by another account: its flow logs are the owner's and invisible here, so no fail",
    source:
      'Amazon VPC User Guide, shared subnets: participants cannot create, delete, or describe flow logs for a shared VPC subnet; DescribeVpcs gives OwnerId',
    mutate: (s) => {
      const r = s.data.ec2!.vpcs;
      if (!r.ok) throw new Error('fixture');
      r.value.push({ id: 'vpc-shared', arn: 'arn:aws:ec2:eu-west-1:999988887777:vpc/vpc-shared', ownerId: '999988887777' });
    },
    expect: 'not_applicable',
    resource: 'vpc/vpc-shared',
  },
  {
    check: 'vpc_flow_logs_enabled',
    name: 'DescribeFlowLogs denied: cannot tell',
    source: 'EC2 API, DescribeFlowLogs requires ec2:DescribeFlowLogs',
    mutate: (s) => {
      s.data.ec2!.flowLogs = denied('ec2:DescribeFlowLogs');
    },
    expect: 'error',
  },
];
