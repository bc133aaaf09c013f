import type { Instance } from '../../../src/aws/collectors/ec2.js';
import type { ManagedNode } from '../../../src/aws/collectors/ssm.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT } from '../fixtures.js';

const SOURCE =
  'Systems Manager API, DescribeInstanceInformation / InstanceInformation: InstanceId (i-… for EC2, mi-… for hybrid nodes), PingStatus (Online | ConnectionLost | Inactive); EC2 API, DescribeInstances: State.Name';

function read<T>(r: { ok: true; value: T } | { ok: false } | undefined): T {
  if (!r || !r.ok) throw new Error('fixture read is not ok');
  return r.value;
}
const nodes = (s: Snapshot): ManagedNode[] => read(s.data.ssm!.managedNodes);
const instances = (s: Snapshot): Instance[] => read(s.data.ec2!.instances);

/** ssm_ec2_instances_managed: instances that look managed and are not, and the reverse. */
export const CASES: AdversarialCase[] = [
  {
    check: 'ssm_ec2_instances_managed',
    name: 'the instance is listed by Systems Manager, so it looks managed, but its agent lost the connection weeks ago',
    source: `${SOURCE}; a node stays listed after its agent stops reporting, with PingStatus ConnectionLost`,
    mutate: (s) => {
      Object.assign(nodes(s)[0]!, { pingStatus: 'ConnectionLost', lastPing: '2026-04-20T08:00:00.000Z' });
    },
    expect: 'fail',
    resource: 'instance/i-0web',
  },
  {
    check: 'ssm_ec2_instances_managed',
    name: 'every managed node is Online, but one is a hybrid node (mi-…) and a newly launched instance is not among them',
    source: SOURCE,
    mutate: (s) => {
      instances(s).push({ id: 'i-0new', arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0new`, state: 'running' });
    },
    expect: 'fail',
    resource: 'instance/i-0new',
  },
  {
    check: 'ssm_ec2_instances_managed',
    name: 'a stopped instance whose agent shows ConnectionLost is not failed (it cannot report), nor passed',
    source: `${SOURCE}; SSM Agent stops reporting when the instance stops`,
    mutate: () => undefined,
    expect: 'not_applicable',
    resource: 'instance/i-0batch',
  },
  {
    check: 'ssm_ec2_instances_managed',
    name: 'instances listed but DescribeInstanceInformation denied: unknown, never managed',
    source: SOURCE,
    mutate: (s) => {
      s.data.ssm!.managedNodes = {
        ok: false,
        error: { call: 'ssm:DescribeInstanceInformation', kind: 'denied', code: 'AccessDeniedException', message: 'not authorized' },
      };
    },
    expect: 'error',
  },
];
