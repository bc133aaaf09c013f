import { inspectInstance, type InstanceState } from './ec2-isolate-instance.js';
import { nameFromArn } from '../shared.js';
import { z } from 'zod';
import {
  commonTargetSchema,
  withTargetSchema,
  type ApiCall,
  type PreviousRequest,
  type Remediation,
  type RemediationContext,
  type RemediationTarget,
} from '../types.js';

/** The fix whose recorded groups this one puts back. */
export const ISOLATION_REMEDIATION = 'ec2-isolate-instance';

const ENI_ID = /^eni-[0-9a-f]{1,32}$/;
const SG_ID = /^sg-[0-9a-f]{1,32}$/;
/** More network interfaces than any instance type can have attached. */
const MAX_INTERFACES = 64;
/** AWS allows at most 16 security groups per network interface. */
const MAX_GROUPS = 16;
/** Group ids per `group-id` filter of one DescribeSecurityGroups call. */
const FILTER_CHUNK = 100;

/** The target of a restore: the isolated instance (`resource`) and the groups to put back. */
const restoreTargetSchema = commonTargetSchema.extend({
  /**
   * The security groups to put back, per network interface (ENI id → security group ids). Always copied
   * from the succeeded isolation request's recorded `result.previous.securityGroups`, never from anything
   * a person typed or a button carried.
   */
  restoreSecurityGroups: z.record(z.string(), z.array(z.string())),
});
type RestoreTarget = z.infer<typeof restoreTargetSchema>;

/**
 * Why `groups` is not a valid set of security groups to restore (ENI id → 1–16 SG ids, at most
 * {@link MAX_INTERFACES} interfaces), or undefined when it is.
 */
export function invalidRestoreGroups(groups: unknown): string | undefined {
  if (groups === undefined) return 'this fix needs the security groups to restore (from a succeeded isolation request)';
  if (typeof groups !== 'object' || groups === null || Array.isArray(groups))
    return 'the security groups to restore are not a map of network interfaces to groups';
  const entries = Object.entries(groups as Record<string, unknown>);
  if (entries.length === 0) return 'the security groups to restore name no network interface';
  if (entries.length > MAX_INTERFACES) return `the security groups to restore name ${entries.length} network interfaces (at most ${MAX_INTERFACES})`;
  for (const [eni, ids] of entries) {
    if (!ENI_ID.test(eni)) return `${JSON.stringify(eni.slice(0, 40))} is not a network interface id (eni-…)`;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_GROUPS) return `${eni} must have between 1 and ${MAX_GROUPS} security groups to restore`;
    for (const id of ids as unknown[]) {
      if (typeof id !== 'string' || !SG_ID.test(id)) return `${JSON.stringify(String(id).slice(0, 40))} (for ${eni}) is not a security group id (sg-…)`;
    }
    if (new Set(ids).size !== ids.length) return `${eni} names a security group twice`;
  }
  return undefined;
}

function validate(target: RemediationTarget): string | undefined {
  if (!target.resource) return 'this fix needs the EC2 instance id';
  return invalidRestoreGroups(target.restoreSecurityGroups);
}

/**
 * The target that restores what a succeeded isolation request recorded: the same instance, region,
 * account and role, and the groups from its `result.previous.securityGroups`. A sentence saying why
 * not for anything else (another fix, an isolation that did not succeed, nothing recorded).
 */
export function restoreTargetFor(isolation: PreviousRequest): { target: RemediationTarget } | { error: string } {
  if (isolation.remediation !== ISOLATION_REMEDIATION)
    return { error: `request ${isolation.id} did not isolate an EC2 instance, so there is nothing to restore` };
  if (isolation.status !== 'succeeded') return { error: `request ${isolation.id} did not succeed (it is ${isolation.status}), so there is nothing to restore` };
  const recorded = (isolation.result?.previous as { securityGroups?: unknown } | undefined)?.securityGroups;
  if (recorded === undefined || invalidRestoreGroups(recorded) || !isolation.target.resource) {
    return { error: `request ${isolation.id} recorded no security groups to restore (the instance may already have been isolated before it)` };
  }
  const { accountId, roleArn, region, resource } = isolation.target;
  return {
    target: {
      ...(accountId ? { accountId } : {}),
      ...(roleArn ? { roleArn } : {}),
      ...(region ? { region } : {}),
      resource,
      restoreSecurityGroups: structuredClone(recorded as Record<string, string[]>),
    },
  };
}

/** What happens to one recorded network interface. */
type Step =
  | { eni: string; kind: 'restore'; to: string[] }
  | { eni: string; kind: 'done'; to: string[] }
  | { eni: string; kind: 'changed'; to: string[]; now: string[] }
  | { eni: string; kind: 'detached' };

/** The same groups, in any order. */
function sameGroups(a: string[], b: string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((id, i) => id === y[i]);
}

/**
 * Per recorded interface: still attached and only in the isolation group → restore; already in
 * exactly its recorded groups → done; in other groups (changed since the isolation) → left alone;
 * not attached any more → skipped.
 */
function stepsFor(s: InstanceState, recorded: Record<string, string[]>): Step[] {
  return Object.entries(recorded).map(([eni, to]): Step => {
    const attached = s.interfaces.find((n) => n.id === eni);
    if (!attached) return { eni, kind: 'detached' };
    if (sameGroups(attached.groups, to)) return { eni, kind: 'done', to };
    if (s.isolationGroupId !== undefined && attached.groups.length === 1 && attached.groups[0] === s.isolationGroupId) return { eni, kind: 'restore', to };
    return { eni, kind: 'changed', to, now: attached.groups };
  });
}

/** Refuses (throws) when a group to restore no longer exists in the instance's VPC: a partial set of groups is never restored. */
async function assertGroupsExist(ctx: RemediationContext, s: InstanceState, steps: Step[]): Promise<void> {
  const { DescribeSecurityGroupsCommand, EC2Client } = await import('@aws-sdk/client-ec2');
  const wanted = [...new Set(steps.flatMap((step) => (step.kind === 'restore' ? step.to : [])))];
  if (wanted.length === 0) return;
  const ec2 = ctx.aws.get(EC2Client, ctx.region);
  const found = new Set<string>();
  for (let i = 0; i < wanted.length; i += FILTER_CHUNK) {
    let NextToken: string | undefined;
    do {
      const res = await ec2.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            { Name: 'group-id', Values: wanted.slice(i, i + FILTER_CHUNK) },
            { Name: 'vpc-id', Values: [s.vpcId] },
          ],
          NextToken,
        }),
      );
      for (const g of res.SecurityGroups ?? []) if (g.GroupId) found.add(g.GroupId);
      NextToken = res.NextToken;
    } while (NextToken);
  }
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new Error(
      `security group${missing.length > 1 ? 's' : ''} ${missing.join(', ')} recorded for instance ${s.instanceId} no longer exist${missing.length > 1 ? '' : 's'} in ${s.vpcId}; ` +
        'nothing is restored rather than a partial set of groups: put the groups back by hand, or recreate the missing ones first',
    );
  }
}

function callsFor(steps: Step[]): ApiCall[] {
  return steps.flatMap((step) =>
    step.kind === 'restore' ? [{ action: 'ec2:ModifyNetworkInterfaceAttribute', params: { NetworkInterfaceId: step.eni, Groups: step.to } }] : [],
  );
}

function describeStep(step: Step, isolationGroupId: string | undefined): string {
  switch (step.kind) {
    case 'restore':
      return `${step.eni} is isolated (${isolationGroupId ?? 'isolation group'}); recorded groups: ${step.to.join(', ')}`;
    case 'done':
      return `${step.eni} has its recorded groups (${step.to.join(', ')})`;
    case 'changed':
      return `${step.eni} is in ${step.now.join(', ') || 'no groups'}, not only the isolation group: changed since the isolation, left alone (recorded groups: ${step.to.join(', ')})`;
    case 'detached':
      return `${step.eni} is no longer attached to the instance: skipped`;
  }
}

function notesFor(steps: Step[]): string[] {
  const notes: string[] = [];
  const changed = steps.filter((step) => step.kind === 'changed');
  const detached = steps.filter((step) => step.kind === 'detached');
  if (changed.length > 0) notes.push(`Left alone (changed by someone since the isolation): ${changed.map((step) => step.eni).join(', ')}.`);
  if (detached.length > 0) notes.push(`Skipped (no longer attached to the instance): ${detached.map((step) => step.eni).join(', ')}.`);
  return notes;
}

async function inspectSteps(ctx: RemediationContext, target: RestoreTarget): Promise<{ s: InstanceState; steps: Step[] }> {
  const invalid = validate(target);
  if (invalid) throw new Error(invalid);
  const s = await inspectInstance(ctx, nameFromArn(target.resource!));
  const steps = stepsFor(s, target.restoreSecurityGroups);
  await assertGroupsExist(ctx, s, steps);
  return { s, steps };
}

export const ec2RestoreInstance: Remediation = withTargetSchema<RestoreTarget>(restoreTargetSchema, {
  id: 'ec2-restore-instance',
  fixes: [],
  // Follows a succeeded ec2-isolate-instance request (its followUps), with the groups that request recorded.
  targetFromRequest: restoreTargetFor,
  title: 'Restore the network access of an isolated EC2 instance',
  changes:
    'Puts back the security groups recorded when this instance was isolated because of a finding, re-opening its network access in and out, on every network interface that is still only in the isolation group.',
  risk: 'high',
  permissions: ['ec2:DescribeInstances', 'ec2:DescribeSecurityGroups', 'ec2:ModifyNetworkInterfaceAttribute'],
  target: 'resource',
  validate,
  verifyWith: 'plan',
  async plan(ctx, target) {
    const { s, steps } = await inspectSteps(ctx, target);
    const calls = callsFor(steps);
    // Nothing left to restore: every attached recorded interface has its groups back or was changed by someone (and is left alone).
    const compliant = calls.length === 0;
    const attached = steps.filter((step) => step.kind !== 'detached');
    const current =
      attached.length === 0
        ? `None of the recorded network interfaces of instance ${s.instanceId} is attached any more; there is nothing to restore.`
        : `Instance ${s.instanceId}: ${steps.map((step) => describeStep(step, s.isolationGroupId)).join('; ')}.`;
    const notes = notesFor(steps);
    if (!compliant)
      notes.push('The instance can reach and be reached by the network again as its recorded groups allow, including from whatever the finding was about.');
    return { compliant, current, calls, ...(notes.length > 0 ? { notes } : {}) };
  },
  async apply(ctx, target) {
    const { EC2Client, ModifyNetworkInterfaceAttributeCommand } = await import('@aws-sdk/client-ec2');
    const { s, steps } = await inspectSteps(ctx, target);
    const calls = callsFor(steps);
    const skipped = notesFor(steps).join(' ');
    if (calls.length === 0) {
      return { outcome: 'already-compliant', summary: `Instance ${s.instanceId} had nothing left to restore.${skipped ? ` ${skipped}` : ''}`, calls: [] };
    }
    const ec2 = ctx.aws.get(EC2Client, ctx.region);
    const restored: string[] = [];
    for (const step of steps) {
      if (step.kind !== 'restore') continue;
      await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: step.eni, Groups: step.to }));
      restored.push(step.eni);
    }
    return {
      outcome: 'changed',
      summary: `Instance ${s.instanceId} has its recorded security groups back on ${restored.join(', ')}.${skipped ? ` ${skipped}` : ''}`,
      calls,
      // The other direction, for the audit log: the group each interface was in before the restore.
      previous: { securityGroups: Object.fromEntries(restored.map((eni) => [eni, [s.isolationGroupId!]])) },
    };
  },
});
