import { EC2Client, GetEbsEncryptionByDefaultCommand, paginateDescribeFlowLogs, paginateDescribeVolumes, paginateDescribeVpcs } from '@aws-sdk/client-ec2';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface Ec2Data {
  ebsDefaultEncryption: Read<boolean>;
  volumes: Read<{ id: string; arn: string; encrypted: boolean }[]>;
  vpcs: Read<{ id: string; arn: string }[]>;
  /** Flow logs by the resource (VPC, subnet, ENI) they are attached to. */
  flowLogs: Read<{ resourceId: string; status: string }[]>;
}

/** EC2 (regional): EBS default encryption, volumes, VPCs and their flow logs. */
export const ec2Collector: Collector<Ec2Data> = {
  id: 'ec2',
  scope: 'region',
  async collect(ctx) {
    const ec2 = ctx.clients.get(EC2Client, ctx.region);
    const arn = (type: string, id: string) => `arn:aws:ec2:${ctx.region}:${ctx.accountId}:${type}/${id}`;
    const [ebsDefaultEncryption, volumes, vpcs, flowLogs] = await Promise.all([
      ctx.read(async () => (await ctx.must('ec2:GetEbsEncryptionByDefault', () => ec2.send(new GetEbsEncryptionByDefaultCommand({}))))?.EbsEncryptionByDefault === true),
      ctx.read(async () =>
        // Mapped page by page: raw volumes (attachments, tags) are not all held until the last page.
        ctx.pages('ec2:DescribeVolumes', paginateDescribeVolumes({ client: ec2, pageSize: 500 }, {}), (p) =>
          p.Volumes?.map((v) => ({ id: v.VolumeId ?? '', arn: arn('volume', v.VolumeId ?? ''), encrypted: v.Encrypted === true })),
        ),
      ),
      ctx.read(async () =>
        ctx.pages('ec2:DescribeVpcs', paginateDescribeVpcs({ client: ec2, pageSize: 500 }, {}), (p) => p.Vpcs?.map((v) => ({ id: v.VpcId ?? '', arn: arn('vpc', v.VpcId ?? '') }))),
      ),
      ctx.read(async () =>
        ctx.pages('ec2:DescribeFlowLogs', paginateDescribeFlowLogs({ client: ec2, pageSize: 500 }, {}), (p) =>
          p.FlowLogs?.map((f) => ({ resourceId: f.ResourceId ?? '', status: f.FlowLogStatus ?? '' })),
        ),
      ),
    ]);
    return { ebsDefaultEncryption, volumes, vpcs, flowLogs };
  },
};
