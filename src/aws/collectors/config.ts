import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
  paginateDescribeComplianceByConfigRule,
} from '@aws-sdk/client-config-service';
import type { CollectContext, Read } from './context.js';
import type { Collector } from './types.js';

export interface ConfigRecorder {
  name: string;
  /** Set on a service-linked recorder, which records only what that AWS service needs. */
  servicePrincipal?: string;
  /** `roleARN`: the IAM role Config assumes to record (absent when the answer names none). */
  roleArn?: string;
  /** `recordingGroup.includeGlobalResourceTypes` (the API's default is false). */
  includeGlobalResourceTypes: boolean;
  /** `recordingGroup.allSupported` (true when the recorder has no recording group: the API's default). */
  allSupported: boolean;
  /** `recordingGroup.recordingStrategy.useOnly`: `ALL_SUPPORTED_RESOURCE_TYPES`, `EXCLUSION_BY_RESOURCE_TYPES` or `INCLUSION_BY_RESOURCE_TYPES`. */
  strategy?: string;
  /** Resource types left out (`EXCLUSION_BY_RESOURCE_TYPES`). */
  excludedTypes: string[];
  /** The only resource types recorded when not `allSupported`. */
  includedTypes: string[];
  recording: boolean;
  /** Last recording attempt: `SUCCESS`, `FAILURE`, `PENDING` (as the API spells it). */
  lastStatus?: string;
  lastErrorCode?: string;
}

/** A delivery channel with the outcome of its last deliveries (`SUCCESS`, `FAILURE`, `NOT_APPLICABLE`). */
export interface DeliveryChannel {
  name: string;
  bucket?: string;
  /** Configuration history files delivered to S3. */
  history?: string;
  /** Configuration snapshots delivered to S3 (`NOT_APPLICABLE` without a delivery frequency). */
  snapshot?: string;
  /** Notifications to the SNS topic. */
  stream?: string;
  /** The error code of the last failed delivery, if any. */
  lastErrorCode?: string;
}

/** One Config rule's compliance (DescribeComplianceByConfigRule `ComplianceByConfigRules[]`). */
export interface RuleCompliance {
  name: string;
  /** `COMPLIANT`, `NON_COMPLIANT` or `INSUFFICIENT_DATA`; absent when the answer gave none. */
  compliance?: string;
  /** `ComplianceContributorCount.CappedCount`: the resources that make the rule NON_COMPLIANT, counted up to Config's cap. */
  nonCompliantCount?: number;
  /** `ComplianceContributorCount.CapExceeded`: there are more than `nonCompliantCount`. */
  capExceeded: boolean;
}

export interface ConfigData {
  recorders: Read<ConfigRecorder[]>;
  /** Delivery channels; a recorder without a working one records nothing anyone can read. */
  deliveryChannels: Read<DeliveryChannel[]>;
  /** Every Config rule of the region with its compliance (read on its own: a denial affects only the rule check). */
  rules: Read<RuleCompliance[]>;
}

/** The recorders of one region, each with its status (DescribeConfigurationRecorders and DescribeConfigurationRecorderStatus). */
async function readRecorders(ctx: CollectContext, region: string): Promise<ConfigRecorder[]> {
  const client = ctx.clients.get(ConfigServiceClient, region);
  const [defs, statuses] = await Promise.all([
    ctx.must('config:DescribeConfigurationRecorders', () => client.send(new DescribeConfigurationRecordersCommand({}))),
    ctx.must('config:DescribeConfigurationRecorderStatus', () => client.send(new DescribeConfigurationRecorderStatusCommand({}))),
  ]);
  return (defs.ConfigurationRecorders ?? []).map((r): ConfigRecorder => {
    const status = statuses.ConfigurationRecordersStatus?.find((s) => s.name === r.name);
    const group = r.recordingGroup;
    return {
      name: r.name ?? '',
      ...(r.servicePrincipal ? { servicePrincipal: r.servicePrincipal } : {}),
      ...(r.roleARN ? { roleArn: r.roleARN } : {}),
      allSupported: group?.allSupported !== false,
      includeGlobalResourceTypes: group?.includeGlobalResourceTypes === true,
      ...(group?.recordingStrategy?.useOnly ? { strategy: group.recordingStrategy.useOnly } : {}),
      excludedTypes: [...(group?.exclusionByResourceTypes?.resourceTypes ?? [])],
      includedTypes: [...(group?.resourceTypes ?? [])],
      recording: status?.recording === true,
      ...(status?.lastStatus ? { lastStatus: status.lastStatus.toUpperCase() } : {}),
      ...(status?.lastErrorCode ? { lastErrorCode: status.lastErrorCode } : {}),
    };
  });
}

/**
 * AWS Config (regional): configuration recorders (what they record, whether they work), delivery channels,
 * and the compliance of every Config rule (every DescribeComplianceByConfigRule page).
 */
export const configCollector: Collector<ConfigData> = {
  id: 'config',
  scope: 'region',
  async collect(ctx) {
    const client = ctx.clients.get(ConfigServiceClient, ctx.region);
    const [recorders, deliveryChannels, rules] = await Promise.all([
      ctx.read(() => readRecorders(ctx, ctx.region)),
      ctx.read(async () => {
        const [channels, statuses] = await Promise.all([
          ctx.must('config:DescribeDeliveryChannels', () => client.send(new DescribeDeliveryChannelsCommand({}))),
          ctx.must('config:DescribeDeliveryChannelStatus', () => client.send(new DescribeDeliveryChannelStatusCommand({}))),
        ]);
        return (channels.DeliveryChannels ?? []).map((c): DeliveryChannel => {
          const status = statuses.DeliveryChannelsStatus?.find((s) => s.name === c.name);
          const up = (v: string | undefined) => (v ? { value: v.toUpperCase() } : undefined);
          const history = up(status?.configHistoryDeliveryInfo?.lastStatus);
          const snapshot = up(status?.configSnapshotDeliveryInfo?.lastStatus);
          const stream = up(status?.configStreamDeliveryInfo?.lastStatus);
          const lastErrorCode =
            status?.configHistoryDeliveryInfo?.lastErrorCode ||
            status?.configSnapshotDeliveryInfo?.lastErrorCode ||
            status?.configStreamDeliveryInfo?.lastErrorCode;
          return {
            name: c.name ?? '',
            ...(c.s3BucketName ? { bucket: c.s3BucketName } : {}),
            ...(history ? { history: history.value } : {}),
            ...(snapshot ? { snapshot: snapshot.value } : {}),
            ...(stream ? { stream: stream.value } : {}),
            ...(lastErrorCode ? { lastErrorCode } : {}),
          };
        });
      }),
      ctx.read(() =>
        ctx.pages('config:DescribeComplianceByConfigRule', paginateDescribeComplianceByConfigRule({ client }, {}), (p) =>
          p.ComplianceByConfigRules?.map((r): RuleCompliance => {
            const count = r.Compliance?.ComplianceContributorCount;
            return {
              name: r.ConfigRuleName ?? '',
              ...(r.Compliance?.ComplianceType ? { compliance: r.Compliance.ComplianceType } : {}),
              ...(count?.CappedCount !== undefined ? { nonCompliantCount: count.CappedCount } : {}),
              capExceeded: count?.CapExceeded === true,
            };
          }),
        ),
      ),
    ]);
    return { recorders, deliveryChannels, rules };
  },
};

/** What the account-wide Config collector holds: the recorders of every scanned region, by region. */
export interface ConfigRegionsData {
  regions: Record<string, Read<ConfigRecorder[]>>;
}

/**
 * AWS Config recorders in every scanned region (account-wide, run on the home snapshot), for the checks
 * that ask whether something is recorded somewhere in the account (the global IAM resource types).
 */
export const configRegionsCollector: Collector<ConfigRegionsData> = {
  id: 'configregions',
  scope: 'account',
  async collect(ctx) {
    const regions = ctx.regions.length > 0 ? ctx.regions : [ctx.region];
    const entries = await Promise.all(regions.map(async (region) => [region, await ctx.read(() => readRecorders(ctx, region))] as const));
    return { regions: Object.fromEntries(entries) };
  },
};
