import {
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeFlowLogs,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVolumes,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** An EBS volume. */
export interface Volume {
  id: string;
  arn: string;
  /** `Encrypted` as DescribeVolumes reports it (missing reads as not encrypted). */
  encrypted: boolean;
  /** `creating`, `available`, `in-use`, `deleting`, `deleted` or `error`. */
  state: string;
}

/** A VPC and the account that owns it (a VPC shared through RAM is owned by another account). */
export interface Vpc {
  id: string;
  arn: string;
  ownerId: string;
}

/** A flow log, by the resource (VPC, subnet, ENI, transit gateway) it is attached to. */
export interface FlowLog {
  id: string;
  resourceId: string;
  /** `FlowLogStatus`: `ACTIVE` is the only documented value. */
  status: string;
  /** `DeliverLogsStatus`: `SUCCESS` or `FAILED` (absent for some destinations). */
  deliverStatus?: string;
  /** `DeliverLogsErrorMessage` (`Rate limited`, `Access error`, `Unknown error`). */
  deliverError?: string;
  /** `ACCEPT`, `REJECT` or `ALL`. */
  trafficType: string;
}

/** One inbound rule of a security group (an IpPermissions entry), with the sources it admits. */
export interface IngressRule {
  /** `IpProtocol` as written: `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number (`6`, `17`) or `-1` (all traffic, all ports). */
  protocol: string;
  /** `FromPort`/`ToPort` (for TCP/UDP the port range; `-1` or absent with protocol `-1`: every port). */
  fromPort?: number;
  toPort?: number;
  /** `IpRanges[].CidrIp`. */
  ipv4: string[];
  /** `Ipv6Ranges[].CidrIpv6`. */
  ipv6: string[];
  /** `PrefixListIds[].PrefixListId` (their CIDRs are not read). */
  prefixLists: string[];
}

/** A security group and its inbound rules. */
export interface SecurityGroup {
  id: string;
  name: string;
  arn: string;
  vpcId?: string;
  ingress: IngressRule[];
}

/** An AMI the account owns. */
export interface Image {
  id: string;
  name: string;
  arn: string;
  /** `Public`: launch permission for `all` (every AWS account). */
  public: boolean;
  /** `pending`, `available`, `invalid`, `deregistered`, `transient`, `failed`, `error`, `disabled`. */
  state: string;
}

/** An EC2 instance (terminated ones, which DescribeInstances lists for about an hour, are left out). */
export interface Instance {
  id: string;
  arn: string;
  /** `State.Name`: `pending`, `running`, `shutting-down`, `stopping` or `stopped`. */
  state: string;
}

export interface Ec2Data {
  ebsDefaultEncryption: Read<boolean>;
  volumes: Read<Volume[]>;
  vpcs: Read<Vpc[]>;
  /**
   * Subnets and their VPC: a VPC whose every subnet has a flow log is covered without a VPC-level one.
   * Read only when some subnet has a flow log ({@link needsSubnets}; `undefined` otherwise).
   */
  subnets?: Read<{ id: string; vpcId: string }[]>;
  flowLogs: Read<FlowLog[]>;
  securityGroups: Read<SecurityGroup[]>;
  /** AMIs the account owns (DescribeImages Owners self, deprecated and disabled ones included). */
  images: Read<Image[]>;
  /** Every instance of the region that is not terminated (DescribeInstances, every page). */
  instances: Read<Instance[]>;
}

/** Items per page of the EC2 describe calls (their `MaxResults` upper bound is 1000; 500 keeps pages small). */
const PAGE = 500;

/** True when subnet flow logs exist and the account owns a VPC they may cover: only then are the subnets read. */
export function needsSubnets(vpcs: Read<Vpc[]>, flowLogs: Read<FlowLog[]>, accountId: string): boolean {
  if (!vpcs.ok || !flowLogs.ok) return false;
  return flowLogs.value.some((f) => f.resourceId.startsWith('subnet-')) && vpcs.value.some((v) => v.ownerId === accountId);
}

/** EC2 (regional): EBS default encryption, every volume, VPC, flow log, security group, owned AMI and instance (every page), and the subnets when subnet flow logs may cover a VPC. */
export const ec2Collector: Collector<Ec2Data> = {
  id: 'ec2',
  scope: 'region',
  async collect(ctx) {
    const ec2 = ctx.clients.get(EC2Client, ctx.region);
    const arn = (type: string, id: string) => `arn:aws:ec2:${ctx.region}:${ctx.accountId}:${type}/${id}`;
    const [ebsDefaultEncryption, volumes, vpcs, flowLogs, securityGroups, images, instances] = await Promise.all([
      ctx.read(
        async () =>
          (await ctx.must('ec2:GetEbsEncryptionByDefault', () => ec2.send(new GetEbsEncryptionByDefaultCommand({}))))?.EbsEncryptionByDefault === true,
      ),
      ctx.read(async () =>
        // Mapped page by page: raw volumes (attachments, tags) are not all held until the last page.
        ctx.pages('ec2:DescribeVolumes', paginateDescribeVolumes({ client: ec2, pageSize: PAGE }, {}), (p) =>
          p.Volumes?.map((v): Volume => ({
            id: v.VolumeId ?? '',
            arn: arn('volume', v.VolumeId ?? ''),
            encrypted: v.Encrypted === true,
            state: v.State ?? 'unknown',
          })),
        ),
      ),
      ctx.read(async () =>
        ctx.pages('ec2:DescribeVpcs', paginateDescribeVpcs({ client: ec2, pageSize: PAGE }, {}), (p) =>
          p.Vpcs?.map((v): Vpc => {
            const ownerId = v.OwnerId ?? ctx.accountId;
            return { id: v.VpcId ?? '', arn: `arn:aws:ec2:${ctx.region}:${ownerId}:vpc/${v.VpcId ?? ''}`, ownerId };
          }),
        ),
      ),
      ctx.read(async () =>
        ctx.pages('ec2:DescribeFlowLogs', paginateDescribeFlowLogs({ client: ec2, pageSize: PAGE }, {}), (p) =>
          p.FlowLogs?.map((f): FlowLog => ({
            id: f.FlowLogId ?? '',
            resourceId: f.ResourceId ?? '',
            status: f.FlowLogStatus ?? '',
            deliverStatus: f.DeliverLogsStatus,
            deliverError: f.DeliverLogsErrorMessage,
            trafficType: f.TrafficType ?? '',
          })),
        ),
      ),
      ctx.read(async () =>
        ctx.pages('ec2:DescribeSecurityGroups', paginateDescribeSecurityGroups({ client: ec2, pageSize: PAGE }, {}), (p) =>
          p.SecurityGroups?.map((g): SecurityGroup => ({
            id: g.GroupId ?? '',
            name: g.GroupName ?? '',
            arn: `arn:aws:ec2:${ctx.region}:${g.OwnerId ?? ctx.accountId}:security-group/${g.GroupId ?? ''}`,
            vpcId: g.VpcId,
            ingress: (g.IpPermissions ?? []).map((r) => ({
              protocol: r.IpProtocol ?? '-1',
              fromPort: r.FromPort,
              toPort: r.ToPort,
              ipv4: (r.IpRanges ?? []).map((x) => x.CidrIp ?? '').filter(Boolean),
              ipv6: (r.Ipv6Ranges ?? []).map((x) => x.CidrIpv6 ?? '').filter(Boolean),
              prefixLists: (r.PrefixListIds ?? []).map((x) => x.PrefixListId ?? '').filter(Boolean),
            })),
          })),
        ),
      ),
      ctx.read(async () =>
        // Owners self: the account's own AMIs (an owner sees its deprecated ones without IncludeDeprecated); disabled ones too.
        ctx.pages(
          'ec2:DescribeImages',
          paginateDescribeImages({ client: ec2, pageSize: PAGE }, { Owners: ['self'], IncludeDeprecated: true, IncludeDisabled: true }),
          (p) =>
            p.Images?.map((i): Image => ({
              id: i.ImageId ?? '',
              name: i.Name ?? '',
              arn: `arn:aws:ec2:${ctx.region}::image/${i.ImageId ?? ''}`,
              public: i.Public === true,
              state: i.State ?? 'unknown',
            })),
        ),
      ),
      ctx.read(async () =>
        ctx.pages('ec2:DescribeInstances', paginateDescribeInstances({ client: ec2, pageSize: PAGE }, {}), (p) =>
          (p.Reservations ?? []).flatMap((r) =>
            (r.Instances ?? [])
              .filter((i) => i.State?.Name !== 'terminated')
              .map((i): Instance => ({
                id: i.InstanceId ?? '',
                arn: `arn:aws:ec2:${ctx.region}:${r.OwnerId ?? ctx.accountId}:instance/${i.InstanceId ?? ''}`,
                state: i.State?.Name ?? 'unknown',
              })),
          ),
        ),
      ),
    ]);
    const subnets = needsSubnets(vpcs, flowLogs, ctx.accountId)
      ? await ctx.read(async () =>
          ctx.pages('ec2:DescribeSubnets', paginateDescribeSubnets({ client: ec2, pageSize: PAGE }, {}), (p) =>
            p.Subnets?.map((n) => ({ id: n.SubnetId ?? '', vpcId: n.VpcId ?? '' })),
          ),
        )
      : undefined;
    return { ebsDefaultEncryption, volumes, vpcs, subnets, flowLogs, securityGroups, images, instances };
  },
};
