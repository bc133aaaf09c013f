import { DescribeSnapshotAttributeCommand, EC2Client, paginateDescribeSnapshots } from '@aws-sdk/client-ec2';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** An EBS snapshot the account owns, and who may create volumes from it. */
export interface EbsSnapshot {
  id: string;
  arn: string;
  /** `Encrypted` (missing reads as not encrypted). */
  encrypted: boolean;
  /** `pending`, `completed`, `error`, `recoverable` or `recovering`. */
  state: string;
  /**
   * `createVolumePermission` from DescribeSnapshotAttribute: `all` for the group all (public), else the
   * account ids it is shared with.
   */
  createVolumePermission: Read<string[]>;
}

export interface EbsData {
  snapshots: Read<EbsSnapshot[]>;
}

/** Snapshots per DescribeSnapshots page (`MaxResults` upper bound 1000). */
const PAGE = 1000;

/** EBS snapshots (regional): every snapshot the account owns (`OwnerIds: self`, every page) and its create-volume permissions. */
export const ebsCollector: Collector<EbsData> = {
  id: 'ebs',
  scope: 'region',
  async collect(ctx) {
    const ec2 = ctx.clients.get(EC2Client, ctx.region);
    const snapshots = await ctx.read(async () => {
      const listed = await ctx.pages('ec2:DescribeSnapshots', paginateDescribeSnapshots({ client: ec2, pageSize: PAGE }, { OwnerIds: ['self'] }), (p) =>
        p.Snapshots?.map((n) => ({ id: n.SnapshotId ?? '', encrypted: n.Encrypted === true, state: n.State ?? 'unknown' })),
      );
      return Promise.all(
        listed.map(async (n): Promise<EbsSnapshot> => ({
          ...n,
          arn: `arn:aws:ec2:${ctx.region}::snapshot/${n.id}`,
          createVolumePermission: await ctx.read(async () => {
            const out = await ctx.must('ec2:DescribeSnapshotAttribute', () =>
              ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: n.id, Attribute: 'createVolumePermission' })),
            );
            return (out?.CreateVolumePermissions ?? []).map((p) => (p.Group === 'all' ? 'all' : (p.UserId ?? p.Group ?? '')));
          }),
        })),
      );
    });
    return { snapshots };
  },
};
