import { fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Macie is enabled in the region (status ENABLED; PAUSED is not enabled). */
export const macie_enabled = defineCheck({
  id: 'macie_enabled',
  title: 'Amazon Macie is enabled',
  demands: 'A Macie session whose status is ENABLED in every scanned region (PAUSED fails; "Macie is not enabled" is told apart from a real AccessDenied).',
  actionItem: 10,
  gdpr: ['Art. 25', 'Art. 30', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['macie'],
  permissions: ['macie2:GetMacieSession'],
  rationale: 'You cannot protect personal data you do not know you hold; Macie finds it in S3.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'macie', resource, (m) =>
      fromRead(m.session, resource, (status) =>
        status === 'ENABLED'
          ? [pass(resource, `Macie is enabled in ${s.region} (account ${s.accountId}).`)]
          : [
              fail(
                resource,
                status ? `Macie is ${status} in ${s.region} (account ${s.accountId}).` : `Macie is not enabled in ${s.region} (account ${s.accountId}).`,
              ),
            ],
      ),
    );
  },
});
