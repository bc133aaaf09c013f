import { paginateDescribeInstanceInformation, SSMClient } from '@aws-sdk/client-ssm';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** A node Systems Manager manages, as DescribeInstanceInformation lists it. */
export interface ManagedNode {
  /** `i-…` for an EC2 instance, `mi-…` for a hybrid (on-premises) node. */
  id: string;
  /** `Online`, `ConnectionLost` or `Inactive` (deprecated); missing reads as empty. */
  pingStatus: string;
  /** `LastPingDateTime` (ISO). */
  lastPing?: string;
}

export interface SsmData {
  /** Every managed node of the region (DescribeInstanceInformation, every page). */
  managedNodes: Read<ManagedNode[]>;
}

/** Nodes per DescribeInstanceInformation page (`MaxResults` 5 to 50). */
const PAGE = 50;

/** Systems Manager (regional): every managed node and the connection status of its SSM Agent. */
export const ssmCollector: Collector<SsmData> = {
  id: 'ssm',
  scope: 'region',
  async collect(ctx) {
    const ssm = ctx.clients.get(SSMClient, ctx.region);
    const managedNodes = await ctx.read(async () =>
      ctx.pages('ssm:DescribeInstanceInformation', paginateDescribeInstanceInformation({ client: ssm, pageSize: PAGE }, {}), (p) =>
        p.InstanceInformationList?.map((n): ManagedNode => ({
          id: n.InstanceId ?? '',
          pingStatus: n.PingStatus ?? '',
          ...(n.LastPingDateTime ? { lastPing: new Date(n.LastPingDateTime).toISOString() } : {}),
        })),
      ),
    );
    return { managedNodes };
  },
};
