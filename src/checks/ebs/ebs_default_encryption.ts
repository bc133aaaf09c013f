import { fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** EBS encryption by default is on in the region, whether or not it has volumes yet. */
export const ebs_default_encryption = defineCheck({
  id: 'ebs_default_encryption',
  title: 'EBS encryption by default is on',
  demands: 'EBS encryption by default is on in every scanned region, even one with no volumes yet.',
  actionItem: 12,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['ec2'],
  permissions: ['ec2:GetEbsEncryptionByDefault'],
  rationale: 'Encryption by default makes every new volume and snapshot encrypted, whoever creates it: protection by default (Art. 25).',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'ec2', resource, (ec2) =>
      fromRead(ec2.ebsDefaultEncryption, resource, (on) =>
        on
          ? [pass(resource, `EBS encryption by default is on in ${s.region} (account ${s.accountId}).`)]
          : [fail(resource, `EBS encryption by default is off in ${s.region} (account ${s.accountId}).`)],
      ),
    );
  },
});
