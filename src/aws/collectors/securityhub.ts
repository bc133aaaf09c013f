import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface SecurityHubData {
  /** The hub's ARN, `null` when Security Hub is not enabled in the region. */
  hub: Read<string | null>;
}

/** Security Hub (regional): whether the account is subscribed. */
export const securityhubCollector: Collector<SecurityHubData> = {
  id: 'securityhub',
  scope: 'region',
  async collect(ctx) {
    const sh = ctx.clients.get(SecurityHubClient, ctx.region);
    const hub = await ctx.read(
      async () =>
        (await ctx.call('securityhub:DescribeHub', () => sh.send(new DescribeHubCommand({})), ['InvalidAccessException', 'ResourceNotFoundException']))?.HubArn ?? null,
    );
    return { hub };
  },
};
