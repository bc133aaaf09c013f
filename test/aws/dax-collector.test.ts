import { DAXClient, DescribeClustersCommand } from '@aws-sdk/client-dax';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { daxCollector } from '../../src/aws/collectors/dax.js';
import { dax_cluster_encryption_enabled } from '../../src/checks/dax/dax_cluster_encryption_enabled.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, TEST_ACCOUNT } from '../helpers/collect-in.js';

const dax = mockClient(DAXClient);
afterEach(() => dax.reset());

describe('the DAX collector', () => {
  it("follows NextToken on DescribeClusters (MaxResults 100) and keeps each cluster's SSE status", async () => {
    const clusters = [
      { ClusterName: 'on', Status: 'available', SSEDescription: { Status: 'ENABLED' } },
      { ClusterName: 'off', Status: 'available', SSEDescription: { Status: 'DISABLED' } },
      { ClusterName: 'old', Status: 'available' },
      { ClusterName: 'going', Status: 'deleting' },
    ].map((c) => ({ ...c, ClusterArn: `arn:aws:dax:eu-west-1:${TEST_ACCOUNT}:cache/${c.ClusterName}` }));
    const sent: string[] = [];
    dax.on(DescribeClustersCommand).callsFake((input: { NextToken?: string; MaxResults?: number }) => {
      sent.push(`max=${input.MaxResults} token=${input.NextToken ?? '-'}`);
      const p = pageOf(clusters, input.NextToken, 3);
      return { Clusters: p.items, NextToken: p.next };
    });
    const { data } = await collectIn(daxCollector, 'eu-west-1');
    expect(sent).toEqual(['max=100 token=-', 'max=100 token=t3']);
    const s = compliantSnapshot();
    s.data.dax = data;
    expect(Object.fromEntries(dax_cluster_encryption_enabled.evaluate(s).map((f) => [f.resource.split('/').pop(), f.status]))).toEqual({
      on: 'pass',
      off: 'fail',
      old: 'fail',
    });
  });

  it('gives an error, not a loop, when DescribeClusters hands out the same token again', async () => {
    dax.on(DescribeClustersCommand).resolves({ Clusters: [], NextToken: 'again' });
    const { data } = await collectIn(daxCollector, 'eu-west-1');
    expect(data.clusters).toMatchObject({ ok: false, error: { call: 'dax:DescribeClusters', code: 'RepeatedNextToken' } });
  });
});
