import { AccessAnalyzerClient, ListAnalyzersCommand, ListFindingsV2Command } from '@aws-sdk/client-accessanalyzer';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { accessanalyzerCollector, KEPT_FINDINGS } from '../../src/aws/collectors/accessanalyzer.js';
import { accessanalyzer_enabled } from '../../src/checks/accessanalyzer/accessanalyzer_enabled.js';
import { accessanalyzer_enabled_without_findings } from '../../src/checks/accessanalyzer/accessanalyzer_enabled_without_findings.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, regionOf } from '../helpers/collect-in.js';

const aa = mockClient(AccessAnalyzerClient);
afterEach(() => aa.reset());

describe('the Access Analyzer collector', () => {
  it('reads every page of ListAnalyzers in each region, with every type and status (and the reason)', async () => {
    const seen: { region: string; token?: string }[] = [];
    aa.on(ListAnalyzersCommand).callsFake(async (input: { nextToken?: string; type?: string }, getClient) => {
      const region = await regionOf(getClient);
      seen.push({ region, token: input.nextToken });
      expect(input.type).toBeUndefined();
      const all = [
        { name: `unused-${region}`, arn: 'arn:1', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE', createdAt: new Date() },
        {
          name: `failed-${region}`,
          arn: 'arn:2',
          type: 'ORGANIZATION',
          status: 'FAILED',
          statusReason: { code: 'AWS_SERVICE_ACCESS_DISABLED' },
          createdAt: new Date(),
        },
        { name: `account-${region}`, arn: 'arn:3', type: 'ACCOUNT', status: 'ACTIVE', createdAt: new Date() },
      ];
      const p = pageOf(all, input.nextToken, 1);
      return { analyzers: p.items, nextToken: p.next };
    });
    aa.on(ListFindingsV2Command).resolves({ findings: [] });
    for (const region of ['eu-west-1', 'eu-central-1']) {
      const { data, calls } = await collectIn(accessanalyzerCollector, region, ['eu-west-1', 'eu-central-1']);
      if (!data.analyzers.ok) throw new Error('not read');
      expect(data.analyzers.value.map((a) => a.name)).toEqual([`unused-${region}`, `failed-${region}`, `account-${region}`]);
      expect(data.analyzers.value[1]).toMatchObject({ type: 'ORGANIZATION', status: 'FAILED', statusReason: 'AWS_SERVICE_ACCESS_DISABLED' });
      // Findings are read for the one ACTIVE external-access analyzer only (not the unused-access or FAILED ones).
      expect(calls).toEqual([
        'access-analyzer:ListAnalyzers',
        'access-analyzer:ListAnalyzers',
        'access-analyzer:ListAnalyzers',
        'access-analyzer:ListFindingsV2',
      ]);
      expect(data.analyzers.value.map((a) => a.activeFindings)).toEqual([undefined, undefined, { ok: true, value: { count: 0, sample: [] } }]);
    }
    expect(seen.map((x) => `${x.region}:${x.token ?? '-'}`)).toEqual([
      'eu-west-1:-',
      'eu-west-1:t1',
      'eu-west-1:t2',
      'eu-central-1:-',
      'eu-central-1:t1',
      'eu-central-1:t2',
    ]);
  });

  it('passes on the active ACCOUNT analyzer found on the last page, and fails when only unused/failed ones exist', async () => {
    aa.on(ListAnalyzersCommand).callsFake(async (input: { nextToken?: string }) =>
      input.nextToken
        ? { analyzers: [{ name: 'account', arn: 'arn:3', type: 'ACCOUNT', status: 'ACTIVE', createdAt: new Date() }] }
        : { analyzers: [{ name: 'unused', arn: 'arn:1', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE', createdAt: new Date() }], nextToken: 'next' },
    );
    const { data } = await collectIn(accessanalyzerCollector, 'eu-west-1');
    const s = compliantSnapshot();
    s.data.accessanalyzer = data;
    expect(accessanalyzer_enabled.evaluate(s)[0]!.status).toBe('pass');
    if (!data.analyzers.ok) throw new Error('not read');
    s.data.accessanalyzer = { analyzers: { ok: true, value: data.analyzers.value.filter((a) => a.name !== 'account') } };
    const [f] = accessanalyzer_enabled.evaluate(s);
    expect(f).toMatchObject({ status: 'fail' });
    expect(f!.message).toContain('unused is a ACCOUNT_UNUSED_ACCESS analyzer');
  });

  it('records AccessDenied on ListAnalyzers as a failed read', async () => {
    aa.on(ListAnalyzersCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    const { data } = await collectIn(accessanalyzerCollector, 'eu-west-1');
    expect(data.analyzers).toMatchObject({ ok: false, error: { call: 'access-analyzer:ListAnalyzers', kind: 'denied' } });
  });

  it('asks ListFindingsV2 for status ACTIVE findings of each active external-access analyzer, on every page, counting all and keeping a bounded sample', async () => {
    aa.on(ListAnalyzersCommand).resolves({
      analyzers: [
        { name: 'account', arn: 'arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/account', type: 'ACCOUNT', status: 'ACTIVE', createdAt: new Date() },
        { name: 'org', arn: 'arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/org', type: 'ORGANIZATION', status: 'ACTIVE', createdAt: new Date() },
      ],
    });
    const at = new Date('2026-05-01T00:00:00Z');
    const findings = Array.from({ length: 25 }, (_, i) => ({
      id: `f-${i}`,
      resource: `arn:aws:s3:::shared-${i}`,
      resourceType: 'AWS::S3::Bucket' as const,
      resourceOwnerAccount: '123456789012',
      status: 'ACTIVE' as const,
      analyzedAt: at,
      createdAt: at,
      updatedAt: at,
    }));
    aa.on(ListFindingsV2Command).callsFake(async (input: { analyzerArn: string; nextToken?: string; filter?: unknown }) => {
      expect(input.filter).toEqual({ status: { eq: ['ACTIVE'] } });
      if (input.analyzerArn.endsWith('/org')) throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
      const p = pageOf(findings, input.nextToken, 10);
      return { findings: p.items, nextToken: p.next };
    });
    const { data, calls } = await collectIn(accessanalyzerCollector, 'eu-west-1');
    // Three pages for the account analyzer; the denied request of the org analyzer is not counted as an answered page.
    expect(calls.filter((c) => c === 'access-analyzer:ListFindingsV2').length).toBe(3);
    const s = compliantSnapshot();
    s.data.accessanalyzer = data;
    const by = Object.fromEntries(accessanalyzer_enabled_without_findings.evaluate(s).map((f) => [f.resource.split('/').pop()!, f]));
    expect(by.account).toMatchObject({ status: 'fail' });
    expect(by.account!.message).toContain('25 active finding(s)');
    expect(by.account!.message).toContain('arn:aws:s3:::shared-0 (AWS::S3::Bucket)');
    expect(by.org).toMatchObject({ status: 'error' });
    expect(by.org!.message).toContain('access-analyzer:ListFindingsV2');
    if (!data.analyzers.ok || !data.analyzers.value[0]!.activeFindings?.ok) throw new Error('not read');
    expect(data.analyzers.value[0]!.activeFindings.value.sample).toHaveLength(KEPT_FINDINGS);
  });
});
