import { DescribeHubCommand, GetEnabledStandardsCommand, SecurityHubClient, type GetEnabledStandardsCommandInput } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { CollectContext, DEFAULT_SCAN_SETTINGS } from '../../src/aws/collectors/context.js';
import { securityhubCollector } from '../../src/aws/collectors/securityhub.js';
import { scanTarget } from '../../src/checks/engine.js';
import { getCheck } from '../../src/checks/registry.js';
import { awsError, mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

const sh = mockClient(SecurityHubClient);
let restore: (() => void) | undefined;
afterEach(() => {
  sh.reset();
  restore?.();
  restore = undefined;
});

const REGIONS = ['eu-west-1', 'eu-central-1'];
const collect = (region: string) =>
  securityhubCollector.collect(
    new CollectContext({ clients: new AwsClients({ defaultRegion: 'eu-west-1' }), accountId: '111122223333', region, regions: REGIONS }),
  );
const std = (region: string, name: string) => `arn:aws:securityhub:${region}::standards/${name}`;

describe('the Security Hub collector', () => {
  it('reads every page of GetEnabledStandards in every region where the hub is enabled', async () => {
    const sent: string[] = [];
    sh.on(DescribeHubCommand).callsFake(async (_input, getClient) => ({
      HubArn: `arn:aws:securityhub:${await getClient().config.region()}:111122223333:hub/default`,
    }));
    sh.on(GetEnabledStandardsCommand).callsFake(async (input: GetEnabledStandardsCommandInput, getClient) => {
      const region = await getClient().config.region();
      sent.push(`${region} ${input.NextToken ?? '-'}`);
      return input.NextToken
        ? {
            StandardsSubscriptions: [
              {
                StandardsArn: std(region, 'b'),
                StandardsSubscriptionArn: 'sub-b',
                StandardsInput: {},
                StandardsStatus: 'INCOMPLETE',
                StandardsStatusReason: { StatusReasonCode: 'NO_AVAILABLE_CONFIGURATION_RECORDER' },
              },
            ],
          }
        : {
            StandardsSubscriptions: [{ StandardsArn: std(region, 'a'), StandardsSubscriptionArn: 'sub-a', StandardsInput: {}, StandardsStatus: 'DELETING' }],
            NextToken: 'n2',
          };
    });
    for (const region of REGIONS) {
      expect(await collect(region)).toEqual({
        hub: { ok: true, value: `arn:aws:securityhub:${region}:111122223333:hub/default` },
        standards: {
          ok: true,
          value: [
            { standardsArn: std(region, 'a'), subscriptionArn: 'sub-a', status: 'DELETING' },
            { standardsArn: std(region, 'b'), subscriptionArn: 'sub-b', status: 'INCOMPLETE', reason: 'NO_AVAILABLE_CONFIGURATION_RECORDER' },
          ],
        },
      });
    }
    expect(sent).toEqual(['eu-west-1 -', 'eu-west-1 n2', 'eu-central-1 -', 'eu-central-1 n2']);
  });

  it('does not ask for standards when the hub is not enabled, and carries a hub error over to the standards', async () => {
    sh.on(DescribeHubCommand).rejects(awsError('InvalidAccessException', 'Account 111122223333 is not subscribed to AWS Security Hub'));
    expect(await collect('eu-west-1')).toEqual({ hub: { ok: true, value: null }, standards: { ok: true, value: [] } });
    expect(sh.commandCalls(GetEnabledStandardsCommand)).toHaveLength(0);
    sh.on(DescribeHubCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    const denied = await collect('eu-west-1');
    expect(denied.standards).toMatchObject({ ok: false, error: { call: 'securityhub:DescribeHub', kind: 'denied' } });
  });

  it('fails the synthetic account whose standards are INCOMPLETE and DELETING', async () => {
    const m = mockSyntheticAccount({ misconfigured: true, pageSize: 1 });
    restore = m.restore;
    const { results } = await scanTarget({
      clients: new AwsClients({ defaultRegion: 'eu-west-1' }),
      accountId: SYNTHETIC_ACCOUNT_ID,
      region: 'eu-west-1',
      home: true,
      regions: ['eu-west-1'],
      settings: DEFAULT_SCAN_SETTINGS,
      checks: [getCheck('securityhub_enabled')!],
    });
    expect(results).toEqual([
      expect.objectContaining({
        status: 'fail',
        message: expect.stringMatching(
          /no standard is ready: aws-foundational-security-best-practices\/v\/1\.0\.0 is INCOMPLETE \(NO_AVAILABLE_CONFIGURATION_RECORDER\); cis-aws-foundations-benchmark\/v\/1\.4\.0 is DELETING/,
        ),
      }),
    ]);
    expect(m.counter.byCommand.get('securityhub:GetEnabledStandards')).toBe(2);
  });
});
