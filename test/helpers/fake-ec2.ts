import {
  CreateSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  type Filter,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';

function notFound(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

/**
 * A small stateful EC2 for the isolation and restore fixes (aws-sdk-client-mock underneath):
 * instances with attached network interfaces and their groups, and security groups by id with their
 * name and VPC. DescribeSecurityGroups honours the `group-name`, `group-id` and `vpc-id` filters, and
 * ModifyNetworkInterfaceAttribute changes the groups of an attached interface, so a re-read sees what
 * a fix did.
 */
export class FakeEc2 {
  readonly mock = mockClient(EC2Client);
  /** Instance id → VPC and attached interfaces (ENI id → group ids). */
  readonly instances = new Map<string, { vpcId: string; enis: Map<string, string[]> }>();
  /** Security group id → name and VPC. */
  readonly groups = new Map<string, { name: string; vpcId: string }>();
  private created = 0;

  constructor() {
    this.install();
  }

  /** Forgets every instance, group and recorded call. */
  reset(): void {
    this.mock.reset();
    this.instances.clear();
    this.groups.clear();
    this.install();
  }

  restore(): void {
    this.mock.restore();
  }

  addGroup(id: string, name = id, vpcId = 'vpc-1'): void {
    this.groups.set(id, { name, vpcId });
  }

  addInstance(id: string, enis: Record<string, string[]>, vpcId = 'vpc-1'): void {
    this.instances.set(id, { vpcId, enis: new Map(Object.entries(enis).map(([eni, groups]) => [eni, [...groups]])) });
  }

  /** The groups of an attached interface, wherever it is. */
  groupsOf(eni: string): string[] | undefined {
    for (const instance of this.instances.values()) if (instance.enis.has(eni)) return instance.enis.get(eni);
    return undefined;
  }

  /** The inputs of every ModifyNetworkInterfaceAttribute call so far. */
  modifications(): { NetworkInterfaceId?: string; Groups?: string[] }[] {
    return this.mock.commandCalls(ModifyNetworkInterfaceAttributeCommand).map((c) => c.args[0].input);
  }

  private install(): void {
    this.mock.on(DescribeInstancesCommand).callsFake((input: { InstanceIds?: string[] }) => {
      const id = input.InstanceIds?.[0] ?? '';
      const instance = this.instances.get(id);
      if (!instance) throw notFound('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
      return {
        Reservations: [
          {
            Instances: [
              {
                InstanceId: id,
                VpcId: instance.vpcId,
                NetworkInterfaces: [...instance.enis].map(([eni, groups]) => ({
                  NetworkInterfaceId: eni,
                  Groups: groups.map((g) => ({ GroupId: g, GroupName: this.groups.get(g)?.name })),
                })),
              },
            ],
          },
        ],
      };
    });
    this.mock.on(DescribeSecurityGroupsCommand).callsFake((input: { Filters?: Filter[]; GroupIds?: string[] }) => {
      const values = (name: string) => input.Filters?.find((f) => f.Name === name)?.Values;
      const names = values('group-name');
      const ids = values('group-id') ?? input.GroupIds;
      const vpcs = values('vpc-id');
      const found = [...this.groups]
        .filter(([id, g]) => (!names || names.includes(g.name)) && (!ids || ids.includes(id)) && (!vpcs || vpcs.includes(g.vpcId)))
        .map(([id, g]) => ({ GroupId: id, GroupName: g.name, VpcId: g.vpcId }));
      return { SecurityGroups: found };
    });
    this.mock.on(CreateSecurityGroupCommand).callsFake((input: { GroupName: string; VpcId: string }) => {
      const id = `sg-150${++this.created}`;
      this.addGroup(id, input.GroupName, input.VpcId);
      return { GroupId: id };
    });
    this.mock.on(RevokeSecurityGroupEgressCommand).resolves({ Return: true });
    this.mock.on(ModifyNetworkInterfaceAttributeCommand).callsFake((input: { NetworkInterfaceId: string; Groups: string[] }) => {
      for (const g of input.Groups) if (!this.groups.has(g)) throw notFound('InvalidGroup.NotFound', `The security group '${g}' does not exist`);
      for (const instance of this.instances.values()) {
        if (instance.enis.has(input.NetworkInterfaceId)) {
          instance.enis.set(input.NetworkInterfaceId, [...input.Groups]);
          return {};
        }
      }
      throw notFound('InvalidNetworkInterfaceID.NotFound', `The networkInterface ID '${input.NetworkInterfaceId}' does not exist`);
    });
  }
}
