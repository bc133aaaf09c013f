import { daysUntil, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** No issued certificate in use expires within the configured number of days. */
export const acm_certificates_not_expiring = defineCheck({
  id: 'acm_certificates_not_expiring',
  title: 'ACM certificates are not about to expire',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['acm'],
  permissions: ['acm:ListCertificates'],
  rationale: 'An expired certificate breaks TLS, and people learn to click through the warning.',
  evaluate(s) {
    const resource = regionResource(s);
    const window = s.settings.certificateExpiryDays;
    return withData(s, 'acm', resource, (acm) =>
      fromRead(acm.certificates, resource, (certs) => {
        const relevant = certs.filter((c) => c.status === 'ISSUED' || c.status === 'EXPIRED');
        if (relevant.length === 0) return [notApplicable(resource, `No issued ACM certificates in ${s.region} (account ${s.accountId}).`)];
        return relevant.map((c): Finding => {
          if (!c.notAfter) return fail(c.arn, `Certificate for ${c.domainName} (${c.arn}) has no expiry date on record.`);
          const days = daysUntil(s, c.notAfter);
          if (days < 0) return fail(c.arn, `Certificate for ${c.domainName} (${c.arn}) expired ${-days} day(s) ago${c.inUse ? ' and is still in use' : ''}.`);
          return days <= window
            ? fail(c.arn, `Certificate for ${c.domainName} (${c.arn}) expires in ${days} day(s).`)
            : pass(c.arn, `Certificate for ${c.domainName} (${c.arn}) is valid for ${days} more days.`);
        });
      }),
    );
  },
});
