import type { DaxCluster } from '../../../src/aws/collectors/dax.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT } from '../fixtures.js';

const clusters = (s: Snapshot): DaxCluster[] => {
  const r = s.data.dax!.clusters;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const cluster = (name: string, sseStatus?: string): DaxCluster => ({
  name,
  arn: `arn:aws:dax:eu-west-1:${ACCOUNT}:cache/${name}`,
  status: 'available',
  ...(sseStatus ? { sseStatus } : {}),
});
const SOURCE =
  'DAX API, DescribeClusters: SSEDescription.Status ENABLING | ENABLED | DISABLING | DISABLED; absent for clusters created without SSE (it can only be chosen at creation)';

/** DAX: caches that look encrypted and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'dax_cluster_encryption_enabled',
    name: 'a cluster created before SSE existed has no SSEDescription at all: not encrypted',
    source: SOURCE,
    mutate: (s) => {
      clusters(s).push(cluster('legacy'));
    },
    expect: 'fail',
    resource: 'legacy',
  },
  {
    check: 'dax_cluster_encryption_enabled',
    name: 'SSE status ENABLING is not yet ENABLED',
    source: SOURCE,
    mutate: (s) => {
      clusters(s).push(cluster('new-cache', 'ENABLING'));
    },
    expect: 'fail',
    resource: 'new-cache',
  },
];
