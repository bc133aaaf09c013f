import type { Analyzer } from '../../aws/collectors/accessanalyzer.js';
import { EXTERNAL_ACCESS_TYPES } from '../../aws/facts.js';
import { fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Why an analyzer that exists does not count, in a few words. */
function whyNot(a: Analyzer): string {
  if (!EXTERNAL_ACCESS_TYPES.has(a.type)) return `${a.name} is a ${a.type || 'typeless'} analyzer, not an external-access one`;
  return `${a.name} is ${a.status || 'of unknown status'}${a.statusReason ? ` (${a.statusReason})` : ''}`;
}

/** An active external-access IAM Access Analyzer (type ACCOUNT or ORGANIZATION) exists in every scanned region. */
export const accessanalyzer_enabled = defineCheck({
  id: 'accessanalyzer_enabled',
  title: 'IAM Access Analyzer is enabled in every scanned region',
  demands:
    'An ACTIVE IAM Access Analyzer of type ACCOUNT or ORGANIZATION in the region; one that is CREATING, DISABLED or FAILED, or an unused- or internal-access analyzer, does not count.',
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['accessanalyzer'],
  permissions: ['access-analyzer:ListAnalyzers'],
  rationale: 'Access Analyzer finds resources shared outside the account or organisation: the blind spots least privilege misses.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'accessanalyzer', resource, (aa) =>
      fromRead(aa.analyzers, resource, (analyzers) => {
        const active = analyzers.filter((a) => a.status === 'ACTIVE' && EXTERNAL_ACCESS_TYPES.has(a.type));
        if (active.length > 0)
          return [pass(resource, `Access Analyzer ${active[0]!.name} (${active[0]!.type}) is active in ${s.region} (account ${s.accountId}).`)];
        const others = analyzers.length > 0 ? `: ${analyzers.map(whyNot).join('; ')}` : '';
        return [fail(resource, `No active external-access IAM Access Analyzer in ${s.region} (account ${s.accountId})${others}.`)];
      }),
    );
  },
});
