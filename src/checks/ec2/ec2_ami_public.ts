import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** No AMI the account owns is public (launch permission for every AWS account, `Public: true`). */
export const ec2_ami_public = defineCheck({
  id: 'ec2_ami_public',
  title: 'No AMI of the account is public',
  demands: 'No AMI the account owns (DescribeImages Owners self, deprecated and disabled ones included) has Public true.',
  actionItem: 4,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'critical',
  scope: 'region',
  needs: ['ec2'],
  permissions: ['ec2:DescribeImages'],
  rationale: 'A public AMI lets any AWS account launch a copy of the machine image, with whatever data, credentials and keys were baked into its disks.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'ec2', resource, (ec2) =>
      fromRead(ec2.images, resource, (images) => {
        if (images.length === 0) return [notApplicable(resource, `The account ${s.accountId} owns no AMIs in ${s.region}.`)];
        return images.map((i): Finding =>
          i.public
            ? fail(i.arn, `AMI ${i.id} (${i.name}) in ${s.region} is public: every AWS account can launch it. Remove the "all" launch permission.`)
            : pass(i.arn, `AMI ${i.id} (${i.name}) is not public.`),
        );
      }),
    );
  },
});
