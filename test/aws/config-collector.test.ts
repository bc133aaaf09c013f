import {
  ConfigServiceClient,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { configCollector, configRegionsCollector } from '../../src/aws/collectors/config.js';
import { CollectContext, DEFAULT_SCAN_SETTINGS } from '../../src/aws/collectors/context.js';
import { scanTarget } from '../../src/checks/engine.js';
import { getCheck } from '../../src/checks/registry.js';
import { pageOf, regionOf } from '../helpers/collect-in.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

const cfg = mockClient(ConfigServiceClient);
let restore: (() => void) | undefined;
afterEach(() => {
  cfg.reset();
  restore?.();
  restore = undefined;
});

const REGIONS = ['eu-west-1', 'eu-central-1'];
const collect = (region: string) =>
  configCollector.collect(new CollectContext({ clients: new AwsClients({ defaultRegion: 'eu-west-1' }), accountId: '111122223333', region, regions: REGIONS }));

describe('the Config collector', () => {
  it('reads recorders, their status and the delivery channels with their status, in every region', async () => {
    const calls: string[] = [];
    const seen = (name: string) => async (_input: unknown, getClient: () => { config: { region: () => Promise<string> } }) =>
      void calls.push(`${await getClient().config.region()} ${name}`);
    cfg.on(DescribeConfigurationRecordersCommand).callsFake(async (input, getClient) => {
      await seen('recorders')(input, getClient);
      return {
        ConfigurationRecorders: [
          {
            name: 'default',
            roleARN: 'arn:aws:iam::111122223333:role/config-recorder',
            recordingGroup: {
              allSupported: false,
              exclusionByResourceTypes: { resourceTypes: ['AWS::EC2::Instance'] },
              recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' },
            },
          },
          {
            name: 'AWSConfigurationRecorderForExample',
            servicePrincipal: 'example.amazonaws.com',
            recordingGroup: { allSupported: false, resourceTypes: ['AWS::S3::Bucket'] },
          },
        ],
      };
    });
    cfg.on(DescribeConfigurationRecorderStatusCommand).callsFake(async (input, getClient) => {
      await seen('recorder status')(input, getClient);
      return {
        ConfigurationRecordersStatus: [
          { name: 'default', recording: true, lastStatus: 'FAILURE', lastErrorCode: 'AccessDenied' },
          { name: 'AWSConfigurationRecorderForExample', recording: true, lastStatus: 'SUCCESS' },
        ],
      };
    });
    cfg.on(DescribeDeliveryChannelsCommand).callsFake(async (input, getClient) => {
      await seen('channels')(input, getClient);
      return { DeliveryChannels: [{ name: 'default', s3BucketName: 'config-history' }] };
    });
    cfg.on(DescribeComplianceByConfigRuleCommand).resolves({ ComplianceByConfigRules: [] });
    cfg.on(DescribeDeliveryChannelStatusCommand).callsFake(async (input, getClient) => {
      await seen('channel status')(input, getClient);
      return {
        DeliveryChannelsStatus: [
          {
            name: 'default',
            configHistoryDeliveryInfo: { lastStatus: 'Failure', lastErrorCode: 'NoSuchBucket' },
            configSnapshotDeliveryInfo: { lastStatus: 'Not_Applicable' },
            configStreamDeliveryInfo: { lastStatus: 'SUCCESS' },
          },
        ],
      };
    });
    for (const region of REGIONS) {
      expect(await collect(region)).toEqual({
        recorders: {
          ok: true,
          value: [
            {
              name: 'default',
              roleArn: 'arn:aws:iam::111122223333:role/config-recorder',
              allSupported: false,
              includeGlobalResourceTypes: false,
              strategy: 'EXCLUSION_BY_RESOURCE_TYPES',
              excludedTypes: ['AWS::EC2::Instance'],
              includedTypes: [],
              recording: true,
              lastStatus: 'FAILURE',
              lastErrorCode: 'AccessDenied',
            },
            {
              name: 'AWSConfigurationRecorderForExample',
              servicePrincipal: 'example.amazonaws.com',
              allSupported: false,
              includeGlobalResourceTypes: false,
              excludedTypes: [],
              includedTypes: ['AWS::S3::Bucket'],
              recording: true,
              lastStatus: 'SUCCESS',
            },
          ],
        },
        deliveryChannels: {
          ok: true,
          value: [
            { name: 'default', bucket: 'config-history', history: 'FAILURE', snapshot: 'NOT_APPLICABLE', stream: 'SUCCESS', lastErrorCode: 'NoSuchBucket' },
          ],
        },
        rules: { ok: true, value: [] },
      });
    }
    expect(calls.sort()).toEqual(REGIONS.flatMap((r) => ['channel status', 'channels', 'recorder status', 'recorders'].map((c) => `${r} ${c}`)).sort());
  });

  it('reads every page of rule compliance in every region, with the capped non-compliant count', async () => {
    cfg.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
    cfg.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
    cfg.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [] });
    cfg.on(DescribeDeliveryChannelStatusCommand).resolves({ DeliveryChannelsStatus: [] });
    const names = Array.from({ length: 5 }, (_, i) => `rule-${i}`);
    const requests: string[] = [];
    cfg.on(DescribeComplianceByConfigRuleCommand).callsFake(async (input: { NextToken?: string }, getClient) => {
      requests.push(`${await regionOf(getClient)} ${input.NextToken ?? '-'}`);
      const p = pageOf(names, input.NextToken, 2);
      return {
        ComplianceByConfigRules: p.items.map((ConfigRuleName, i) =>
          ConfigRuleName === 'rule-4'
            ? { ConfigRuleName }
            : i === 0
              ? { ConfigRuleName, Compliance: { ComplianceType: 'NON_COMPLIANT', ComplianceContributorCount: { CappedCount: 100, CapExceeded: true } } }
              : { ConfigRuleName, Compliance: { ComplianceType: 'COMPLIANT' } },
        ),
        NextToken: p.next,
      };
    });
    for (const region of REGIONS) {
      const data = await collect(region);
      expect(data.rules).toEqual({
        ok: true,
        value: [
          { name: 'rule-0', compliance: 'NON_COMPLIANT', nonCompliantCount: 100, capExceeded: true },
          { name: 'rule-1', compliance: 'COMPLIANT', capExceeded: false },
          { name: 'rule-2', compliance: 'NON_COMPLIANT', nonCompliantCount: 100, capExceeded: true },
          { name: 'rule-3', compliance: 'COMPLIANT', capExceeded: false },
          { name: 'rule-4', capExceeded: false },
        ],
      });
    }
    expect(requests).toEqual(REGIONS.flatMap((r) => [`${r} -`, `${r} t2`, `${r} t4`]));
  });

  it('keeps recorders and channels when only DescribeComplianceByConfigRule is denied', async () => {
    cfg.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true } }] });
    cfg
      .on(DescribeConfigurationRecorderStatusCommand)
      .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
    cfg.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'default' }] });
    cfg.on(DescribeDeliveryChannelStatusCommand).resolves({ DeliveryChannelsStatus: [] });
    cfg.on(DescribeComplianceByConfigRuleCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const data = await collect('eu-west-1');
    expect(data.recorders.ok).toBe(true);
    expect(data.deliveryChannels.ok).toBe(true);
    expect(data.rules).toMatchObject({ ok: false, error: { call: 'config:DescribeComplianceByConfigRule', kind: 'denied' } });
  });

  it("reads the recorders of every scanned region once for the account-wide view; a denied region is recorded as that region's error", async () => {
    const seen: string[] = [];
    cfg.on(DescribeConfigurationRecordersCommand).callsFake(async (_input, getClient) => {
      const region = await regionOf(getClient);
      seen.push(region);
      if (region === 'eu-central-1') throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
      return {
        ConfigurationRecorders: [
          {
            name: 'default',
            roleARN: 'arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
            recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
          },
        ],
      };
    });
    cfg
      .on(DescribeConfigurationRecorderStatusCommand)
      .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
    const ctx = new CollectContext({
      clients: new AwsClients({ defaultRegion: 'eu-west-1' }),
      accountId: '111122223333',
      region: 'eu-west-1',
      regions: REGIONS,
    });
    const data = await configRegionsCollector.collect(ctx);
    expect(Object.keys(data.regions).sort()).toEqual([...REGIONS].sort());
    expect(data.regions['eu-west-1']).toMatchObject({ ok: true, value: [{ name: 'default', includeGlobalResourceTypes: true, recording: true }] });
    expect(data.regions['eu-central-1']).toMatchObject({ ok: false, error: { call: 'config:DescribeConfigurationRecorders', kind: 'denied' } });
    expect(seen.sort()).toEqual([...REGIONS].sort());
  });

  it('keeps the recorders when only the delivery channels are denied', async () => {
    cfg.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true } }] });
    cfg
      .on(DescribeConfigurationRecorderStatusCommand)
      .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
    cfg.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'default' }] });
    cfg.on(DescribeDeliveryChannelStatusCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const data = await collect('eu-west-1');
    expect(data.recorders.ok).toBe(true);
    expect(data.deliveryChannels).toMatchObject({ ok: false, error: { call: 'config:DescribeDeliveryChannelStatus', kind: 'denied' } });
  });

  it('fails the synthetic account whose recorder records but whose history delivery failed', async () => {
    const run = async (misconfigured: boolean) => {
      const m = mockSyntheticAccount({ misconfigured });
      try {
        const { results } = await scanTarget({
          clients: new AwsClients({ defaultRegion: 'eu-west-1' }),
          accountId: SYNTHETIC_ACCOUNT_ID,
          region: 'eu-west-1',
          home: true,
          regions: ['eu-west-1'],
          settings: DEFAULT_SCAN_SETTINGS,
          checks: [getCheck('config_recorder_all_regions')!],
        });
        return results;
      } finally {
        m.restore();
      }
    };
    expect(await run(false)).toEqual([expect.objectContaining({ status: 'pass' })]);
    expect(await run(true)).toEqual([
      expect.objectContaining({ status: 'fail', message: expect.stringContaining('delivery channel default to bucket config-history failed (NoSuchBucket)') }),
    ]);
  });
});
