import type { Distribution } from '../../../src/aws/collectors/cloudfront.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT } from '../fixtures.js';

const dist = (s: Snapshot): Distribution => {
  const r = s.data.cloudfront!.distributions;
  if (!r.ok) throw new Error('fixture');
  return r.value[0]!;
};
const SOURCE =
  'CloudFront API, ListDistributions / DistributionSummary: DefaultCacheBehavior and CacheBehaviors.Items[].ViewerProtocolPolicy (allow-all | https-only | redirect-to-https), Origins.Items[].CustomOriginConfig.OriginProtocolPolicy (http-only | match-viewer | https-only)';

/** CloudFront: distributions that look HTTPS-only and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'cloudfront_https_only',
    name: 'the default behaviour redirects to HTTPS but a path behaviour (/images/*) allows HTTP',
    source: SOURCE,
    mutate: (s) => {
      dist(s).behaviors.push({ pathPattern: '/images/*', viewerProtocolPolicy: 'allow-all' });
    },
    expect: 'fail',
    resource: 'distribution/E1',
  },
  {
    check: 'cloudfront_https_only',
    name: 'viewers must use HTTPS, but the origin is an S3 website endpoint reached over http-only',
    source: `${SOURCE}; S3 website endpoints do not support HTTPS, so they are custom origins with http-only`,
    mutate: (s) => {
      dist(s).customOrigins.push({ id: 'site', domainName: 'shop-assets.s3-website-eu-west-1.amazonaws.com', protocolPolicy: 'http-only' });
    },
    expect: 'fail',
    resource: 'distribution/E1',
  },
  {
    check: 'cloudfront_https_only',
    name: 'a disabled distribution that allows HTTP is still judged: enabling it serves HTTP again',
    source: `${SOURCE}; DistributionSummary.Enabled false keeps every behaviour as configured`,
    mutate: (s) => {
      const d = dist(s);
      d.enabled = false;
      d.behaviors[0]!.viewerProtocolPolicy = 'allow-all';
    },
    expect: 'fail',
    resource: 'distribution/E1',
  },
  {
    check: 'cloudfront_https_only',
    name: 'every behaviour is HTTPS, but viewers may negotiate SSLv3 (ViewerCertificate.MinimumProtocolVersion)',
    source: 'CloudFront API, ViewerCertificate.MinimumProtocolVersion: SSLv3 | TLSv1 | TLSv1_2016 | TLSv1.1_2016 | TLSv1.2_2018 | TLSv1.2_2019 | TLSv1.2_2021',
    mutate: (s) => {
      dist(s).minimumProtocolVersion = 'SSLv3';
    },
    expect: 'fail',
    resource: 'distribution/E1',
  },
  {
    check: 'cloudfront_https_only',
    name: 'the second distribution (from the next ListDistributions page) allows HTTP on its default behaviour',
    source: `${SOURCE}; ListDistributions pages with Marker / DistributionList.NextMarker`,
    mutate: (s) => {
      const r = s.data.cloudfront!.distributions;
      if (!r.ok) throw new Error('fixture');
      r.value.push({
        id: 'E2',
        arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/E2`,
        domainName: 'd2.cloudfront.net',
        enabled: true,
        behaviors: [{ pathPattern: '*', viewerProtocolPolicy: 'allow-all' }],
        customOrigins: [],
        minimumProtocolVersion: 'TLSv1',
        defaultCertificate: true,
      });
    },
    expect: 'fail',
    resource: 'distribution/E2',
  },
  {
    check: 'cloudfront_https_only',
    name: 'a match-viewer origin behind HTTPS-only behaviours is reached over HTTPS: compliant',
    source: `${SOURCE}; match-viewer uses the protocol of the viewer request, which the behaviours force to HTTPS`,
    mutate: (s) => {
      dist(s).customOrigins = [{ id: 'alb', domainName: 'web-123.eu-west-1.elb.amazonaws.com', protocolPolicy: 'match-viewer' }];
    },
    expect: 'pass',
    resource: 'distribution/E1',
  },
  {
    check: 'cloudfront_https_only',
    name: 'the list of distributions could not be read (AccessDenied on ListDistributions)',
    source: 'CloudFront API, ListDistributions requires cloudfront:ListDistributions',
    mutate: (s) => {
      s.data.cloudfront = {
        distributions: { ok: false, error: { call: 'cloudfront:ListDistributions', kind: 'denied', code: 'AccessDenied', message: 'User is not authorized' } },
      };
    },
    expect: 'error',
  },
  {
    check: 'cloudfront_distribution_viewer_tls12',
    name: 'MinimumProtocolVersion says TLSv1.2_2021, but the distribution uses the default *.cloudfront.net certificate, on which CloudFront sets TLSv1',
    source:
      'CloudFront API, ViewerCertificate.MinimumProtocolVersion: "If the distribution uses the CloudFront domain name such as d111111abcdef8.cloudfront.net (CloudFrontDefaultCertificate true), CloudFront automatically sets the security policy to TLSv1 regardless of the value that you set here"',
    mutate: (s) => {
      dist(s).defaultCertificate = true;
    },
    expect: 'fail',
    resource: 'distribution/E1',
  },
  {
    check: 'cloudfront_distribution_viewer_tls12',
    name: 'TLSv1_2016 looks like a 2016 policy but still allows TLS 1.0',
    source:
      'CloudFront Developer Guide, Supported protocols and ciphers between viewers and CloudFront: TLSv1_2016 supports TLSv1, TLSv1.1, TLSv1.2 and TLSv1.3',
    mutate: (s) => {
      dist(s).minimumProtocolVersion = 'TLSv1_2016';
    },
    expect: 'fail',
    resource: 'distribution/E1',
  },
  {
    check: 'cloudfront_distribution_viewer_tls12',
    name: 'the newest policy, TLSv1.3_2025 (TLS 1.3 only), passes',
    source: 'CloudFront API, MinimumProtocolVersion enum: … TLSv1.2_2021 | TLSv1.2_2025 | TLSv1.3_2025',
    mutate: (s) => {
      dist(s).minimumProtocolVersion = 'TLSv1.3_2025';
    },
    expect: 'pass',
    resource: 'distribution/E1',
  },
  {
    check: 'cloudfront_distribution_viewer_tls12',
    name: 'a custom certificate but no MinimumProtocolVersion in the answer: unknown, not a pass',
    source: 'CloudFront API, DistributionSummary.ViewerCertificate.MinimumProtocolVersion',
    mutate: (s) => {
      dist(s).minimumProtocolVersion = undefined;
    },
    expect: 'error',
    resource: 'distribution/E1',
  },
  {
    check: 'cloudfront_distributions_using_deprecated_ssl_protocols',
    name: 'viewers are on TLSv1.2_2021, but the custom origin still allows TLSv1 and TLSv1.1 towards the origin',
    source:
      'CloudFront API, CustomOriginConfig.OriginSslProtocols.Items (SSLv3 | TLSv1 | TLSv1.1 | TLSv1.2): the protocols CloudFront may use with the origin over HTTPS',
    mutate: (s) => {
      dist(s).customOrigins[0]!.sslProtocols = ['TLSv1', 'TLSv1.1', 'TLSv1.2'];
    },
    expect: 'fail',
    resource: 'distribution/E1',
  },
  {
    check: 'cloudfront_distributions_using_deprecated_ssl_protocols',
    name: 'a match-viewer origin (HTTPS when the viewer uses HTTPS) allows SSLv3',
    source:
      "CloudFront API, CustomOriginConfig.OriginProtocolPolicy match-viewer: CloudFront connects with the viewer's protocol, so OriginSslProtocols applies",
    mutate: (s) => {
      dist(s).customOrigins.push({ id: 'legacy', domainName: 'legacy.shop.example.com', protocolPolicy: 'match-viewer', sslProtocols: ['SSLv3', 'TLSv1.2'] });
    },
    expect: 'fail',
    resource: 'distribution/E1',
  },
  {
    check: 'cloudfront_distributions_using_deprecated_ssl_protocols',
    name: "an http-only origin lists TLSv1 in OriginSslProtocols, which CloudFront never uses for it: not this check's finding",
    source: 'CloudFront API, OriginProtocolPolicy http-only: CloudFront uses only HTTP to access the origin (judged by cloudfront_https_only)',
    mutate: (s) => {
      dist(s).customOrigins = [{ id: 'site', domainName: 'site.s3-website-eu-west-1.amazonaws.com', protocolPolicy: 'http-only', sslProtocols: ['TLSv1'] }];
    },
    expect: 'not_applicable',
    resource: 'distribution/E1',
  },
  {
    check: 'cloudfront_distributions_using_deprecated_ssl_protocols',
    name: 'an https-only origin whose answer lists no OriginSslProtocols: unknown, not a pass',
    source: 'CloudFront API, CustomOriginConfig.OriginSslProtocols (Quantity, Items)',
    mutate: (s) => {
      delete dist(s).customOrigins[0]!.sslProtocols;
    },
    expect: 'error',
    resource: 'distribution/E1',
  },
];
