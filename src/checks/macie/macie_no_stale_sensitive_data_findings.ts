import { daysSince, errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck } from '../types.js';

/**
 * No open (unarchived) Macie sensitive-data finding (category CLASSIFICATION) is older than
 * `scan.thresholds.macieFindingMaxAgeDays` (default 30): the oldest one is read and dated.
 */
export const macie_no_stale_sensitive_data_findings = defineCheck({
  id: 'macie_no_stale_sensitive_data_findings',
  title: 'Macie sensitive-data findings are dealt with in time',
  demands: 'No open (unarchived) Macie sensitive-data finding was created more than `macieFindingMaxAgeDays` (default 30) days ago.',
  actionItem: 10,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['macie'],
  permissions: ['macie2:GetMacieSession', 'macie2:ListFindings', 'macie2:GetFindings'],
  rationale:
    'A sensitive-data finding says personal data sits in a bucket; left open for weeks, nobody decided whether it may be there, is protected enough, or must be deleted (data minimisation, Art. 25).',
  evaluate(s) {
    const resource = regionResource(s);
    const where = `in ${s.region} (account ${s.accountId})`;
    const maxAge = s.settings.macieFindingMaxAgeDays;
    return withData(s, 'macie', resource, (m) => {
      if (m.session.ok && m.session.value === null)
        return [notApplicable(resource, `Macie is not enabled ${where}; it has no findings to review (see macie_enabled).`)];
      return fromRead(m.oldestSensitiveFinding, resource, (oldest) => {
        if (oldest === undefined) {
          return [
            {
              status: CheckStatus.Error,
              resource,
              message: `Could not check ${resource}: macie2:ListFindings kept answering empty pages with a nextToken, so "no old open finding" cannot be told.`,
            },
          ];
        }
        if (oldest === null) return [pass(resource, `Macie has no open sensitive-data findings ${where}.`)];
        const age = daysSince(s, oldest.createdAt);
        if (age === undefined || Number.isNaN(age))
          return [
            errorFinding(resource, { call: 'macie2:GetFindings', kind: 'other', code: 'NoCreatedAt', message: `finding ${oldest.id} has no usable createdAt` }),
          ];
        const what = `${oldest.type}${oldest.severity ? ` (${oldest.severity})` : ''}${oldest.bucket ? ` in bucket ${oldest.bucket}` : ''}`;
        return age > maxAge
          ? [fail(resource, `Macie sensitive-data finding ${oldest.id} ${where}, ${what}, has been open for ${age} days (more than ${maxAge}).`)]
          : [pass(resource, `The oldest open Macie sensitive-data finding ${where} (${what}) is ${age} days old, within ${maxAge}.`)];
      });
    });
  },
});
