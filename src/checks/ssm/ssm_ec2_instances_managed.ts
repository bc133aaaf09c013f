import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * Every running EC2 instance of the region is a Systems Manager managed node whose SSM Agent is online
 * (DescribeInstanceInformation `PingStatus` `Online`). An instance that is not running (pending, stopping,
 * stopped, shutting down) is not applicable: its agent cannot report, and it is judged again once it runs
 * (Prowler passes such instances; here they never pass). `ConnectionLost` and `Inactive` fail.
 */
export const ssm_ec2_instances_managed = defineCheck({
  id: 'ssm_ec2_instances_managed',
  title: 'EC2 instances are managed by Systems Manager',
  demands: 'Every running EC2 instance is a Systems Manager managed node whose SSM Agent is online (PingStatus Online); stopped instances are not judged.',
  actionItem: 11,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['ec2', 'ssm'],
  permissions: ['ec2:DescribeInstances', 'ssm:DescribeInstanceInformation'],
  rationale:
    'An instance Systems Manager does not manage is outside central patching, inventory and session logging, so a vulnerable host that processes personal data can go unnoticed (Art. 32(1)(b), (d)).',
  evaluate(s) {
    const resource = regionResource(s);
    const where = `in ${s.region} (account ${s.accountId})`;
    return withData(s, 'ec2', resource, (ec2) =>
      withData(s, 'ssm', resource, (ssm) =>
        fromRead(ec2.instances, resource, (instances) => {
          if (instances.length === 0) return [notApplicable(resource, `No EC2 instances ${where}.`)];
          return fromRead(ssm.managedNodes, resource, (nodes) => {
            const byId = new Map(nodes.map((n) => [n.id, n]));
            return instances.map((i): Finding => {
              if (i.state !== 'running')
                return notApplicable(
                  i.arn,
                  `EC2 instance ${i.id} ${where} is ${i.state}: its SSM Agent reports only while it runs, so it is judged when it runs again.`,
                );
              const node = byId.get(i.id);
              if (!node) {
                return fail(
                  i.arn,
                  `EC2 instance ${i.id} ${where} is running but is not managed by Systems Manager: install SSM Agent and give the instance a profile with AmazonSSMManagedInstanceCore (or turn on Default Host Management Configuration), with a network path to the SSM endpoints.`,
                );
              }
              if (node.pingStatus === 'Online') return pass(i.arn, `EC2 instance ${i.id} ${where} is managed by Systems Manager and its SSM Agent is online.`);
              const since = node.lastPing ? ` (last ping ${node.lastPing})` : '';
              return fail(
                i.arn,
                `EC2 instance ${i.id} ${where} is running, but its SSM Agent is ${node.pingStatus || 'of unknown status'}${since}: Systems Manager cannot reach it; check the agent, the instance profile and the route to the SSM endpoints.`,
              );
            });
          });
        }),
      ),
    );
  },
});
