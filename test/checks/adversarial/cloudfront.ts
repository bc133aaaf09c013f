import type { Distribution } from '../../../src/aws/collectors/cloudfront.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT } from '../fixtures.js';

const dist = (s: Snapshot): Distribution => {
  const r = s.data.cloudfront!.distributions;
  if (!r.ok) throw new Error('fixture');
  return r.value[0]!;
};
const SOURCE = 'CloudFront API, ListDistributions / DistributionSummary: DefaultCacheBehavior and CacheBehaviors.Items[].ViewerProtocolPolicy (allow-all | https-only | redirect-to-https), Origins.Items[].CustomOriginConfig.OriginProtocolPolicy (http-only | match-viewer | https-only)';

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
      s.data.cloudfront = { distributions: { ok: false, error: { call: 'cloudfront:ListDistributions', kind: 'denied', code: 'AccessDenied', message: 'User is not authorized' } } };
    },
    expect: 'error',
  },
];
