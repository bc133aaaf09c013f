import type { IamRoleDetail } from '../../aws/collectors/iam.js';
import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { isAccountRoot, policyStatements } from '../resource-policy.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** The service principal AWS Control Tower is given trusted access as when a landing zone is set up. */
const CONTROL_TOWER = 'controltower.amazonaws.com';
/** The role Control Tower creates in (and requires of) every enrolled account; it trusts the management account. */
const EXECUTION_ROLE = 'AWSControlTowerExecution';
/** The service role Control Tower creates in the management account when it sets up the landing zone; it trusts controltower.amazonaws.com. */
const ADMIN_ROLE = 'AWSControlTowerAdmin';

function list(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** True when `action` (a string or list) allows `sts:AssumeRole` (exactly, `sts:*` or `*`, any case). */
function allowsAssumeRole(action: unknown): boolean {
  return list(action).some((a) => typeof a === 'string' && ['sts:assumerole', 'sts:*', '*'].includes(a.trim().toLowerCase()));
}

/** True when the role's trust policy lets the service principal `service` assume it. */
function trustsService(role: IamRoleDetail, service: string): boolean {
  return allowing(role).some((principal) => list((principal as { Service?: unknown }).Service).some((p) => p === service));
}

/** The Principal objects of the Allow statements of the role's trust policy that allow sts:AssumeRole. */
function allowing(role: IamRoleDetail): object[] {
  return policyStatements(role.trustPolicy)
    .filter((st) => typeof st.Effect === 'string' && st.Effect.toLowerCase() === 'allow' && allowsAssumeRole(st.Action))
    .map((st) => st.Principal)
    .filter((p): p is object => Boolean(p) && typeof p === 'object' && !Array.isArray(p));
}

/** True when the role's trust policy lets the management account (its root) assume it. */
function trustsManagement(role: IamRoleDetail, managementAccountId: string): boolean {
  return allowing(role).some((principal) =>
    list((principal as { AWS?: unknown }).AWS).some((p) => typeof p === 'string' && isAccountRoot(p, managementAccountId)),
  );
}

/**
 * The account is governed by an AWS Control Tower landing zone (action item 11: "Use AWS Control Tower
 * to set up and govern secure, multi-account AWS environments"). The Control Tower API that lists
 * landing zones is not in the SDK client the registry serves, so the check reads what a landing zone
 * leaves behind, from both sides of the organisation:
 * - the management account: Control Tower holds trusted access to the organisation
 *   (`controltower.amazonaws.com` in ListAWSServiceAccessForOrganization) and the `AWSControlTowerAdmin`
 *   service role it creates there trusts `controltower.amazonaws.com` (trusted access alone can outlive
 *   a landing zone or be granted by hand);
 * - a member account: it is enrolled, i.e. it has the `AWSControlTowerExecution` role that Control Tower
 *   creates in (and requires of) every account it governs, and that role trusts the management account.
 *   A role of that name trusting anyone else is not Control Tower's and does not count.
 * An account outside an organisation cannot be governed by Control Tower (a fail). Whatever could not
 * be read is an error, never a pass.
 */
export const organizations_control_tower_governed = defineCheck({
  id: 'organizations_control_tower_governed',
  title: 'Account is governed by an AWS Control Tower landing zone',
  demands:
    'Management account: controltower.amazonaws.com has trusted access to the organisation and the AWSControlTowerAdmin role trusts it. Member account: the AWSControlTowerExecution role exists and trusts the management account. An account outside an organisation fails.',
  actionItem: 11,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'low',
  scope: 'account',
  needs: ['organizations', 'iam'],
  permissions: ['organizations:DescribeOrganization', 'organizations:ListAWSServiceAccessForOrganization', 'iam:GetAccountAuthorizationDetails'],
  rationale:
    'A landing zone applies the same guardrails (log archive, audit account, region and public-access controls) to every account, including the ones created tomorrow, instead of relying on each account being set up by hand.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'organizations', resource, (orgs) =>
      fromRead(orgs.organization, resource, (o): Finding[] => {
        if (!o) return [fail(resource, `Account ${s.accountId} is not part of an AWS Organization, so no AWS Control Tower landing zone governs it.`)];
        if (o.isManagement) {
          const trusted = orgs.trustedServices;
          if (!trusted)
            return [{ status: CheckStatus.Error, resource, message: `Could not check ${resource}: the organisation's trusted services were not collected.` }];
          return fromRead(trusted, resource, (services) =>
            withData(s, 'iam', resource, (iam) =>
              fromRead(iam.authorization, resource, ({ roles }) => {
                const admin = roles.some((r) => r.name === ADMIN_ROLE && trustsService(r, CONTROL_TOWER));
                if (services.includes(CONTROL_TOWER) && admin) {
                  return [
                    pass(
                      resource,
                      `Account ${s.accountId} manages an AWS Control Tower landing zone: ${CONTROL_TOWER} has trusted access to organization ${o.id} and ${ADMIN_ROLE} trusts it.`,
                    ),
                  ];
                }
                const missing = [
                  ...(services.includes(CONTROL_TOWER)
                    ? []
                    : [`${CONTROL_TOWER} has no trusted access to organization ${o.id} (${services.join(', ') || 'no service'} has)`]),
                  ...(admin ? [] : [`no ${ADMIN_ROLE} role trusted by ${CONTROL_TOWER}`]),
                ];
                return [fail(resource, `Management account ${s.accountId} has no AWS Control Tower landing zone: ${missing.join('; ')}.`)];
              }),
            ),
          );
        }
        return withData(s, 'iam', resource, (iam) =>
          fromRead(iam.authorization, resource, ({ roles }) => {
            const named = roles.filter((r) => r.name === EXECUTION_ROLE);
            if (named.some((r) => trustsManagement(r, o.managementAccountId))) {
              return [
                pass(
                  resource,
                  `Account ${s.accountId} is enrolled in AWS Control Tower: ${EXECUTION_ROLE} trusts the management account ${o.managementAccountId}.`,
                ),
              ];
            }
            if (named.length > 0) {
              return [
                fail(
                  resource,
                  `Role ${EXECUTION_ROLE} of account ${s.accountId} does not trust the management account ${o.managementAccountId}: it is not Control Tower's, and the account is not enrolled.`,
                ),
              ];
            }
            return [fail(resource, `Account ${s.accountId} has no ${EXECUTION_ROLE} role: it is not enrolled in an AWS Control Tower landing zone.`)];
          }),
        );
      }),
    );
  },
});
