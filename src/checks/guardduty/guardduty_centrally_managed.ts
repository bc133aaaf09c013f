import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * GuardDuty is run for the organisation from one account: this detector is a member whose administrator
 * relationship is `Enabled`, or this account is the delegated administrator and auto-enables the
 * organisation's accounts (AutoEnableOrganizationMembers `ALL` or `NEW`, member limit not reached).
 *
 * What a member account can read: its administrator (GetAdministratorAccount), never the organisation's
 * auto-enable setting, which only the delegated administrator may read (DescribeOrganizationConfiguration
 * answers anyone else with a BadRequestException). A member is judged by its own relationship, and the
 * message says where the organisation setting can be read.
 */
export const guardduty_centrally_managed = defineCheck({
  id: 'guardduty_centrally_managed',
  title: 'GuardDuty is managed centrally for the organisation',
  demands:
    'The detector is a member of a GuardDuty administrator (relationship Enabled), or this account is the delegated administrator with organisation auto-enable ALL or NEW.',
  actionItem: 11,
  gdpr: ['Art. 32', 'Art. 33'],
  severity: 'medium',
  scope: 'region',
  needs: ['guardduty'],
  permissions: ['guardduty:ListDetectors', 'guardduty:GetDetector', 'guardduty:GetAdministratorAccount', 'guardduty:DescribeOrganizationConfiguration'],
  rationale:
    "Findings gathered in one administrator account are seen and handled within Art. 33's 72 hours; an account outside it (or a new account not auto-enabled) raises findings nobody watches.",
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'guardduty', resource, (gd) =>
      fromRead(gd.detectors, resource, (detectors) => {
        if (detectors.length === 0)
          return [notApplicable(resource, `GuardDuty is not enabled in ${s.region} (account ${s.accountId}); nothing is managed (see guardduty_enabled).`)];
        return detectors.map((d): Finding => {
          if (!d.management.ok) return errorFinding(d.arn, d.management.error);
          const { administrator, organization } = d.management.value;
          const where = `GuardDuty detector ${d.id} in ${s.region} (account ${s.accountId})`;
          if (administrator?.relationshipStatus === 'Enabled') {
            return pass(
              d.arn,
              `${where} is a member of GuardDuty administrator account ${administrator.accountId}; whether the organisation auto-enables new accounts can only be read in ${administrator.accountId}.`,
            );
          }
          if (organization) {
            if (organization.memberAccountLimitReached)
              return fail(
                d.arn,
                `${where} is the GuardDuty delegated administrator but its member account limit is reached: further accounts cannot be added.`,
              );
            if (organization.autoEnableMembers === 'ALL' || organization.autoEnableMembers === 'NEW') {
              return pass(
                d.arn,
                `${where} is the GuardDuty delegated administrator and auto-enables ${organization.autoEnableMembers === 'ALL' ? 'every account of the organisation' : 'accounts that join the organisation'} (${organization.autoEnableMembers}).`,
              );
            }
            return fail(
              d.arn,
              `${where} is the GuardDuty delegated administrator but does not auto-enable the organisation's accounts (AutoEnableOrganizationMembers ${organization.autoEnableMembers}).`,
            );
          }
          if (administrator) {
            return fail(
              d.arn,
              `${where} names GuardDuty administrator ${administrator.accountId} but the relationship is ${administrator.relationshipStatus || 'unknown'}, not Enabled: its findings do not reach the administrator.`,
            );
          }
          return fail(
            d.arn,
            `${where} has no GuardDuty administrator and is not the organisation's delegated administrator: its findings are seen only in this account.`,
          );
        });
      }),
    );
  },
});
