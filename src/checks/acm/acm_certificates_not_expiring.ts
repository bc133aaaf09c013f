import { daysUntil, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/**
 * No certificate in use is expired, revoked or otherwise not `ISSUED`, and no issued certificate
 * (in use or not) expires within the configured number of days. Certificates of every key type count.
 */
export const acm_certificates_not_expiring = defineCheck({
  id: 'acm_certificates_not_expiring',
  title: 'ACM certificates are not about to expire',
  demands:
    "Certificates of every key type (RSA, EC; not only ACM's default RSA_2048 listing): none in use is expired, revoked or not ISSUED, none is past its NotAfter, none expires within `certificateExpiryDays`.",
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
        // Certificates in use whatever their status, and issued or expired ones even when unused.
        const relevant = certs.filter((c) => c.inUse || c.status === 'ISSUED' || c.status === 'EXPIRED');
        if (relevant.length === 0) return [notApplicable(resource, `No issued or in-use ACM certificates in ${s.region} (account ${s.accountId}).`)];
        return relevant.map((c): Finding => {
          const what = `Certificate for ${c.domainName} (${c.arn}${c.keyAlgorithm ? `, ${c.keyAlgorithm}` : ''})`;
          const use = c.inUse ? ' and is still in use' : ' (not in use)';
          if (c.status === 'EXPIRED') return fail(c.arn, `${what} has expired${c.notAfter ? ` (${c.notAfter.slice(0, 10)})` : ''}${use}.`);
          if (c.status !== 'ISSUED') return fail(c.arn, `${what} is in use but its status is ${c.status || 'unknown'}, not ISSUED: clients cannot trust it.`);
          if (!c.notAfter) {
            return {
              status: CheckStatus.Error,
              resource: c.arn,
              message: `Could not check ${c.arn}: acm:ListCertificates gave no expiry date (NotAfter) for the certificate for ${c.domainName}.`,
            };
          }
          const days = daysUntil(s, c.notAfter);
          if (days < 0) return fail(c.arn, `${what} expired ${-days} day(s) ago${use}.`);
          return days <= window
            ? fail(c.arn, `${what} expires in ${days} day(s)${c.inUse ? '' : ' (not in use)'}.`)
            : pass(c.arn, `${what} is valid for ${days} more days.`);
        });
      }),
    );
  },
});
