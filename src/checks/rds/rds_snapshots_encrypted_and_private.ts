import type { DbSnapshot } from '../../aws/collectors/rds.js';
import { errorFinding, fail, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

function judge(n: DbSnapshot, region: string): Finding {
  const what = `${n.kind === 'cluster' ? 'DB cluster snapshot' : 'DB snapshot'} ${n.id}`;
  // Who may restore it is read whatever the encryption: a denied read is an error, never "private".
  if (!n.restore.ok) return errorFinding(n.arn, n.restore.error);
  const problems = [...(n.encrypted ? [] : ['is not encrypted']), ...(n.restore.value.includes('all') ? ['is public (restore attribute: all)'] : [])];
  if (problems.length > 0) return fail(n.arn, `${what} in ${region} ${problems.join(' and ')}.`);
  const shared = n.restore.value.length > 0 ? `, shared with ${n.restore.value.length} account(s)` : '';
  return pass(n.arn, `${what} is encrypted and not public${shared}.`);
}

/** Every manual DB and DB cluster snapshot is encrypted and nobody outside the accounts it is shared with can restore it. */
export const rds_snapshots_encrypted_and_private = defineCheck({
  id: 'rds_snapshots_encrypted_and_private',
  title: 'RDS snapshots are encrypted and not public',
  demands: 'Every manual DB and DB cluster snapshot is encrypted and its restore attribute does not contain `all` (public).',
  actionItem: 12,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'critical',
  scope: 'region',
  needs: ['rds'],
  permissions: ['rds:DescribeDBSnapshots', 'rds:DescribeDBSnapshotAttributes', 'rds:DescribeDBClusterSnapshots', 'rds:DescribeDBClusterSnapshotAttributes'],
  rationale: 'A public snapshot is a copy of the whole database that any AWS account can restore; an unencrypted one is readable by whoever gets a copy.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'rds', resource, (rds) => {
      const out: Finding[] = [];
      for (const read of [rds.dbSnapshots, rds.clusterSnapshots]) {
        if (!read.ok) out.push(errorFinding(resource, read.error));
        else out.push(...read.value.map((n) => judge(n, s.region)));
      }
      return out.length > 0 ? out : [notApplicable(resource, `No manual RDS snapshots in ${s.region} (account ${s.accountId}).`)];
    });
  },
});
