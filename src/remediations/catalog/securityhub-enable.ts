import { isCode } from '../aws-errors.js';
import { anyTarget, type Remediation, type RemediationContext } from '../types.js';

/** Where Security Hub stands in the region: off, on without a working standard, or on with one (READY) or being enabled (PENDING). */
type HubState = { hub: false } | { hub: true; ready: string[]; pending: string[] };

async function hubState(ctx: RemediationContext): Promise<HubState> {
  const { DescribeHubCommand, paginateGetEnabledStandards, SecurityHubClient } = await import('@aws-sdk/client-securityhub');
  const client = ctx.aws.get(SecurityHubClient, ctx.region);
  try {
    await client.send(new DescribeHubCommand({}));
  } catch (error) {
    // "Account … is not subscribed to AWS Security Hub"
    if (isCode(error, 'InvalidAccessException', 'ResourceNotFoundException')) return { hub: false };
    throw error;
  }
  const ready: string[] = [];
  const pending: string[] = [];
  for await (const page of paginateGetEnabledStandards({ client }, {})) {
    for (const s of page.StandardsSubscriptions ?? []) {
      if (s.StandardsStatus === 'READY') ready.push(s.StandardsArn ?? '');
      else if (s.StandardsStatus === 'PENDING') pending.push(s.StandardsArn ?? '');
    }
  }
  return { hub: true, ready, pending };
}

/** AWS Foundational Security Best Practices, the standard Security Hub enables by default. */
function defaultStandard(ctx: RemediationContext): string {
  const partition = ctx.region.startsWith('cn-') ? 'aws-cn' : ctx.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:securityhub:${ctx.region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
}

const ENABLE = { action: 'securityhub:EnableSecurityHub', params: { EnableDefaultStandards: true } };
const standardCall = (arn: string) => ({ action: 'securityhub:BatchEnableStandards', params: { StandardsSubscriptionRequests: [{ StandardsArn: arn }] } });

/**
 * Turns Security Hub on with its default standards, or, on a hub that has no standard in force (the
 * check `securityhub_enabled` fails such a hub: it produces no controls), enables AWS Foundational
 * Security Best Practices. A standard still being enabled (PENDING) is left to finish.
 */
export const securityhubEnable: Remediation = {
  id: 'securityhub-enable',
  fixes: ['securityhub_enabled'],
  title: 'Turn on Security Hub',
  changes:
    'Turns on Security Hub in this region with its default standards (or, when it is on with no standard in force, enables AWS Foundational Security Best Practices), so findings from GuardDuty, Macie and Inspector are gathered and checked in one place.',
  risk: 'low',
  permissions: [
    'securityhub:DescribeHub',
    'securityhub:GetEnabledStandards',
    'securityhub:EnableSecurityHub',
    'securityhub:BatchEnableStandards',
    'iam:CreateServiceLinkedRole',
  ],
  target: 'region',
  validate: anyTarget,
  async plan(ctx) {
    const state = await hubState(ctx);
    if (!state.hub) return { compliant: false, current: `Security Hub is not enabled in ${ctx.region}.`, calls: [ENABLE] };
    if (state.ready.length > 0)
      return { compliant: true, current: `Security Hub is on in ${ctx.region} with ${state.ready.length} standard(s) in force.`, calls: [] };
    if (state.pending.length > 0) {
      return {
        compliant: false,
        current: `Security Hub is on in ${ctx.region}; ${state.pending.length} standard(s) are still being enabled (PENDING), nothing to do but wait.`,
        calls: [],
      };
    }
    return {
      compliant: false,
      current: `Security Hub is on in ${ctx.region} but no standard is in force, so it checks nothing.`,
      calls: [standardCall(defaultStandard(ctx))],
    };
  },
  async apply(ctx) {
    const { BatchEnableStandardsCommand, EnableSecurityHubCommand, SecurityHubClient } = await import('@aws-sdk/client-securityhub');
    const state = await hubState(ctx);
    const client = ctx.aws.get(SecurityHubClient, ctx.region);
    if (!state.hub) {
      await client.send(new EnableSecurityHubCommand({ EnableDefaultStandards: true }));
      return {
        outcome: 'changed',
        summary: `Security Hub is now on in ${ctx.region} with its default standards.`,
        calls: [ENABLE],
        previous: { enabled: false },
      };
    }
    if (state.ready.length > 0 || state.pending.length > 0) {
      return {
        outcome: 'already-compliant',
        summary: `Security Hub was already on in ${ctx.region} with a standard ${state.ready.length > 0 ? 'in force' : 'being enabled'}.`,
        calls: [],
      };
    }
    const arn = defaultStandard(ctx);
    await client.send(new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: arn }] }));
    return {
      outcome: 'changed',
      summary: `Security Hub in ${ctx.region} now runs AWS Foundational Security Best Practices (it had no standard in force).`,
      calls: [standardCall(arn)],
      previous: { enabled: true, standards: [] },
    };
  },
};
