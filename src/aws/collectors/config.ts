import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
} from '@aws-sdk/client-config-service';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface ConfigRecorder {
  name: string;
  /** Set on a service-linked recorder, which records only what that AWS service needs. */
  servicePrincipal?: string;
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

export interface ConfigData {
  recorders: Read<ConfigRecorder[]>;
  /** Delivery channels; a recorder without a working one records nothing anyone can read. */
  deliveryChannels: Read<DeliveryChannel[]>;
}

/** AWS Config (regional): configuration recorders (what they record, whether they work) and delivery channels. */
export const configCollector: Collector<ConfigData> = {
  id: 'config',
  scope: 'region',
  async collect(ctx) {
    const client = ctx.clients.get(ConfigServiceClient, ctx.region);
    const [recorders, deliveryChannels] = await Promise.all([
      ctx.read(async () => {
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
            allSupported: group?.allSupported !== false,
            ...(group?.recordingStrategy?.useOnly ? { strategy: group.recordingStrategy.useOnly } : {}),
            excludedTypes: [...(group?.exclusionByResourceTypes?.resourceTypes ?? [])],
            includedTypes: [...(group?.resourceTypes ?? [])],
            recording: status?.recording === true,
            ...(status?.lastStatus ? { lastStatus: status.lastStatus.toUpperCase() } : {}),
            ...(status?.lastErrorCode ? { lastErrorCode: status.lastErrorCode } : {}),
          };
        });
      }),
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
          const lastErrorCode = status?.configHistoryDeliveryInfo?.lastErrorCode || status?.configSnapshotDeliveryInfo?.lastErrorCode || status?.configStreamDeliveryInfo?.lastErrorCode;
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
    ]);
    return { recorders, deliveryChannels };
  },
};
