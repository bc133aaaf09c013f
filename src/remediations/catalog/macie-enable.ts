import { errorCode } from '../aws-errors.js';
import { anyTarget, type ApiCall, type Remediation, type RemediationContext } from '../types.js';

type MacieState = 'ENABLED' | 'PAUSED' | 'ABSENT';

/** Macie answers GetMacieSession with AccessDeniedException "Macie is not enabled" when it is off. */
function isNotEnabled(error: unknown): boolean {
  const message = (error as { message?: string } | undefined)?.message ?? '';
  return errorCode(error) === 'AccessDeniedException' && /not enabled/i.test(message);
}

async function state(ctx: RemediationContext): Promise<MacieState> {
  const { GetMacieSessionCommand, Macie2Client } = await import('@aws-sdk/client-macie2');
  try {
    const res = await ctx.aws.get(Macie2Client, ctx.region).send(new GetMacieSessionCommand({}));
    return res.status === 'ENABLED' ? 'ENABLED' : 'PAUSED';
  } catch (error) {
    if (isNotEnabled(error)) return 'ABSENT';
    throw error;
  }
}

function callsFor(s: MacieState): ApiCall[] {
  if (s === 'ENABLED') return [];
  return s === 'PAUSED'
    ? [{ action: 'macie2:UpdateMacieSession', params: { status: 'ENABLED' } }]
    : [{ action: 'macie2:EnableMacie', params: { status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES' } }];
}

export const macieEnable: Remediation = {
  id: 'macie-enable',
  fixes: ['macie_enabled', 'macie_enabled_in_bucket_regions'],
  title: 'Turn on Amazon Macie',
  changes: 'Turns on Macie in this region so it can discover personal data in S3 (billed per bucket and per GB inspected).',
  risk: 'low',
  permissions: ['macie2:GetMacieSession', 'macie2:EnableMacie', 'macie2:UpdateMacieSession', 'iam:CreateServiceLinkedRole'],
  target: 'region',
  validate: anyTarget,
  async plan(ctx) {
    const s = await state(ctx);
    return {
      compliant: s === 'ENABLED',
      current:
        s === 'ENABLED' ? `Macie is on in ${ctx.region}.` : s === 'PAUSED' ? `Macie is paused in ${ctx.region}.` : `Macie is not enabled in ${ctx.region}.`,
      calls: callsFor(s),
    };
  },
  async apply(ctx) {
    const { EnableMacieCommand, Macie2Client, UpdateMacieSessionCommand } = await import('@aws-sdk/client-macie2');
    const s = await state(ctx);
    if (s === 'ENABLED') return { outcome: 'already-compliant', summary: `Macie was already on in ${ctx.region}.`, calls: [] };
    const macie = ctx.aws.get(Macie2Client, ctx.region);
    if (s === 'PAUSED') await macie.send(new UpdateMacieSessionCommand({ status: 'ENABLED' }));
    else await macie.send(new EnableMacieCommand({ status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES' }));
    return { outcome: 'changed', summary: `Macie is now on in ${ctx.region}.`, calls: callsFor(s), previous: { status: s } };
  },
};
