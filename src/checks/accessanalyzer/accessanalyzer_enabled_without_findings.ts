import { EXTERNAL_ACCESS_TYPES } from '../../aws/facts.js';
import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * Every ACTIVE external-access analyzer (type ACCOUNT or ORGANIZATION) of the region has no finding with
 * status ACTIVE: nothing is shared outside the zone of trust that nobody has looked at. Archived
 * findings (reviewed and accepted, by hand or by an archive rule) and resolved ones do not count. A
 * region without an active external-access analyzer is not judged here (`accessanalyzer_enabled` fails it).
 */
export const accessanalyzer_enabled_without_findings = defineCheck({
  id: 'accessanalyzer_enabled_without_findings',
  title: 'IAM Access Analyzer has no active external-access findings',
  demands:
    'Each ACTIVE external-access analyzer (ACCOUNT or ORGANIZATION) has no finding with status ACTIVE; archived and resolved findings do not count; a region without one is not applicable (see accessanalyzer_enabled).',
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['accessanalyzer'],
  permissions: ['access-analyzer:ListAnalyzers', 'access-analyzer:ListFindingsV2'],
  rationale:
    'An active finding is a bucket, key, role, queue or snapshot reachable from outside the account or organisation that nobody has reviewed: each one is either a leak or an accepted share to archive.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'accessanalyzer', resource, (aa) =>
      fromRead(aa.analyzers, resource, (analyzers) => {
        const active = analyzers.filter((a) => a.status === 'ACTIVE' && EXTERNAL_ACCESS_TYPES.has(a.type));
        if (active.length === 0)
          return [
            notApplicable(
              resource,
              `No active external-access IAM Access Analyzer in ${s.region} (account ${s.accountId}) to read findings from (accessanalyzer_enabled judges that).`,
            ),
          ];
        return active.map((a): Finding => {
          if (!a.activeFindings)
            return errorFinding(a.arn, {
              call: 'access-analyzer:ListFindingsV2',
              kind: 'other',
              code: 'NotCollected',
              message: `the findings of analyzer ${a.name} were not read`,
            });
          if (!a.activeFindings.ok) return errorFinding(a.arn, a.activeFindings.error);
          const { count, sample } = a.activeFindings.value;
          if (count === 0) return pass(a.arn, `Access Analyzer ${a.name} in ${s.region} has no active findings.`);
          const listed = sample.slice(0, 5).map((f) => `${f.resource ?? f.id} (${f.resourceType})`);
          const more = count > listed.length ? `, and ${count - listed.length} more` : '';
          return fail(
            a.arn,
            `Access Analyzer ${a.name} in ${s.region} has ${count} active finding(s) of access from outside the zone of trust: ${listed.join(', ')}${more}. Remove the access or archive the finding once reviewed.`,
          );
        });
      }),
    );
  },
});
