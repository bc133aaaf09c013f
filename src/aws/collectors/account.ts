import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface AccountData {
  /** Every region of the partition with its opt-in status (`opt-in-not-required`, `opted-in`, `not-opted-in`). */
  regions: Read<{ name: string; optInStatus: string }[]>;
}

/** The account's regions and which opt-in regions are enabled (EC2 DescribeRegions with AllRegions). */
export const accountCollector: Collector<AccountData> = {
  id: 'account',
  scope: 'account',
  async collect(ctx) {
    const ec2 = ctx.clients.get(EC2Client, ctx.region);
    const regions = await ctx.read(async () => {
      const out = await ctx.must('ec2:DescribeRegions', () => ec2.send(new DescribeRegionsCommand({ AllRegions: true })));
      return (out.Regions ?? []).map((r) => ({ name: r.RegionName ?? '', optInStatus: r.OptInStatus ?? 'opt-in-not-required' }));
    });
    return { regions };
  },
};
