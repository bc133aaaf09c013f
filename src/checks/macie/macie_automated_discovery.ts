import { errorFinding, fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/**
 * Macie is running (ENABLED, not PAUSED) and its automated sensitive data discovery covers this
 * account: the configuration of a standalone or administrator account, or a member's own status in
 * its administrator's list.
 */
export const macie_automated_discovery = defineCheck({
  id: 'macie_automated_discovery',
  title: 'Macie automated sensitive data discovery is on',
  demands: "Macie is ENABLED and automated sensitive data discovery is on for this account (read from the administrator's list for a member account).",
  actionItem: 10,
  gdpr: ['Art. 25', 'Art. 30'],
  severity: 'low',
  scope: 'region',
  needs: ['macie'],
  permissions: [
    'macie2:GetMacieSession',
    'macie2:GetAdministratorAccount',
    'macie2:GetAutomatedDiscoveryConfiguration',
    'macie2:ListAutomatedDiscoveryAccounts',
  ],
  rationale: 'Automated discovery keeps sampling every bucket, so new stores of personal data are found without anyone starting a job.',
  evaluate(s) {
    const resource = regionResource(s);
    const where = `in ${s.region} (account ${s.accountId})`;
    return withData(s, 'macie', resource, (m) => {
      if (!m.session.ok) return [errorFinding(resource, m.session.error)];
      if (m.session.value === null) return [fail(resource, `Macie automated discovery is not available ${where}: Macie is not enabled.`)];
      if (m.session.value !== 'ENABLED') return [fail(resource, `Macie is ${m.session.value} ${where}, so automated discovery analyses nothing.`)];
      return fromRead(m.automatedDiscovery, resource, (ad) => {
        if (ad === null) return [fail(resource, `Macie automated discovery is not available ${where}: Macie is not enabled.`)];
        const by = ad.administrator ? ` (managed by Macie administrator account ${ad.administrator})` : '';
        if (ad.status === 'ENABLED') return [pass(resource, `Macie automated discovery is on ${where}${by}.`)];
        const state = ad.status === 'NOT_LISTED' ? 'not enabled for this account' : ad.status.toLowerCase();
        return [fail(resource, `Macie automated discovery is ${state} ${where}${by}.`)];
      });
    });
  },
});
