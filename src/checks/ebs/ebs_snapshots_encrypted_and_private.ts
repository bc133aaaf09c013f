import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** Every EBS snapshot the account owns is encrypted and not public (its createVolumePermission has no group `all`). */
export const ebs_snapshots_encrypted_and_private = defineCheck({
  id: 'ebs_snapshots_encrypted_and_private',
  title: 'EBS snapshots are encrypted and not public',
  demands: 'Every EBS snapshot the account owns is encrypted and its createVolumePermission does not include the group all (public).',
  actionItem: 12,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'critical',
  scope: 'region',
  needs: ['ebs'],
  permissions: ['ec2:DescribeSnapshots', 'ec2:DescribeSnapshotAttribute'],
  rationale: 'A public snapshot is a copy of a disk any AWS account can turn into a volume and read; an unencrypted one is readable by whoever gets a copy.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'ebs', resource, (ebs) =>
      fromRead(ebs.snapshots, resource, (snapshots) => {
        if (snapshots.length === 0) return [notApplicable(resource, `No EBS snapshots owned by account ${s.accountId} in ${s.region}.`)];
        return snapshots.map((n): Finding => {
          // Who may use it is read whatever the encryption: a denied read is an error, never "private".
          if (!n.createVolumePermission.ok) return errorFinding(n.arn, n.createVolumePermission.error);
          const problems = [
            ...(n.encrypted ? [] : ['is not encrypted']),
            ...(n.createVolumePermission.value.includes('all') ? ['is public (createVolumePermission group all)'] : []),
          ];
          if (problems.length > 0) return fail(n.arn, `EBS snapshot ${n.id} in ${s.region} ${problems.join(' and ')}.`);
          const shared = n.createVolumePermission.value.length > 0 ? `, shared with ${n.createVolumePermission.value.length} account(s)` : '';
          return pass(n.arn, `EBS snapshot ${n.id} is encrypted and not public${shared}.`);
        });
      }),
    );
  },
});
