import { AccessAnalyzerClient, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { accessanalyzerCollector } from '../../src/aws/collectors/accessanalyzer.js';
import { accessanalyzer_enabled } from '../../src/checks/accessanalyzer/accessanalyzer_enabled.js';
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
        { name: `failed-${region}`, arn: 'arn:2', type: 'ORGANIZATION', status: 'FAILED', statusReason: { code: 'AWS_SERVICE_ACCESS_DISABLED' }, createdAt: new Date() },
        { name: `account-${region}`, arn: 'arn:3', type: 'ACCOUNT', status: 'ACTIVE', createdAt: new Date() },
      ];
      const p = pageOf(all, input.nextToken, 1);
      return { analyzers: p.items, nextToken: p.next };
    });
    for (const region of ['eu-west-1', 'eu-central-1']) {
      const { data, calls } = await collectIn(accessanalyzerCollector, region, ['eu-west-1', 'eu-central-1']);
      if (!data.analyzers.ok) throw new Error('not read');
      expect(data.analyzers.value.map((a) => a.name)).toEqual([`unused-${region}`, `failed-${region}`, `account-${region}`]);
      expect(data.analyzers.value[1]).toMatchObject({ type: 'ORGANIZATION', status: 'FAILED', statusReason: 'AWS_SERVICE_ACCESS_DISABLED' });
      expect(calls).toEqual(['access-analyzer:ListAnalyzers', 'access-analyzer:ListAnalyzers', 'access-analyzer:ListAnalyzers']);
    }
    expect(seen.map((x) => `${x.region}:${x.token ?? '-'}`)).toEqual(['eu-west-1:-', 'eu-west-1:t1', 'eu-west-1:t2', 'eu-central-1:-', 'eu-central-1:t1', 'eu-central-1:t2']);
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
});
