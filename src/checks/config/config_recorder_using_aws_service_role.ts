import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** The partition of a region's ARNs. */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The ARN of the account's service-linked role for AWS Config. */
export function configServiceLinkedRole(accountId: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
}

/**
 * In each scanned region, the customer-managed Config recorder records as the account's service-linked
 * role `AWSServiceRoleForConfig` (exactly that ARN: a role of that name elsewhere, or in another
 * account, is not it). A recorder whose answer names no role is an error. Service-linked recorders
 * always use that role and are not judged; a region without a customer-managed recorder is not
 * applicable here (`config_recorder_all_regions` fails it).
 */
export const config_recorder_using_aws_service_role = defineCheck({
  id: 'config_recorder_using_aws_service_role',
  title: 'AWS Config recorders use the service-linked role',
  demands: "In every scanned region, the account's own Config recorder uses the service-linked role AWSServiceRoleForConfig of this account.",
  actionItem: 7,
  gdpr: ['Art. 30', 'Art. 32'],
  severity: 'low',
  scope: 'region',
  needs: ['config'],
  permissions: ['config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus'],
  rationale:
    'The service-linked role has exactly the permissions Config needs, kept current by AWS and not editable; a hand-made role can lose a permission and leave gaps in the inventory unnoticed.',
  evaluate(s) {
    const resource = regionResource(s);
    const where = `in ${s.region} (account ${s.accountId})`;
    const expected = configServiceLinkedRole(s.accountId, s.region);
    return withData(s, 'config', resource, (c) =>
      fromRead(c.recorders, resource, (recorders) => {
        const own = recorders.filter((r) => !r.servicePrincipal);
        if (own.length === 0) return [notApplicable(resource, `No customer-managed AWS Config recorder ${where} (config_recorder_all_regions reports it).`)];
        return own.map((r): Finding => {
          if (!r.roleArn)
            return {
              status: CheckStatus.Error,
              resource,
              message: `Could not check ${resource}: DescribeConfigurationRecorders gave no roleARN for recorder ${r.name} ${where}.`,
            };
          if (r.roleArn === expected) return pass(resource, `AWS Config recorder ${r.name} ${where} uses the service-linked role AWSServiceRoleForConfig.`);
          const account = r.roleArn.split(':')[4];
          const why = account && account !== s.accountId ? ` (a role of account ${account}, not of this account)` : '';
          return fail(
            resource,
            `AWS Config recorder ${r.name} ${where} records as ${r.roleArn}${why}, not the service-linked role ${expected}. Point the recorder at the service-linked role (PutConfigurationRecorder with that roleARN).`,
          );
        });
      }),
    );
  },
});
