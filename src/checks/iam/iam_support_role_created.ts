import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** `arn:<partition>:iam::aws:policy/AWSSupportAccess`, the AWS managed policy that lets a principal manage AWS Support cases. */
const AWS_SUPPORT_ACCESS = /^arn:aws(-[a-z]+)*:iam::aws:policy\/AWSSupportAccess$/;

/**
 * A role exists to manage incidents with AWS Support: some IAM role has the AWS managed
 * `AWSSupportAccess` policy attached (CIS 1.17, as Prowler and Steampipe read it). The service-linked
 * role `AWSServiceRoleForSupport` does not count: it holds `AWSSupportServiceRolePolicy`, which lets
 * AWS Support call services for you, not your people open cases. A user or group with the policy does
 * not count either: the control asks for a role that people assume.
 */
export const iam_support_role_created = defineCheck({
  id: 'iam_support_role_created',
  title: 'A support role exists (a role with AWSSupportAccess attached)',
  demands:
    'At least one IAM role has the AWS managed policy AWSSupportAccess attached; the service-linked AWSServiceRoleForSupport (AWSSupportServiceRolePolicy) and users or groups with the policy do not count.',
  actionItem: 1,
  gdpr: ['Art. 32', 'Art. 33'],
  severity: 'low',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GetAccountAuthorizationDetails'],
  rationale:
    'A breach must be handled quickly (Art. 33); a dedicated role lets the incident team open AWS Support cases without broader rights or a shared root login.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'iam', resource, (iam) =>
      fromRead(iam.authorization, resource, ({ users, groups, roles }) => {
        const support = roles.filter((r) => r.attachedPolicies.some((p) => AWS_SUPPORT_ACCESS.test(p.arn)));
        if (support.length > 0)
          return [pass(resource, `Account ${s.accountId} has a support role: ${support.map((r) => r.name).join(', ')} (AWSSupportAccess attached).`)];
        const others = [...users, ...groups].filter((x) => x.attachedPolicies.some((p) => AWS_SUPPORT_ACCESS.test(p.arn))).map((x) => x.name);
        const note = others.length > 0 ? ` (${others.join(', ')} hold AWSSupportAccess, but as a user or group, not a role)` : '';
        return [fail(resource, `No IAM role of account ${s.accountId} has AWSSupportAccess attached${note}: create a support role for the incident team.`)];
      }),
    );
  },
});
