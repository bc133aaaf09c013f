import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every VPC has an active flow log. */
export const vpc_flow_logs_enabled = defineCheck({
  id: 'vpc_flow_logs_enabled',
  title: 'VPC flow logs are enabled',
  actionItem: 9,
  gdpr: ['Art. 30', 'Art. 33'],
  severity: 'medium',
  scope: 'region',
  needs: ['ec2'],
  permissions: ['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs'],
  rationale: 'Flow logs show which systems talked to which; without them the scope of a breach cannot be established.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'ec2', resource, (ec2) =>
      fromRead(ec2.vpcs, resource, (vpcs) => {
        if (vpcs.length === 0) return [notApplicable(resource, `No VPCs in ${s.region} (account ${s.accountId}).`)];
        if (!ec2.flowLogs.ok) return [errorFinding(resource, ec2.flowLogs.error)];
        const logged = new Set(ec2.flowLogs.value.filter((f) => f.status === 'ACTIVE').map((f) => f.resourceId));
        return vpcs.map((v) => (logged.has(v.id) ? pass(v.arn, `VPC ${v.id} has an active flow log.`) : fail(v.arn, `VPC ${v.id} in ${s.region} has no active flow log.`)));
      }),
    );
  },
});
