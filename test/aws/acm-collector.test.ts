import { ACMClient, KeyAlgorithm, ListCertificatesCommand, type ListCertificatesCommandInput } from '@aws-sdk/client-acm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { ACM_KEY_TYPES, acmCollector } from '../../src/aws/collectors/acm.js';
import { CollectContext, DEFAULT_SCAN_SETTINGS } from '../../src/aws/collectors/context.js';
import { scanTarget } from '../../src/checks/engine.js';
import { getCheck } from '../../src/checks/registry.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

const acm = mockClient(ACMClient);
let restore: (() => void) | undefined;
afterEach(() => {
  acm.reset();
  restore?.();
  restore = undefined;
});

const REGIONS = ['eu-west-1', 'eu-central-1'];
const collect = (region: string) =>
  acmCollector.collect(new CollectContext({ clients: new AwsClients({ defaultRegion: 'eu-west-1' }), accountId: '111122223333', region, regions: REGIONS }));

describe('the ACM collector', () => {
  it('asks ListCertificates for every key type, in every region, following every page', async () => {
    const inputs: { region: string; input: ListCertificatesCommandInput }[] = [];
    acm.on(ListCertificatesCommand).callsFake(async (input: ListCertificatesCommandInput, getClient) => {
      const region = await getClient().config.region();
      inputs.push({ region, input: structuredClone(input) });
      const arn = (n: number) => `arn:aws:acm:${region}:111122223333:certificate/${n}`;
      if (!input.NextToken) {
        return {
          CertificateSummaryList: [
            {
              CertificateArn: arn(1),
              DomainName: 'a.example.com',
              Status: 'ISSUED',
              InUse: true,
              KeyAlgorithm: 'RSA_2048',
              NotAfter: new Date('2027-01-01T00:00:00Z'),
            },
          ],
          NextToken: 'p2',
        };
      }
      return {
        CertificateSummaryList: [
          {
            CertificateArn: arn(2),
            DomainName: 'b.example.com',
            Status: 'EXPIRED',
            InUse: true,
            KeyAlgorithm: 'EC_secp384r1',
            NotAfter: new Date('2026-01-01T00:00:00Z'),
          },
        ],
      };
    });
    for (const region of REGIONS) {
      const { certificates } = await collect(region);
      expect(certificates).toEqual({
        ok: true,
        value: [
          {
            arn: `arn:aws:acm:${region}:111122223333:certificate/1`,
            domainName: 'a.example.com',
            status: 'ISSUED',
            inUse: true,
            keyAlgorithm: 'RSA_2048',
            notAfter: '2027-01-01T00:00:00.000Z',
          },
          {
            arn: `arn:aws:acm:${region}:111122223333:certificate/2`,
            domainName: 'b.example.com',
            status: 'EXPIRED',
            inUse: true,
            keyAlgorithm: 'EC_secp384r1',
            notAfter: '2026-01-01T00:00:00.000Z',
          },
        ],
      });
    }
    const ALL = ['EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1', 'RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096'];
    expect(inputs.map((c) => [c.region, c.input.NextToken])).toEqual([
      ['eu-west-1', undefined],
      ['eu-west-1', 'p2'],
      ['eu-central-1', undefined],
      ['eu-central-1', 'p2'],
    ]);
    for (const { input } of inputs) {
      expect([...(input.Includes?.keyTypes ?? [])].sort()).toEqual(ALL);
      // No status filter: expired, revoked and inactive certificates are listed too.
      expect(input.CertificateStatuses).toBeUndefined();
    }
    // Every algorithm the SDK knows is asked for (a new one in an SDK update is not silently left out).
    expect([...ACM_KEY_TYPES].sort()).toEqual(Object.values(KeyAlgorithm).sort());
  });

  it('records a denied list as a failed read naming the call', async () => {
    acm.on(ListCertificatesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const { certificates } = await collect('eu-west-1');
    expect(certificates).toMatchObject({ ok: false, error: { call: 'acm:ListCertificates', kind: 'denied', code: 'AccessDeniedException' } });
  });

  it('finds the expiring ECDSA certificate of the synthetic account, which the default list leaves out', async () => {
    const m = mockSyntheticAccount({ misconfigured: true, pageSize: 1 });
    restore = m.restore;
    const { results } = await scanTarget({
      clients: new AwsClients({ defaultRegion: 'eu-west-1' }),
      accountId: SYNTHETIC_ACCOUNT_ID,
      region: 'eu-west-1',
      home: true,
      regions: ['eu-west-1'],
      settings: DEFAULT_SCAN_SETTINGS,
      checks: [getCheck('acm_certificates_not_expiring')!],
    });
    expect(results.map((r) => [r.resource.split('/').pop(), r.status])).toEqual([
      ['1', 'pass'],
      ['2', 'fail'],
    ]);
    expect(m.counter.byCommand.get('acm:ListCertificates')).toBe(2);
  });
});
