import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ec2Collector } from '../../src/aws/collectors/ec2.js';
import { ssmCollector } from '../../src/aws/collectors/ssm.js';
import { collectIn, pageOf, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';
import { mockSyntheticAccount, scanSynthetic } from '../helpers/synthetic-aws.js';

const ssm = mockClient(SSMClient);
const ec2 = mockClient(EC2Client);
let restore: (() => void) | undefined;
afterEach(() => {
  ssm.reset();
  ec2.reset();
  restore?.();
  restore = undefined;
});

describe('the Systems Manager collector', () => {
  it('reads every page of managed nodes in the region it runs for, 50 a page', async () => {
    const log: string[] = [];
    const nodes = [
      { InstanceId: 'i-1', PingStatus: 'Online', LastPingDateTime: new Date('2026-06-01T10:00:00Z'), ResourceType: 'EC2Instance' },
      { InstanceId: 'mi-0abc', PingStatus: 'ConnectionLost', ResourceType: 'ManagedInstance' },
      { InstanceId: 'i-3' },
    ];
    ssm.on(DescribeInstanceInformationCommand).callsFake(async (input: { NextToken?: string; MaxResults?: number }, getClient) => {
      log.push(`${await regionOf(getClient)} max=${input.MaxResults} token=${input.NextToken ?? '-'}`);
      const p = pageOf(nodes, input.NextToken, 2);
      return { InstanceInformationList: p.items, NextToken: p.next };
    });
    const { data, calls } = await collectIn(ssmCollector, 'eu-south-2');
    expect(log).toEqual(['eu-south-2 max=50 token=-', 'eu-south-2 max=50 token=t2']);
    expect(calls).toEqual(['ssm:DescribeInstanceInformation', 'ssm:DescribeInstanceInformation']);
    expect(data.managedNodes).toEqual({
      ok: true,
      value: [
        { id: 'i-1', pingStatus: 'Online', lastPing: '2026-06-01T10:00:00.000Z' },
        { id: 'mi-0abc', pingStatus: 'ConnectionLost' },
        { id: 'i-3', pingStatus: '' },
      ],
    });
  });

  it('records a denied DescribeInstanceInformation as a failed read, and the check says error', async () => {
    ssm
      .on(DescribeInstanceInformationCommand)
      .rejects(Object.assign(new Error('User is not authorized to perform: ssm:DescribeInstanceInformation'), { name: 'AccessDeniedException' }));
    const { data } = await collectIn(ssmCollector, 'eu-west-1');
    expect(data.managedNodes).toMatchObject({ ok: false, error: { call: 'ssm:DescribeInstanceInformation', kind: 'denied', code: 'AccessDeniedException' } });
  });
});

describe("the EC2 collector's instances", () => {
  it('reads every page of DescribeInstances (instances of every reservation), leaving terminated ones out', async () => {
    const log: string[] = [];
    const reservations = [
      {
        OwnerId: TEST_ACCOUNT,
        Instances: [
          { InstanceId: 'i-1', State: { Code: 16, Name: 'running' } },
          { InstanceId: 'i-2', State: { Code: 80, Name: 'stopped' } },
        ],
      },
      { OwnerId: TEST_ACCOUNT, Instances: [{ InstanceId: 'i-3', State: { Code: 48, Name: 'terminated' } }] },
      { OwnerId: TEST_ACCOUNT, Instances: [{ InstanceId: 'i-4', State: { Code: 0, Name: 'pending' } }] },
    ];
    ec2.on(DescribeInstancesCommand).callsFake(async (input: { NextToken?: string; MaxResults?: number }, getClient) => {
      log.push(`${await regionOf(getClient)} max=${input.MaxResults} token=${input.NextToken ?? '-'}`);
      const p = pageOf(reservations, input.NextToken, 2);
      return { Reservations: p.items, NextToken: p.next };
    });
    const { data } = await collectIn(ec2Collector, 'eu-west-3');
    expect(log).toEqual(['eu-west-3 max=500 token=-', 'eu-west-3 max=500 token=t2']);
    expect(data.instances).toEqual({
      ok: true,
      value: [
        { id: 'i-1', arn: `arn:aws:ec2:eu-west-3:${TEST_ACCOUNT}:instance/i-1`, state: 'running' },
        { id: 'i-2', arn: `arn:aws:ec2:eu-west-3:${TEST_ACCOUNT}:instance/i-2`, state: 'stopped' },
        { id: 'i-4', arn: `arn:aws:ec2:eu-west-3:${TEST_ACCOUNT}:instance/i-4`, state: 'pending' },
      ],
    });
  });

  it('records a denied DescribeInstances as a failed read of its own', async () => {
    ec2.on(DescribeInstancesCommand).rejects(Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation' }));
    const { data } = await collectIn(ec2Collector, 'eu-west-1');
    expect(data.instances).toMatchObject({ ok: false, error: { call: 'ec2:DescribeInstances', kind: 'denied' } });
  });
});

describe('ssm_ec2_instances_managed against the synthetic account', () => {
  const run = async (misconfigured: boolean, denySsm = false) => {
    const m = mockSyntheticAccount({ misconfigured, pageSize: 1 });
    restore = m.restore;
    if (denySsm)
      m.stub(SSMClient)
        .on(DescribeInstanceInformationCommand)
        .callsFake(() => Promise.reject(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' })));
    const results = await scanSynthetic(['ssm_ec2_instances_managed']);
    return { results: results.map((r) => `${r.status} ${r.resource.split('/').pop()}`).sort(), messages: results.map((r) => r.message), counter: m.counter };
  };

  it('passes the managed web server, leaves the stopped host unjudged, and reads every page', async () => {
    const { results, counter } = await run(false);
    expect(results).toEqual(['not_applicable i-0batch000000000002', 'pass i-0web0000000000001']);
    expect(counter.byCommand.get('ec2:DescribeInstances')).toBe(2);
    expect(counter.byCommand.get('ssm:DescribeInstanceInformation')).toBe(2);
  });

  it("fails the misconfigured account's running legacy host, which Systems Manager does not manage", async () => {
    const { results, messages } = await run(true);
    expect(results).toEqual(['fail i-0legacy00000000003', 'not_applicable i-0batch000000000002', 'pass i-0web0000000000001']);
    expect(messages.find((x) => x.includes('i-0legacy'))).toContain('not managed by Systems Manager');
  });

  it('says error, never pass, when DescribeInstanceInformation is denied', async () => {
    const { results, messages } = await run(false, true);
    expect(results).toEqual(['error eu-west-1']);
    expect(messages[0]).toContain('AccessDeniedException on ssm:DescribeInstanceInformation');
  });
});
