import { needsResource, type Remediation } from '../types.js';

export const cloudtrailEnableLogValidation: Remediation = {
  id: 'cloudtrail-enable-log-validation',
  fixes: ['cloudtrail_log_file_validation'],
  title: 'Turn on CloudTrail log file validation',
  changes: "CloudTrail writes signed digest files next to this trail's logs so any edit or deletion of a log file can be detected.",
  risk: 'low',
  permissions: ['cloudtrail:GetTrail', 'cloudtrail:UpdateTrail'],
  target: 'resource',
  validate: needsResource('trail name or ARN'),
  async plan(ctx, target) {
    const { CloudTrailClient, GetTrailCommand } = await import('@aws-sdk/client-cloudtrail');
    const Name = target.resource!;
    const res = await ctx.aws.get(CloudTrailClient, ctx.region).send(new GetTrailCommand({ Name }));
    const on = res.Trail?.LogFileValidationEnabled === true;
    return {
      compliant: on,
      current: `Log file validation of trail ${Name} is ${on ? 'on' : 'off'}.`,
      calls: on ? [] : [{ action: 'cloudtrail:UpdateTrail', params: { Name, EnableLogFileValidation: true } }],
    };
  },
  async apply(ctx, target) {
    const { CloudTrailClient, UpdateTrailCommand } = await import('@aws-sdk/client-cloudtrail');
    const plan = await this.plan(ctx, target);
    if (plan.compliant) return { outcome: 'already-compliant', summary: `Log file validation of trail ${target.resource} was already on.`, calls: [] };
    await ctx.aws.get(CloudTrailClient, ctx.region).send(new UpdateTrailCommand({ Name: target.resource!, EnableLogFileValidation: true }));
    return {
      outcome: 'changed',
      summary: `Log file validation of trail ${target.resource} is now on.`,
      calls: plan.calls,
      previous: { LogFileValidationEnabled: false },
    };
  },
};
