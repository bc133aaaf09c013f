import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface ConfigRecorder {
  name: string;
  allSupported: boolean;
  recording: boolean;
  lastStatus?: string;
}

export interface ConfigData {
  recorders: Read<ConfigRecorder[]>;
}

/** AWS Config (regional): configuration recorders and whether they are recording. */
export const configCollector: Collector<ConfigData> = {
  id: 'config',
  scope: 'region',
  async collect(ctx) {
    const client = ctx.clients.get(ConfigServiceClient, ctx.region);
    const recorders = await ctx.read(async () => {
      const [defs, statuses] = await Promise.all([
        ctx.must('config:DescribeConfigurationRecorders', () => client.send(new DescribeConfigurationRecordersCommand({}))),
        ctx.must('config:DescribeConfigurationRecorderStatus', () => client.send(new DescribeConfigurationRecorderStatusCommand({}))),
      ]);
      return (defs.ConfigurationRecorders ?? []).map((r) => {
        const status = statuses.ConfigurationRecordersStatus?.find((s) => s.name === r.name);
        return {
          name: r.name ?? '',
          allSupported: r.recordingGroup?.allSupported !== false,
          recording: status?.recording === true,
          lastStatus: status?.lastStatus,
        };
      });
    });
    return { recorders };
  },
};
