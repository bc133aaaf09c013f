import type { ConfigRecorder, DeliveryChannel, RuleCompliance } from '../../../src/aws/collectors/config.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

function recorder(s: Snapshot): ConfigRecorder {
  const read = s.data.config!.recorders;
  if (!read.ok) throw new Error('fixture read is not ok');
  return read.value[0]!;
}
function rules(s: Snapshot): RuleCompliance[] {
  const read = s.data.config!.rules;
  if (!read.ok) throw new Error('fixture read is not ok');
  return read.value;
}
/** The compliant recorder of the account-wide Config data, with `patch`, as the only region `region`. */
function globalRecorders(s: Snapshot, byRegion: Record<string, Partial<ConfigRecorder>[] | 'denied'>): void {
  const read = s.data.configregions!.regions['eu-west-1']!;
  if (!read.ok) throw new Error('fixture read is not ok');
  const base = read.value[0]!;
  s.data.configregions!.regions = Object.fromEntries(
    Object.entries(byRegion).map(([region, list]) => [
      region,
      list === 'denied' ? denied<ConfigRecorder[]>('config:DescribeConfigurationRecorders') : ok(list.map((p) => ({ ...structuredClone(base), ...p }))),
    ]),
  );
}
const RULES =
  'AWS Config API Reference, DescribeComplianceByConfigRule: Compliance.ComplianceType COMPLIANT | NON_COMPLIANT | INSUFFICIENT_DATA ("no evaluation results are available"), ComplianceContributorCount.CappedCount / CapExceeded';
const ROLE =
  'AWS Config Developer Guide, service-linked role AWSServiceRoleForConfig (arn:aws:iam::<account>:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig); ConfigurationRecorder.roleARN';
const GLOBAL =
  'AWS Config API Reference, RecordingGroup.includeGlobalResourceTypes (only with allSupported / ALL_SUPPORTED_RESOURCE_TYPES; IAM types listed in resourceTypes are recorded regardless), ExclusionByResourceTypes (IAM recorded unless excluded), and the global IAM types cannot be recorded in Regions Config supported after February 2022';

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
    name: "the only recorder is a service-linked one (recording for another AWS service), not the account's inventory",
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
  {
    check: 'config_rule_no_noncompliant_resources',
    name: 'every rule COMPLIANT but one from a conformance pack has INSUFFICIENT_DATA: nothing says its resources comply',
    source: RULES,
    mutate: (s) => {
      rules(s).push({ name: 'OrgConformsPack-rds-storage-encrypted-abc123', compliance: 'INSUFFICIENT_DATA', capExceeded: false });
    },
    expect: 'error',
    resource: 'config-rule/OrgConformsPack-rds-storage-encrypted-abc123',
  },
  {
    check: 'config_rule_no_noncompliant_resources',
    name: 'NON_COMPLIANT with the count capped (CapExceeded): more resources break it than the count says',
    source: RULES,
    mutate: (s) => {
      Object.assign(rules(s)[0]!, { compliance: 'NON_COMPLIANT', nonCompliantCount: 100, capExceeded: true });
    },
    expect: 'fail',
    resource: 'config-rule/s3-bucket-server-side-encryption-enabled',
  },
  {
    check: 'config_rule_no_noncompliant_resources',
    name: 'the recorder records, but no Config rule exists in the region: nothing is evaluated, so nothing passes',
    source: `${RULES}; an empty ComplianceByConfigRules list`,
    mutate: (s) => {
      s.data.config!.rules = ok([]);
    },
    expect: 'fail',
    resource: `${ACCOUNT}/eu-west-1`,
  },
  {
    check: 'config_rule_no_noncompliant_resources',
    name: 'a rule answered without any Compliance: unknown, not compliant',
    source: RULES,
    mutate: (s) => {
      rules(s).push({ name: 'custom-pii-tagging', capExceeded: false });
    },
    expect: 'error',
    resource: 'config-rule/custom-pii-tagging',
  },
  {
    check: 'config_recorder_using_aws_service_role',
    name: 'a customer role named AWSServiceRoleForConfig at the root path: the name, not the service-linked role',
    source: ROLE,
    mutate: (s) => {
      recorder(s).roleArn = `arn:aws:iam::${ACCOUNT}:role/AWSServiceRoleForConfig`;
    },
    expect: 'fail',
  },
  {
    check: 'config_recorder_using_aws_service_role',
    name: 'the service-linked role path and name, but of another account',
    source: ROLE,
    mutate: (s) => {
      recorder(s).roleArn = 'arn:aws:iam::999988887777:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';
    },
    expect: 'fail',
  },
  {
    check: 'config_recorder_using_aws_service_role',
    name: 'a recorder answered without roleARN: the role cannot be judged',
    source: `${ROLE}; the API model marks roleARN optional`,
    mutate: (s) => {
      delete recorder(s).roleArn;
    },
    expect: 'error',
  },
  {
    check: 'config_global_resources_recorded',
    name: 'includeGlobalResourceTypes true, but in Zurich (eu-central-2), where Config cannot record the IAM types',
    source: GLOBAL,
    mutate: (s) => globalRecorders(s, { 'eu-central-2': [{}] }),
    expect: 'fail',
  },
  {
    check: 'config_global_resources_recorded',
    name: 'an inclusion list with IAM roles and users only: groups and policies are recorded nowhere',
    source: GLOBAL,
    mutate: (s) =>
      globalRecorders(s, {
        'eu-west-1': [
          {
            allSupported: false,
            strategy: 'INCLUSION_BY_RESOURCE_TYPES',
            includeGlobalResourceTypes: false,
            includedTypes: ['AWS::S3::Bucket', 'AWS::IAM::Role', 'AWS::IAM::User'],
          },
        ],
      }),
    expect: 'fail',
  },
  {
    check: 'config_global_resources_recorded',
    name: 'includeGlobalResourceTypes false, yet the inclusion list names all four IAM types: they are recorded',
    source: GLOBAL,
    mutate: (s) =>
      globalRecorders(s, {
        'eu-west-1': [
          {
            allSupported: false,
            strategy: 'INCLUSION_BY_RESOURCE_TYPES',
            includeGlobalResourceTypes: false,
            includedTypes: ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Policy'],
          },
        ],
      }),
    expect: 'pass',
  },
  {
    check: 'config_global_resources_recorded',
    name: 'the exclusion strategy excluding only EC2 instances records the IAM types (includeGlobalResourceTypes not set)',
    source: GLOBAL,
    mutate: (s) =>
      globalRecorders(s, {
        'eu-west-1': [
          { allSupported: false, strategy: 'EXCLUSION_BY_RESOURCE_TYPES', includeGlobalResourceTypes: false, excludedTypes: ['AWS::EC2::Instance'] },
        ],
      }),
    expect: 'pass',
  },
  {
    check: 'config_global_resources_recorded',
    name: 'the home region records IAM, but its recorder is stopped; the other region records none',
    source: `${GLOBAL}; ConfigurationRecorderStatus.recording`,
    mutate: (s) => globalRecorders(s, { 'eu-west-1': [{ recording: false }], 'eu-central-1': [{ includeGlobalResourceTypes: false }] }),
    expect: 'fail',
  },
  {
    check: 'config_global_resources_recorded',
    name: 'no readable region records IAM and one region could not be read: error, not a guessed fail',
    source: GLOBAL,
    mutate: (s) => globalRecorders(s, { 'eu-west-1': [{ includeGlobalResourceTypes: false }], 'eu-central-1': 'denied' }),
    expect: 'error',
  },
  {
    check: 'config_global_resources_recorded',
    name: 'one region records IAM, another could not be read: the account still records IAM',
    source: GLOBAL,
    mutate: (s) => globalRecorders(s, { 'eu-west-1': [{}], 'eu-central-1': 'denied' }),
    expect: 'pass',
  },
];
