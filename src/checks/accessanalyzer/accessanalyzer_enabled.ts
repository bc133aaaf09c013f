import { fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** An active IAM Access Analyzer exists in every scanned region. */
export const accessanalyzer_enabled = defineCheck({
  id: 'accessanalyzer_enabled',
  title: 'IAM Access Analyzer is enabled in every scanned region',
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['accessanalyzer'],
  permissions: ['access-analyzer:ListAnalyzers'],
  remediation: 'accessanalyzer-create',
  rationale: 'Access Analyzer finds resources shared outside the account or organisation: the blind spots least privilege misses.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'accessanalyzer', resource, (aa) =>
      fromRead(aa.analyzers, resource, (analyzers) => {
        const active = analyzers.filter((a) => a.status === 'ACTIVE' && (a.type === 'ACCOUNT' || a.type === 'ORGANIZATION'));
        return active.length > 0
          ? [pass(resource, `Access Analyzer ${active[0]!.name} is active in ${s.region} (account ${s.accountId}).`)]
          : [fail(resource, `No active IAM Access Analyzer in ${s.region} (account ${s.accountId}).`)];
      }),
    );
  },
});
