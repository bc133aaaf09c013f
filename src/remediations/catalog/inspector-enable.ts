import type { ResourceScanType } from '@aws-sdk/client-inspector2';
import { anyTarget, type Remediation, type RemediationContext } from '../types.js';

/** What this fix turns on: EC2, ECR and Lambda scanning. */
const WANTED = [
  ['EC2', 'ec2'],
  ['ECR', 'ecr'],
  ['LAMBDA', 'lambda'],
] as const satisfies readonly (readonly [ResourceScanType, string])[];

async function missing(ctx: RemediationContext): Promise<ResourceScanType[]> {
  const { BatchGetAccountStatusCommand, Inspector2Client } = await import('@aws-sdk/client-inspector2');
  const res = await ctx.aws.get(Inspector2Client, ctx.region).send(new BatchGetAccountStatusCommand({}));
  const account = res.accounts?.[0];
  const on = (s: { status?: string } | undefined) => s?.status === 'ENABLED' || s?.status === 'ENABLING';
  return WANTED.filter(([, key]) => !on(account?.resourceState?.[key])).map(([type]) => type);
}

export const inspectorEnable: Remediation = {
  id: 'inspector-enable',
  fixes: ['inspector_enabled'],
  title: 'Turn on Amazon Inspector',
  changes: 'Turns on Inspector vulnerability scanning of EC2 instances, ECR images and Lambda functions in this region (billed per resource scanned).',
  risk: 'low',
  permissions: ['inspector2:BatchGetAccountStatus', 'inspector2:Enable', 'iam:CreateServiceLinkedRole'],
  target: 'region',
  validate: anyTarget,
  async plan(ctx) {
    const off = await missing(ctx);
    return {
      compliant: off.length === 0,
      current: off.length === 0 ? `Inspector scans EC2, ECR and Lambda in ${ctx.region}.` : `Inspector is not scanning ${off.join(', ')} in ${ctx.region}.`,
      calls: off.length === 0 ? [] : [{ action: 'inspector2:Enable', params: { resourceTypes: off } }],
    };
  },
  async apply(ctx) {
    const { EnableCommand, Inspector2Client } = await import('@aws-sdk/client-inspector2');
    const off = await missing(ctx);
    if (off.length === 0) return { outcome: 'already-compliant', summary: `Inspector was already on in ${ctx.region}.`, calls: [] };
    await ctx.aws.get(Inspector2Client, ctx.region).send(new EnableCommand({ resourceTypes: off }));
    return {
      outcome: 'changed',
      summary: `Inspector now scans ${off.join(', ')} in ${ctx.region}.`,
      calls: [{ action: 'inspector2:Enable', params: { resourceTypes: off } }],
      previous: { notScanning: off },
    };
  },
};
