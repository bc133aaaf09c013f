import type { FlowLog } from '../../aws/collectors/ec2.js';
import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** A flow log that records: active, and its delivery has not failed. */
function healthy(f: FlowLog): boolean {
  return f.status === 'ACTIVE' && f.deliverStatus !== 'FAILED';
}

/** Whether healthy flow logs, together, capture both accepted and rejected traffic. */
function capturesAll(logs: FlowLog[]): boolean {
  const types = new Set(logs.filter(healthy).flatMap((f) => (f.trafficType === 'ALL' ? ['ACCEPT', 'REJECT'] : [f.trafficType])));
  return types.has('ACCEPT') && types.has('REJECT');
}

/** Why the VPC-level flow logs do not cover a VPC, in one phrase. */
function vpcLevelGap(logs: FlowLog[]): string {
  if (logs.length === 0) return 'no flow log on the VPC';
  const failing = logs.filter((f) => f.status === 'ACTIVE' && f.deliverStatus === 'FAILED');
  const live = logs.filter(healthy);
  if (live.length === 0 && failing.length > 0)
    return `flow log(s) ${failing.map((f) => `${f.id} (${f.deliverError ?? 'delivery FAILED'})`).join(', ')} fail to deliver`;
  if (live.length === 0) return `flow log(s) ${logs.map((f) => `${f.id} (${f.status || 'no status'})`).join(', ')} are not active`;
  const types = [...new Set(live.map((f) => f.trafficType))].join('+');
  return `its flow log(s) capture only ${types} traffic, not both accepted and rejected connections`;
}

/**
 * Every VPC of the account records all its traffic (accepted and rejected) in flow logs that are
 * active and delivering: through a VPC-level flow log, or flow logs on every one of its subnets.
 */
export const vpc_flow_logs_enabled = defineCheck({
  id: 'vpc_flow_logs_enabled',
  title: 'VPC flow logs are enabled',
  demands:
    'Every VPC the account owns records accepted and rejected traffic, through a VPC flow log or on every subnet, ACTIVE and delivering; shared VPCs are not applicable.',
  actionItem: 9,
  gdpr: ['Art. 30', 'Art. 33'],
  severity: 'medium',
  scope: 'region',
  needs: ['ec2'],
  permissions: ['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeFlowLogs'],
  rationale: 'Flow logs show which systems talked to which; without them the scope of a breach cannot be established.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'ec2', resource, (ec2) =>
      fromRead(ec2.vpcs, resource, (vpcs) => {
        if (vpcs.length === 0) return [notApplicable(resource, `No VPCs in ${s.region} (account ${s.accountId}).`)];
        if (!ec2.flowLogs.ok) return [errorFinding(resource, ec2.flowLogs.error)];
        const flowLogs = ec2.flowLogs.value;
        const subnetLogsExist = flowLogs.some((f) => f.resourceId.startsWith('subnet-'));
        const byResource = new Map<string, FlowLog[]>();
        for (const f of flowLogs) byResource.set(f.resourceId, [...(byResource.get(f.resourceId) ?? []), f]);
        return vpcs.map((v): Finding => {
          if (v.ownerId !== s.accountId) {
            return notApplicable(
              v.arn,
              `VPC ${v.id} is shared with account ${s.accountId} by its owner ${v.ownerId}; only the owner can see and create its flow logs (judged in account ${v.ownerId}).`,
            );
          }
          const vpcLogs = byResource.get(v.id) ?? [];
          if (capturesAll(vpcLogs)) return pass(v.arn, `VPC ${v.id} has an active, delivering flow log capturing all traffic.`);
          const gap = vpcLevelGap(vpcLogs);
          if (!subnetLogsExist) return fail(v.arn, `VPC ${v.id} in ${s.region} does not log all its traffic: ${gap}.`);
          if (!ec2.subnets)
            return {
              status: CheckStatus.Error,
              resource: v.arn,
              message: `Could not check VPC ${v.id}: its subnets were not read (ec2:DescribeSubnets), so subnet flow logs cannot be matched to it.`,
            };
          if (!ec2.subnets.ok) return errorFinding(v.arn, ec2.subnets.error);
          const subnets = ec2.subnets.value.filter((n) => n.vpcId === v.id);
          const uncovered = subnets.filter((n) => !capturesAll([...vpcLogs, ...(byResource.get(n.id) ?? [])]));
          if (subnets.length > 0 && uncovered.length === 0)
            return pass(v.arn, `VPC ${v.id}: every one of its ${subnets.length} subnet(s) has active, delivering flow logs capturing all traffic.`);
          const names = uncovered
            .slice(0, 5)
            .map((n) => n.id)
            .join(', ');
          return fail(
            v.arn,
            `VPC ${v.id} in ${s.region} does not log all its traffic: ${gap}, and ${uncovered.length} of its ${subnets.length} subnet(s) (${names || 'none'}${uncovered.length > 5 ? ', …' : ''}) are not covered by subnet flow logs.`,
          );
        });
      }),
    );
  },
});
