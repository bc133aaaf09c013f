import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { configCollector } from '../../src/aws/collectors/config.js';
import { CollectContext, DEFAULT_SCAN_SETTINGS } from '../../src/aws/collectors/context.js';
import { scanTarget } from '../../src/checks/engine.js';
import { getCheck } from '../../src/checks/registry.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

const cfg = mockClient(ConfigServiceClient);
let restore: (() => void) | undefined;
afterEach(() => {
  cfg.reset();
  restore?.();
  restore = undefined;
});

const REGIONS = ['eu-west-1', 'eu-central-1'];
const collect = (region: string) => configCollector.collect(new CollectContext({ clients: new AwsClients({ defaultRegion: 'eu-west-1' }), accountId: '111122223333', region, regions: REGIONS }));

describe('the Config collector', () => {
  it('reads recorders, their status and the delivery channels with their status, in every region', async () => {
    const calls: string[] = [];
    const seen = (name: string) => async (_input: unknown, getClient: () => { config: { region: () => Promise<string> } }) => void calls.push(`${await getClient().config.region()} ${name}`);
    cfg.on(DescribeConfigurationRecordersCommand).callsFake(async (input, getClient) => {
      await seen('recorders')(input, getClient);
      return {
        ConfigurationRecorders: [
          { name: 'default', recordingGroup: { allSupported: false, exclusionByResourceTypes: { resourceTypes: ['AWS::EC2::Instance'] }, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' } } },
          { name: 'AWSConfigurationRecorderForExample', servicePrincipal: 'example.amazonaws.com', recordingGroup: { allSupported: false, resourceTypes: ['AWS::S3::Bucket'] } },
        ],
      };
    });
    cfg.on(DescribeConfigurationRecorderStatusCommand).callsFake(async (input, getClient) => {
      await seen('recorder status')(input, getClient);
      return { ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'FAILURE', lastErrorCode: 'AccessDenied' }, { name: 'AWSConfigurationRecorderForExample', recording: true, lastStatus: 'SUCCESS' }] };
    });
    cfg.on(DescribeDeliveryChannelsCommand).callsFake(async (input, getClient) => {
      await seen('channels')(input, getClient);
      return { DeliveryChannels: [{ name: 'default', s3BucketName: 'config-history' }] };
    });
    cfg.on(DescribeDeliveryChannelStatusCommand).callsFake(async (input, getClient) => {
      await seen('channel status')(input, getClient);
      return {
        DeliveryChannelsStatus: [
          { name: 'default', configHistoryDeliveryInfo: { lastStatus: 'Failure', lastErrorCode: 'NoSuchBucket' }, configSnapshotDeliveryInfo: { lastStatus: 'Not_Applicable' }, configStreamDeliveryInfo: { lastStatus: 'SUCCESS' } },
        ],
      };
    });
    for (const region of REGIONS) {
      expect(await collect(region)).toEqual({
        recorders: {
          ok: true,
          value: [
            { name: 'default', allSupported: false, strategy: 'EXCLUSION_BY_RESOURCE_TYPES', excludedTypes: ['AWS::EC2::Instance'], includedTypes: [], recording: true, lastStatus: 'FAILURE', lastErrorCode: 'AccessDenied' },
            { name: 'AWSConfigurationRecorderForExample', servicePrincipal: 'example.amazonaws.com', allSupported: false, excludedTypes: [], includedTypes: ['AWS::S3::Bucket'], recording: true, lastStatus: 'SUCCESS' },
          ],
        },
        deliveryChannels: { ok: true, value: [{ name: 'default', bucket: 'config-history', history: 'FAILURE', snapshot: 'NOT_APPLICABLE', stream: 'SUCCESS', lastErrorCode: 'NoSuchBucket' }] },
      });
    }
    expect(calls.sort()).toEqual(REGIONS.flatMap((r) => ['channel status', 'channels', 'recorder status', 'recorders'].map((c) => `${r} ${c}`)).sort());
  });

  it('keeps the recorders when only the delivery channels are denied', async () => {
    cfg.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true } }] });
    cfg.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
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
    expect(await run(true)).toEqual([expect.objectContaining({ status: 'fail', message: expect.stringContaining('delivery channel default to bucket config-history failed (NoSuchBucket)') })]);
  });
});
