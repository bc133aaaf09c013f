import type { ConfigRecorder, DeliveryChannel } from '../../../src/aws/collectors/config.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { denied, ok } from '../fixtures.js';

function recorder(s: Snapshot): ConfigRecorder {
  const read = s.data.config!.recorders;
  if (!read.ok) throw new Error('fixture read is not ok');
  return read.value[0]!;
}
function channel(s: Snapshot): DeliveryChannel {
  const read = s.data.config!.deliveryChannels;
  if (!read.ok) throw new Error('fixture read is not ok');
  return read.value[0]!;
}

/** config_recorder_all_regions: a recorder that says "recording" and does not give you the inventory. */
export const CASES: AdversarialCase[] = [
  {
    check: 'config_recorder_all_regions',
    name: 'recording is true, but the last recording attempt FAILED (e.g. the recorder role lost its permissions)',
    source: 'AWS Config API Reference, ConfigurationRecorderStatus.lastStatus (Pending | Success | Failure) and lastErrorCode',
    mutate: (s) => {
      Object.assign(recorder(s), { lastStatus: 'FAILURE', lastErrorCode: 'AccessDenied' });
    },
    expect: 'fail',
  },
  {
    check: 'config_recorder_all_regions',
    name: 'the recorder records, but the region has no delivery channel',
    source: 'AWS Config API Reference, DescribeDeliveryChannels (an empty DeliveryChannels list)',
    mutate: (s) => {
      s.data.config!.deliveryChannels = ok([]);
    },
    expect: 'fail',
  },
  {
    check: 'config_recorder_all_regions',
    name: 'the recorder records, but the last delivery of configuration history to S3 failed (bucket deleted or policy changed)',
    source: 'AWS Config API Reference, DeliveryChannelStatus.configHistoryDeliveryInfo (ConfigExportDeliveryInfo.lastStatus Failure, lastErrorCode)',
    mutate: (s) => {
      Object.assign(channel(s), { history: 'FAILURE', lastErrorCode: 'NoSuchBucket' });
    },
    expect: 'fail',
  },
  {
    check: 'config_recorder_all_regions',
    name: 'the last configuration snapshot delivery failed',
    source: 'AWS Config API Reference, DeliveryChannelStatus.configSnapshotDeliveryInfo.lastStatus',
    mutate: (s) => {
      Object.assign(channel(s), { snapshot: 'FAILURE', lastErrorCode: 'AccessDenied' });
    },
    expect: 'fail',
  },
  {
    check: 'config_recorder_all_regions',
    name: 'allSupported false and recordingStrategy EXCLUSION_BY_RESOURCE_TYPES, excluding EC2 instances and S3 buckets',
    source: 'AWS Config API Reference, RecordingGroup.exclusionByResourceTypes and RecordingStrategy.useOnly',
    mutate: (s) => {
      Object.assign(recorder(s), { allSupported: false, strategy: 'EXCLUSION_BY_RESOURCE_TYPES', excludedTypes: ['AWS::EC2::Instance', 'AWS::S3::Bucket'] });
    },
    expect: 'fail',
  },
  {
    check: 'config_recorder_all_regions',
    name: 'INCLUSION_BY_RESOURCE_TYPES recording only two resource types',
    source: 'AWS Config API Reference, RecordingGroup.resourceTypes with RecordingStrategy.useOnly INCLUSION_BY_RESOURCE_TYPES',
    mutate: (s) => {
      Object.assign(recorder(s), { allSupported: false, strategy: 'INCLUSION_BY_RESOURCE_TYPES', includedTypes: ['AWS::S3::Bucket', 'AWS::IAM::Role'] });
    },
    expect: 'fail',
  },
  {
    check: 'config_recorder_all_regions',
    name: 'the only recorder is a service-linked one (recording for another AWS service), not the account\'s inventory',
    source: 'AWS Config API Reference, ConfigurationRecorder.servicePrincipal (service-linked configuration recorders)',
    mutate: (s) => {
      Object.assign(recorder(s), { name: 'AWSConfigurationRecorderForExampleService', servicePrincipal: 'example.amazonaws.com' });
    },
    expect: 'fail',
  },
  {
    check: 'config_recorder_all_regions',
    name: 'the recorder is fine but the delivery channels could not be read',
    source: 'AWS Config API Reference, DescribeDeliveryChannelStatus (needs config:DescribeDeliveryChannelStatus)',
    mutate: (s) => {
      s.data.config!.deliveryChannels = denied('config:DescribeDeliveryChannelStatus');
    },
    expect: 'error',
  },
  {
    check: 'config_recorder_all_regions',
    name: 'a recorder just started (lastStatus PENDING) whose channel has not delivered yet (NOT_APPLICABLE) is working',
    source: 'AWS Config API Reference, ConfigurationRecorderStatus.lastStatus Pending; ConfigExportDeliveryInfo.lastStatus Not_Applicable',
    mutate: (s) => {
      recorder(s).lastStatus = 'PENDING';
      Object.assign(channel(s), { history: 'NOT_APPLICABLE', snapshot: 'NOT_APPLICABLE' });
    },
    expect: 'pass',
  },
];
