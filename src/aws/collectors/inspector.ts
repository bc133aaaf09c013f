import { BatchGetAccountStatusCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface InspectorData {
  /** Inspector's account status and its EC2 / ECR / Lambda scan states. */
  status: Read<{ overall: string; ec2: string; ecr: string; lambda: string }>;
}

/** Inspector (regional): whether scanning is enabled for the account. */
export const inspectorCollector: Collector<InspectorData> = {
  id: 'inspector',
  scope: 'region',
  async collect(ctx) {
    const client = ctx.clients.get(Inspector2Client, ctx.region);
    const status = await ctx.read(async () => {
      const out = await ctx.must('inspector2:BatchGetAccountStatus', () => client.send(new BatchGetAccountStatusCommand({ accountIds: [ctx.accountId] })));
      const account = out.accounts?.[0];
      return {
        overall: account?.state?.status ?? 'DISABLED',
        ec2: account?.resourceState?.ec2?.status ?? 'DISABLED',
        ecr: account?.resourceState?.ecr?.status ?? 'DISABLED',
        lambda: account?.resourceState?.lambda?.status ?? 'DISABLED',
      };
    });
    return { status };
  },
};
