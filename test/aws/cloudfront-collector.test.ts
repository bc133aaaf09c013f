import { CloudFrontClient, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudfrontCollector } from '../../src/aws/collectors/cloudfront.js';
import { cloudfront_distribution_viewer_tls12 } from '../../src/checks/cloudfront/cloudfront_distribution_viewer_tls12.js';
import { cloudfront_distributions_using_deprecated_ssl_protocols } from '../../src/checks/cloudfront/cloudfront_distributions_using_deprecated_ssl_protocols.js';
import { cloudfront_https_only } from '../../src/checks/cloudfront/cloudfront_https_only.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn } from '../helpers/collect-in.js';

const cf = mockClient(CloudFrontClient);
afterEach(() => cf.reset());

/** A DistributionSummary as ListDistributions returns it. */
function summary(id: string, extra: Record<string, unknown> = {}) {
  return {
    Id: id,
    ARN: `arn:aws:cloudfront::123456789012:distribution/${id}`,
    DomainName: `${id.toLowerCase()}.cloudfront.net`,
    Enabled: true,
    Status: 'Deployed',
    Origins: { Quantity: 1, Items: [{ Id: 'bucket', DomainName: 'assets.s3.eu-west-1.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' } }] },
    DefaultCacheBehavior: { TargetOriginId: 'bucket', ViewerProtocolPolicy: 'redirect-to-https' },
    CacheBehaviors: { Quantity: 0 },
    ViewerCertificate: { CloudFrontDefaultCertificate: true, MinimumProtocolVersion: 'TLSv1' },
    ...extra,
  };
}

describe('the CloudFront collector', () => {
  it('follows Marker / NextMarker over every page and reads every cache behaviour and custom origin', async () => {
    const markers: (string | undefined)[] = [];
    cf.on(ListDistributionsCommand).callsFake(async (input: { Marker?: string }) => {
      markers.push(input.Marker);
      if (!input.Marker) return { DistributionList: { Items: [summary('E1')], IsTruncated: true, NextMarker: 'E1', Quantity: 1, MaxItems: 1, Marker: '' } };
      return {
        DistributionList: {
          Items: [
            summary('E2', {
              Enabled: false,
              Origins: {
                Quantity: 1,
                Items: [
                  {
                    Id: 'site',
                    DomainName: 'site.s3-website-eu-west-1.amazonaws.com',
                    CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
                  },
                ],
              },
              CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: '/legacy/*', TargetOriginId: 'site', ViewerProtocolPolicy: 'allow-all' }] },
            }),
          ],
          IsTruncated: false,
          Quantity: 1,
          MaxItems: 1,
          Marker: 'E1',
        },
      };
    });
    const { data, calls } = await collectIn(cloudfrontCollector, 'eu-west-1');
    expect(markers).toEqual([undefined, 'E1']);
    expect(calls).toEqual(['cloudfront:ListDistributions', 'cloudfront:ListDistributions']);
    if (!data.distributions.ok) throw new Error('not read');
    expect(data.distributions.value).toEqual([
      {
        id: 'E1',
        arn: 'arn:aws:cloudfront::123456789012:distribution/E1',
        domainName: 'e1.cloudfront.net',
        enabled: true,
        behaviors: [{ pathPattern: '*', viewerProtocolPolicy: 'redirect-to-https' }],
        customOrigins: [],
        minimumProtocolVersion: 'TLSv1',
        defaultCertificate: true,
      },
      {
        id: 'E2',
        arn: 'arn:aws:cloudfront::123456789012:distribution/E2',
        domainName: 'e2.cloudfront.net',
        enabled: false,
        behaviors: [
          { pathPattern: '*', viewerProtocolPolicy: 'redirect-to-https' },
          { pathPattern: '/legacy/*', viewerProtocolPolicy: 'allow-all' },
        ],
        customOrigins: [{ id: 'site', domainName: 'site.s3-website-eu-west-1.amazonaws.com', protocolPolicy: 'http-only' }],
        minimumProtocolVersion: 'TLSv1',
        defaultCertificate: true,
      },
    ]);
    const s = compliantSnapshot();
    s.data.cloudfront = data;
    const byId = Object.fromEntries(cloudfront_https_only.evaluate(s).map((f) => [f.resource.split('/').pop(), f]));
    expect(byId.E1!.status).toBe('pass');
    expect(byId.E2!.status).toBe('fail');
    expect(byId.E2!.message).toContain('"/legacy/*"');
    expect(byId.E2!.message).toContain('http-only');
  });

  it("maps the viewer certificate and each custom origin's OriginSslProtocols, and the TLS checks judge them", async () => {
    cf.on(ListDistributionsCommand).callsFake(async () => ({
      DistributionList: {
        Items: [
          summary('E3', {
            Aliases: { Quantity: 1, Items: ['www.example.com'] },
            ViewerCertificate: {
              CloudFrontDefaultCertificate: false,
              ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/1',
              SSLSupportMethod: 'sni-only',
              MinimumProtocolVersion: 'TLSv1.2_2021',
            },
            Origins: {
              Quantity: 2,
              Items: [
                {
                  Id: 'alb',
                  DomainName: 'web-1.eu-west-1.elb.amazonaws.com',
                  CustomOriginConfig: {
                    HTTPPort: 80,
                    HTTPSPort: 443,
                    OriginProtocolPolicy: 'https-only',
                    OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] },
                  },
                },
                {
                  Id: 'old',
                  DomainName: 'old.example.com',
                  CustomOriginConfig: {
                    HTTPPort: 80,
                    HTTPSPort: 443,
                    OriginProtocolPolicy: 'match-viewer',
                    OriginSslProtocols: { Quantity: 2, Items: ['TLSv1', 'TLSv1.2'] },
                  },
                },
              ],
            },
          }),
        ],
        IsTruncated: false,
        Quantity: 1,
        MaxItems: 100,
        Marker: '',
      },
    }));
    const { data } = await collectIn(cloudfrontCollector, 'eu-west-1');
    if (!data.distributions.ok) throw new Error('not read');
    expect(data.distributions.value[0]).toMatchObject({
      defaultCertificate: false,
      minimumProtocolVersion: 'TLSv1.2_2021',
      customOrigins: [
        { id: 'alb', protocolPolicy: 'https-only', sslProtocols: ['TLSv1.2'] },
        { id: 'old', protocolPolicy: 'match-viewer', sslProtocols: ['TLSv1', 'TLSv1.2'] },
      ],
    });
    const s = compliantSnapshot();
    s.data.cloudfront = data;
    expect(cloudfront_distribution_viewer_tls12.evaluate(s).map((f) => f.status)).toEqual(['pass']);
    const [origins] = cloudfront_distributions_using_deprecated_ssl_protocols.evaluate(s);
    expect(origins).toMatchObject({ status: 'fail', message: expect.stringContaining('old (old.example.com) allows TLSv1') });
  });

  it('reads an empty account (DistributionList without Items) as no distributions', async () => {
    cf.on(ListDistributionsCommand).resolves({ DistributionList: { Quantity: 0, IsTruncated: false, MaxItems: 100, Marker: '' } });
    const { data } = await collectIn(cloudfrontCollector, 'eu-west-1');
    expect(data.distributions).toEqual({ ok: true, value: [] });
  });
});
