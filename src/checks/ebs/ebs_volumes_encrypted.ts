import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/**
 * Every EBS volume of the region is encrypted, whatever its state (a volume still `creating`, or in
 * `error`, holds or will hold data too); only `deleted` volumes are left out.
 */
export const ebs_volumes_encrypted = defineCheck({
  id: 'ebs_volumes_encrypted',
  title: 'EBS volumes are encrypted',
  demands: 'Every EBS volume, whatever its state (deleted ones aside), is encrypted.',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['ec2'],
  permissions: ['ec2:DescribeVolumes'],
  rationale: 'An unencrypted volume or its snapshots can be read by anyone who gets a copy of them.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'ec2', resource, (ec2) =>
      fromRead(ec2.volumes, resource, (all) => {
        const volumes = all.filter((v) => v.state !== 'deleted');
        if (volumes.length === 0) return [notApplicable(resource, `No EBS volumes in ${s.region} (account ${s.accountId}).`)];
        return volumes.map((v) =>
          v.encrypted
            ? pass(v.arn, `EBS volume ${v.id} (${v.state}) is encrypted.`)
            : fail(v.arn, `EBS volume ${v.id} (${v.state}) in ${s.region} is not encrypted.`),
        );
      }),
    );
  },
});
