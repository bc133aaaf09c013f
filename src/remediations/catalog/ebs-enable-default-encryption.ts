import { anyTarget, type Remediation } from '../types.js';

export const ebsEnableDefaultEncryption: Remediation = {
  id: 'ebs-enable-default-encryption',
  fixes: ['ebs_default_encryption'],
  title: 'Turn on EBS encryption by default',
  changes: 'New EBS volumes and snapshot copies in this region are encrypted with the default EBS KMS key; existing volumes are not touched.',
  risk: 'low',
  permissions: ['ec2:GetEbsEncryptionByDefault', 'ec2:EnableEbsEncryptionByDefault'],
  target: 'region',
  validate: anyTarget,
  async plan(ctx) {
    const { EC2Client, GetEbsEncryptionByDefaultCommand } = await import('@aws-sdk/client-ec2');
    const res = await ctx.aws.get(EC2Client, ctx.region).send(new GetEbsEncryptionByDefaultCommand({}));
    const on = res.EbsEncryptionByDefault === true;
    return {
      compliant: on,
      current: `EBS encryption by default is ${on ? 'on' : 'off'} in ${ctx.region}.`,
      calls: on ? [] : [{ action: 'ec2:EnableEbsEncryptionByDefault', params: { region: ctx.region } }],
    };
  },
  async apply(ctx) {
    const { EC2Client, EnableEbsEncryptionByDefaultCommand } = await import('@aws-sdk/client-ec2');
    const plan = await this.plan(ctx, {});
    if (plan.compliant) return { outcome: 'already-compliant', summary: `EBS encryption by default was already on in ${ctx.region}.`, calls: [] };
    await ctx.aws.get(EC2Client, ctx.region).send(new EnableEbsEncryptionByDefaultCommand({}));
    return {
      outcome: 'changed',
      summary: `EBS encryption by default is now on in ${ctx.region}.`,
      calls: plan.calls,
      previous: { EbsEncryptionByDefault: false },
    };
  },
};
