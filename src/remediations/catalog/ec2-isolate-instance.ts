import { nameFromArn } from '../shared.js';
import { needsResource, type ApiCall, type Remediation, type RemediationContext } from '../types.js';

/** The name of the rule-less security group an isolated instance is moved into (one per VPC). */
export const ISOLATION_GROUP = 'gdpr-bot-isolation';

/** An instance as `ec2-isolate-instance` and `ec2-restore-instance` see it: its network interfaces' groups and its VPC's isolation group. */
export interface InstanceState {
  instanceId: string;
  vpcId: string;
  interfaces: { id: string; groups: string[] }[];
  isolationGroupId?: string;
}

/** Reads an instance (it must exist and be in a VPC), its attached network interfaces' groups and the isolation group of its VPC, if any. */
export async function inspectInstance(ctx: RemediationContext, instanceId: string): Promise<InstanceState> {
  const { DescribeInstancesCommand, DescribeSecurityGroupsCommand, EC2Client } = await import('@aws-sdk/client-ec2');
  const ec2 = ctx.aws.get(EC2Client, ctx.region);
  const res = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = res.Reservations?.[0]?.Instances?.[0];
  if (!instance?.VpcId) throw new Error(`instance ${instanceId} was not found in ${ctx.region} or is not in a VPC`);
  const groups = await ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'group-name', Values: [ISOLATION_GROUP] },
        { Name: 'vpc-id', Values: [instance.VpcId] },
      ],
    }),
  );
  return {
    instanceId,
    vpcId: instance.VpcId,
    interfaces: (instance.NetworkInterfaces ?? []).map((n) => ({ id: n.NetworkInterfaceId!, groups: (n.Groups ?? []).map((g) => g.GroupId!) })),
    isolationGroupId: groups.SecurityGroups?.[0]?.GroupId,
  };
}

function isolated(s: InstanceState): boolean {
  return s.isolationGroupId !== undefined && s.interfaces.length > 0 && s.interfaces.every((n) => n.groups.length === 1 && n.groups[0] === s.isolationGroupId);
}

function callsFor(s: InstanceState): ApiCall[] {
  const group = s.isolationGroupId ?? '<the new isolation group>';
  const calls: ApiCall[] = [];
  if (!s.isolationGroupId) {
    calls.push({
      action: 'ec2:CreateSecurityGroup',
      params: { GroupName: ISOLATION_GROUP, VpcId: s.vpcId, Description: 'gdpr-bot: isolated instances (no rules)' },
    });
    calls.push({
      action: 'ec2:RevokeSecurityGroupEgress',
      params: { GroupId: group, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
    });
  }
  for (const n of s.interfaces) {
    if (n.groups.length !== 1 || n.groups[0] !== s.isolationGroupId)
      calls.push({ action: 'ec2:ModifyNetworkInterfaceAttribute', params: { NetworkInterfaceId: n.id, Groups: [group] } });
  }
  return calls;
}

export const ec2IsolateInstance: Remediation = {
  id: 'ec2-isolate-instance',
  fixes: [],
  // A succeeded isolation can be undone: **Restore network access** puts back the groups it recorded.
  followUps: ['ec2-restore-instance'],
  title: 'Isolate an EC2 instance',
  changes:
    'Replaces every security group of this instance with a group that has no rules, cutting new network traffic in and out; the old groups are recorded so they can be restored.',
  risk: 'high',
  permissions: [
    'ec2:DescribeInstances',
    'ec2:DescribeSecurityGroups',
    'ec2:CreateSecurityGroup',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:ModifyNetworkInterfaceAttribute',
  ],
  target: 'resource',
  validate: needsResource('EC2 instance id'),
  verifyWith: 'plan',
  async plan(ctx, target) {
    const s = await inspectInstance(ctx, nameFromArn(target.resource!));
    const done = isolated(s);
    return {
      compliant: done,
      current: done
        ? `Instance ${s.instanceId} is already isolated.`
        : `Instance ${s.instanceId} uses ${s.interfaces.map((n) => `${n.id}: ${n.groups.join(', ') || 'no groups'}`).join('; ')}.`,
      calls: done ? [] : callsFor(s),
      notes: done ? undefined : ['Connections already open may continue until they close (security group connection tracking).'],
    };
  },
  async apply(ctx, target) {
    const { CreateSecurityGroupCommand, EC2Client, ModifyNetworkInterfaceAttributeCommand, RevokeSecurityGroupEgressCommand } =
      await import('@aws-sdk/client-ec2');
    const s = await inspectInstance(ctx, nameFromArn(target.resource!));
    if (isolated(s)) return { outcome: 'already-compliant', summary: `Instance ${s.instanceId} was already isolated.`, calls: [] };
    const ec2 = ctx.aws.get(EC2Client, ctx.region);
    let groupId = s.isolationGroupId;
    if (!groupId) {
      const created = await ec2.send(
        new CreateSecurityGroupCommand({ GroupName: ISOLATION_GROUP, VpcId: s.vpcId, Description: 'gdpr-bot: isolated instances (no rules)' }),
      );
      groupId = created.GroupId!;
      await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    }
    const calls = callsFor({ ...s, isolationGroupId: groupId });
    if (!s.isolationGroupId)
      calls.unshift(
        ...callsFor(s)
          .slice(0, 2)
          .map((c, i) => (i === 1 ? { ...c, params: { ...c.params, GroupId: groupId } } : c)),
      );
    for (const n of s.interfaces) {
      if (n.groups.length === 1 && n.groups[0] === groupId) continue;
      await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: n.id, Groups: [groupId] }));
    }
    return {
      outcome: 'changed',
      summary: `Instance ${s.instanceId} is isolated in security group ${groupId}; its previous groups are in the audit log.`,
      calls,
      previous: { securityGroups: Object.fromEntries(s.interfaces.map((n) => [n.id, n.groups])) },
    };
  },
};
