import { fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Macie's automated sensitive data discovery is on. */
export const macie_automated_discovery = defineCheck({
  id: 'macie_automated_discovery',
  title: 'Macie automated sensitive data discovery is on',
  actionItem: 10,
  gdpr: ['Art. 25', 'Art. 30'],
  severity: 'low',
  scope: 'region',
  needs: ['macie'],
  permissions: ['macie2:GetMacieSession', 'macie2:GetAutomatedDiscoveryConfiguration'],
  rationale: 'Automated discovery keeps sampling every bucket, so new stores of personal data are found without anyone starting a job.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'macie', resource, (m) =>
      fromRead(m.automatedDiscovery, resource, (status) =>
        status === 'ENABLED'
          ? [pass(resource, `Macie automated discovery is on in ${s.region} (account ${s.accountId}).`)]
          : [fail(resource, `Macie automated discovery is ${status ? status.toLowerCase() : 'not available (Macie is off)'} in ${s.region} (account ${s.accountId}).`)],
      ),
    );
  },
});
