import type { Certificate } from '../../../src/aws/collectors/acm.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, AT } from '../fixtures.js';

const days = (n: number) => new Date(Date.parse(AT) + n * 86_400_000).toISOString();
function certs(s: Snapshot): Certificate[] {
  const read = s.data.acm!.certificates;
  if (!read.ok) throw new Error('fixture read is not ok');
  return read.value;
}
const arn = (id: string) => `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/${id}`;
const cert = (id: string, over: Partial<Certificate>): Certificate => ({
  arn: arn(id),
  domainName: `${id}.example.com`,
  status: 'ISSUED',
  inUse: true,
  keyAlgorithm: 'RSA_2048',
  notAfter: days(200),
  ...over,
});

/** acm_certificates_not_expiring: certificates that look fine (or are invisible by default) and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'acm_certificates_not_expiring',
    name: 'an ECDSA P-384 certificate in use expires in 5 days (ListCertificates hides EC keys unless Includes.keyTypes asks for them)',
    source: 'ACM API Reference, ListCertificates / Filters.keyTypes: "Default filtering returns only RSA_1024 and RSA_2048 certificates"',
    mutate: (s) => void certs(s).push(cert('ec384', { keyAlgorithm: 'EC_secp384r1', notAfter: days(5) })),
    expect: 'fail',
    resource: arn('ec384'),
  },
  {
    check: 'acm_certificates_not_expiring',
    name: 'an RSA_4096 imported certificate in use expired 3 days ago',
    source: 'ACM API Reference, KeyAlgorithm RSA_4096 (imported certificates); CertificateSummary.NotAfter',
    mutate: (s) => void certs(s).push(cert('rsa4096', { keyAlgorithm: 'RSA_4096', status: 'EXPIRED', notAfter: days(-3) })),
    expect: 'fail',
    resource: arn('rsa4096'),
  },
  {
    check: 'acm_certificates_not_expiring',
    name: 'a certificate in use whose status is REVOKED, with a NotAfter far in the future',
    source: 'ACM API Reference, CertificateSummary.Status (ISSUED | REVOKED | INACTIVE | EXPIRED | …) and InUse',
    mutate: (s) => void certs(s).push(cert('revoked', { status: 'REVOKED', notAfter: days(300) })),
    expect: 'fail',
    resource: arn('revoked'),
  },
  {
    check: 'acm_certificates_not_expiring',
    name: 'a certificate in use whose status is INACTIVE',
    source: 'ACM API Reference, CertificateSummary.Status INACTIVE; CertificateSummary.InUse',
    mutate: (s) => void certs(s).push(cert('inactive', { status: 'INACTIVE', notAfter: days(300) })),
    expect: 'fail',
    resource: arn('inactive'),
  },
  {
    check: 'acm_certificates_not_expiring',
    name: 'status still ISSUED but NotAfter already passed (the status lags the date)',
    source: 'ACM API Reference, CertificateSummary.NotAfter is the end of validity whatever Status says',
    mutate: (s) => {
      certs(s)[0]!.notAfter = days(-1);
    },
    expect: 'fail',
    resource: arn('1'),
  },
  {
    check: 'acm_certificates_not_expiring',
    name: 'an issued certificate with no NotAfter in the list answer cannot be judged (not a guessed fail)',
    source: 'ACM API Reference, CertificateSummary.NotAfter is optional in the response',
    mutate: (s) => {
      certs(s)[0]!.notAfter = undefined;
    },
    expect: 'error',
    resource: arn('1'),
  },
  {
    check: 'acm_certificates_not_expiring',
    name: 'a failed request nobody uses is not judged: the in-use certificates are valid',
    source: 'ACM API Reference, CertificateSummary.Status FAILED / VALIDATION_TIMED_OUT, InUse false',
    mutate: (s) => void certs(s).push(cert('failed', { status: 'FAILED', inUse: false, notAfter: undefined })),
    expect: 'pass',
  },
];
