import { anyTarget, type ApiCall, type Remediation, type RemediationContext } from '../types.js';

async function state(ctx: RemediationContext): Promise<{ detectorId?: string; enabled: boolean }> {
  const { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } = await import('@aws-sdk/client-guardduty');
  const gd = ctx.aws.get(GuardDutyClient, ctx.region);
  const list = await gd.send(new ListDetectorsCommand({}));
  const detectorId = list.DetectorIds?.[0];
  if (!detectorId) return { enabled: false };
  const detector = await gd.send(new GetDetectorCommand({ DetectorId: detectorId }));
  return { detectorId, enabled: detector.Status === 'ENABLED' };
}

function callsFor(s: { detectorId?: string; enabled: boolean }): ApiCall[] {
  if (s.enabled) return [];
  return s.detectorId
    ? [{ action: 'guardduty:UpdateDetector', params: { DetectorId: s.detectorId, Enable: true } }]
    : [{ action: 'guardduty:CreateDetector', params: { Enable: true } }];
}

export const guarddutyEnable: Remediation = {
  id: 'guardduty-enable',
  fixes: ['guardduty_enabled'],
  title: 'Turn on GuardDuty',
  changes: 'Turns on GuardDuty threat detection in this region (billed per analysed event; 30-day free trial for new accounts).',
  risk: 'low',
  permissions: ['guardduty:ListDetectors', 'guardduty:GetDetector', 'guardduty:CreateDetector', 'guardduty:UpdateDetector', 'iam:CreateServiceLinkedRole'],
  target: 'region',
  validate: anyTarget,
  async plan(ctx) {
    const s = await state(ctx);
    return {
      compliant: s.enabled,
      current: s.enabled
        ? `GuardDuty is on in ${ctx.region}.`
        : s.detectorId
          ? `GuardDuty detector ${s.detectorId} in ${ctx.region} is suspended.`
          : `GuardDuty has no detector in ${ctx.region}.`,
      calls: callsFor(s),
    };
  },
  async apply(ctx) {
    const { CreateDetectorCommand, GuardDutyClient, UpdateDetectorCommand } = await import('@aws-sdk/client-guardduty');
    const s = await state(ctx);
    if (s.enabled) return { outcome: 'already-compliant', summary: `GuardDuty was already on in ${ctx.region}.`, calls: [] };
    const gd = ctx.aws.get(GuardDutyClient, ctx.region);
    let detectorId = s.detectorId;
    if (detectorId) await gd.send(new UpdateDetectorCommand({ DetectorId: detectorId, Enable: true }));
    else detectorId = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId;
    return {
      outcome: 'changed',
      summary: `GuardDuty is now on in ${ctx.region} (detector ${detectorId ?? 'created'}).`,
      calls: callsFor(s),
      previous: { detectorId: s.detectorId ?? null, enabled: false },
    };
  },
};
