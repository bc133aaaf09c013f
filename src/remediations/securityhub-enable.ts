import { DescribeHubCommand, EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { isCode } from './aws-errors.js';
import { anyTarget, type Remediation, type RemediationContext } from './types.js';

async function enabled(ctx: RemediationContext): Promise<boolean> {
  try {
    await ctx.aws.get(SecurityHubClient, ctx.region).send(new DescribeHubCommand({}));
    return true;
  } catch (error) {
    // "Account … is not subscribed to AWS Security Hub"
    if (isCode(error, 'InvalidAccessException', 'ResourceNotFoundException')) return false;
    throw error;
  }
}

const CALL = { action: 'securityhub:EnableSecurityHub', params: { EnableDefaultStandards: true } };

export const securityhubEnable: Remediation = {
  id: 'securityhub-enable',
  title: 'Turn on Security Hub',
  changes: 'Turns on Security Hub in this region with its default standards, so findings from GuardDuty, Macie and Inspector are gathered in one place.',
  risk: 'low',
  permissions: ['securityhub:DescribeHub', 'securityhub:EnableSecurityHub', 'iam:CreateServiceLinkedRole'],
  target: 'region',
  validate: anyTarget,
  async plan(ctx) {
    const on = await enabled(ctx);
    return { compliant: on, current: `Security Hub is ${on ? 'on' : 'not enabled'} in ${ctx.region}.`, calls: on ? [] : [CALL] };
  },
  async apply(ctx) {
    if (await enabled(ctx)) return { outcome: 'already-compliant', summary: `Security Hub was already on in ${ctx.region}.`, calls: [] };
    await ctx.aws.get(SecurityHubClient, ctx.region).send(new EnableSecurityHubCommand({ EnableDefaultStandards: true }));
    return { outcome: 'changed', summary: `Security Hub is now on in ${ctx.region}.`, calls: [CALL], previous: { enabled: false } };
  },
};
