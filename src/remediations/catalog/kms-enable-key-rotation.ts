import { needsResource, type Remediation } from '../types.js';

export const kmsEnableKeyRotation: Remediation = {
  id: 'kms-enable-key-rotation',
  fixes: ['kms_customer_keys_rotation'],
  title: 'Turn on automatic KMS key rotation',
  changes: 'KMS rotates the key material of this customer managed key every year; data encrypted earlier stays readable.',
  risk: 'low',
  permissions: ['kms:GetKeyRotationStatus', 'kms:EnableKeyRotation'],
  target: 'resource',
  validate: needsResource('KMS key id or ARN'),
  async plan(ctx, target) {
    const { GetKeyRotationStatusCommand, KMSClient } = await import('@aws-sdk/client-kms');
    const KeyId = target.resource!;
    const res = await ctx.aws.get(KMSClient, ctx.region).send(new GetKeyRotationStatusCommand({ KeyId }));
    const on = res.KeyRotationEnabled === true;
    return {
      compliant: on,
      current: `Automatic rotation of key ${KeyId} is ${on ? 'on' : 'off'}.`,
      calls: on ? [] : [{ action: 'kms:EnableKeyRotation', params: { KeyId } }],
    };
  },
  async apply(ctx, target) {
    const { EnableKeyRotationCommand, KMSClient } = await import('@aws-sdk/client-kms');
    const plan = await this.plan(ctx, target);
    if (plan.compliant) return { outcome: 'already-compliant', summary: `Rotation of key ${target.resource} was already on.`, calls: [] };
    await ctx.aws.get(KMSClient, ctx.region).send(new EnableKeyRotationCommand({ KeyId: target.resource! }));
    return {
      outcome: 'changed',
      summary: `Automatic rotation of key ${target.resource} is now on.`,
      calls: plan.calls,
      previous: { KeyRotationEnabled: false },
    };
  },
};
