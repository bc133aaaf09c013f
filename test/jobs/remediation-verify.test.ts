import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  ModifyNetworkInterfaceAttributeCommand,
  CreateSecurityGroupCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixVerifier } from '../../src/remediations/engine.js';
import { createRemediationRequest, requestStore } from '../../src/remediations/requests.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { buttonClick } from '../helpers/slack-request.js';

/**
 * A fix no check can confirm (isolating an instance) is proven by reading the setting again: the
 * remediation's own plan must find nothing left to change. The check-based verifier is not used.
 */
describe('verifying a fix by reading the setting again', () => {
  const ec2 = mockClient(EC2Client);
  const sts = mockClient(STSClient);
  let t: TestBot;
  let checkVerifierCalls = 0;
  /** What the fake EC2 API reports: the instance's security groups, per scenario. */
  const groups = new Map<string, string[]>();
  let modifyTakesEffect = true;
  /** Reads that still show the old groups after a change (AWS's eventual consistency). */
  let lagReads = 0;
  const previous = new Map<string, string[]>();

  beforeAll(async () => {
    ec2.on(DescribeInstancesCommand).callsFake((input: { InstanceIds: string[] }) => {
      const id = input.InstanceIds[0]!;
      let shown = groups.get(id) ?? [];
      if (lagReads > 0 && previous.has(id)) {
        lagReads--;
        shown = previous.get(id)!;
      }
      return {
        Reservations: [
          {
            Instances: [
              { InstanceId: id, VpcId: 'vpc-1', NetworkInterfaces: [{ NetworkInterfaceId: `eni-${id}`, Groups: shown.map((g) => ({ GroupId: g })) }] },
            ],
          },
        ],
      };
    });
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-isolation' }] });
    ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-isolation' });
    ec2.on(RevokeSecurityGroupEgressCommand).resolves({});
    ec2.on(ModifyNetworkInterfaceAttributeCommand).callsFake((input: { NetworkInterfaceId: string; Groups: string[] }) => {
      const id = input.NetworkInterfaceId.replace(/^eni-/, '');
      previous.set(id, groups.get(id) ?? []);
      if (modifyTakesEffect) groups.set(id, input.Groups);
      return {};
    });
    const verifier: FixVerifier = {
      verify: async () => {
        checkVerifierCalls++;
        return { status: 'error', message: 'no check verifies ec2-isolate-instance' };
      },
    };
    t = await startTestBot({ overrides: { fixVerifier: verifier } });
  });
  afterAll(async () => {
    await t?.close();
    ec2.restore();
    sts.restore();
  });

  async function isolate(instanceId: string): Promise<string> {
    groups.set(instanceId, ['sg-web', 'sg-ssh']);
    const created = await createRemediationRequest(t.bot.services, {
      remediationId: 'ec2-isolate-instance',
      target: { accountId: '123456789012', region: 'eu-west-1', resource: instanceId },
      requestedBy: 'U0000USER',
      source: { kind: 'finding', id: `gd-${instanceId}` },
    });
    if (!created.ok) throw new Error(created.error);
    const id = created.request.id;
    const store = requestStore(t.bot.services);
    for (let i = 0; i < 200 && (await store.get(id))?.status === 'planning'; i++) await new Promise((r) => setTimeout(r, 25));
    await t.post(
      buttonClick({
        actionId: 'remediation_approve',
        value: id,
        userId: 'U0000APPR1',
        responseUrl: t.slack.responseUrl(`approve-${id}`),
        channelId: 'C0000APPR',
      }),
    );
    for (let i = 0; i < 400; i++) {
      const status = (await store.get(id))?.status;
      if (status === 'succeeded' || status === 'failed') return id;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`request ${id} did not finish`);
  }

  it('succeeds when the re-read shows the instance isolated, without asking a check', async () => {
    modifyTakesEffect = true;
    const id = await isolate('i-0aaa');
    const request = (await requestStore(t.bot.services).get(id))!;
    expect(request.status).toBe('succeeded');
    expect(request.verification).toMatchObject({ status: 'pass', message: expect.stringContaining('already isolated') });
    expect(checkVerifierCalls).toBe(0);
  });

  it('verifies again when AWS still shows the old value right after the change', async () => {
    modifyTakesEffect = true;
    lagReads = 1;
    const id = await isolate('i-0ccc');
    const request = (await requestStore(t.bot.services).get(id))!;
    expect(request.status).toBe('succeeded');
    expect(t.logs.text()).toContain('fix not visible yet; verifying again');
  });

  it('fails when the change did not take', async () => {
    modifyTakesEffect = false;
    const id = await isolate('i-0bbb');
    const request = (await requestStore(t.bot.services).get(id))!;
    expect(request.status).toBe('failed');
    expect(request.verification).toMatchObject({ status: 'fail', message: expect.stringContaining('did not take') });
  });
});
