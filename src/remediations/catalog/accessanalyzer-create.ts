import type { AnalyzerSummary } from '@aws-sdk/client-accessanalyzer';
import { anyTarget, type Remediation, type RemediationContext } from '../types.js';

/** The name of the analyzer this fix creates. */
export const ANALYZER_NAME = 'gdpr-bot-account-analyzer';
const CALL = { action: 'access-analyzer:CreateAnalyzer', params: { analyzerName: ANALYZER_NAME, type: 'ACCOUNT' } };

async function active(ctx: RemediationContext): Promise<AnalyzerSummary | undefined> {
  const { AccessAnalyzerClient, paginateListAnalyzers } = await import('@aws-sdk/client-accessanalyzer');
  const client = ctx.aws.get(AccessAnalyzerClient, ctx.region);
  for await (const page of paginateListAnalyzers({ client }, {})) {
    const found = page.analyzers?.find((a) => a.status === 'ACTIVE' && (a.type === 'ACCOUNT' || a.type === 'ORGANIZATION'));
    if (found) return found;
  }
  return undefined;
}

export const accessanalyzerCreate: Remediation = {
  id: 'accessanalyzer-create',
  fixes: ['accessanalyzer_enabled'],
  title: 'Create an IAM Access Analyzer',
  changes: 'Creates an account-level IAM Access Analyzer in this region that reports resources shared outside the account (free of charge).',
  risk: 'low',
  permissions: ['access-analyzer:ListAnalyzers', 'access-analyzer:CreateAnalyzer', 'iam:CreateServiceLinkedRole'],
  target: 'region',
  validate: anyTarget,
  async plan(ctx) {
    const found = await active(ctx);
    return {
      compliant: found !== undefined,
      current: found ? `Analyzer ${found.name} is active in ${ctx.region}.` : `No active external-access analyzer in ${ctx.region}.`,
      calls: found ? [] : [CALL],
    };
  },
  async apply(ctx) {
    const { AccessAnalyzerClient, CreateAnalyzerCommand } = await import('@aws-sdk/client-accessanalyzer');
    const found = await active(ctx);
    if (found) return { outcome: 'already-compliant', summary: `Analyzer ${found.name} was already active in ${ctx.region}.`, calls: [] };
    await ctx.aws.get(AccessAnalyzerClient, ctx.region).send(new CreateAnalyzerCommand({ analyzerName: ANALYZER_NAME, type: 'ACCOUNT' }));
    return { outcome: 'changed', summary: `Analyzer ${ANALYZER_NAME} now watches ${ctx.region}.`, calls: [CALL] };
  },
};
