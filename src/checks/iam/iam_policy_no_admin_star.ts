import type { IamPrincipalDetail } from '../../aws/collectors/iam.js';
import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { adminGrant, isAwsAdministratorAccess } from '../iam-policy.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

type Kind = 'user' | 'group' | 'role';

/**
 * No user, group or role holds administrator access through a policy: the AWS managed
 * `AdministratorAccess` attached anywhere, a customer managed policy or an inline policy that allows
 * every action on every resource (`*`, `*:*`, `NotAction` that keeps IAM, `NotResource`; see
 * `../iam-policy.ts`). Each offending principal and each offending customer managed policy is its own
 * failing result. A customer managed policy that grants it but is attached to nothing fails too
 * (as Prowler's unattached-policy check does; Steampipe passes it): it is one attach call from making
 * any principal an administrator, and the message says it is attached to nothing.
 */
export const iam_policy_no_admin_star = defineCheck({
  id: 'iam_policy_no_admin_star',
  title: 'No user, group or role has full administrator access through a policy (AdministratorAccess, Allow * on *)',
  demands:
    'No user, group or role has AdministratorAccess attached, or a customer managed or inline policy that allows `*` on `*` (or NotAction/NotResource that leaves almost everything allowed); each one is a result of its own.',
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'high',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GetAccountAuthorizationDetails'],
  rationale:
    'Policies that allow every action on every resource (the AWS managed AdministratorAccess, `*` on `*`, or NotAction/NotResource that leaves IAM allowed) defeat least privilege; use AWS managed job-function policies or scoped ones.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 'iam', account, (iam) =>
      fromRead(iam.authorization, account, ({ users, groups, roles, policies }) => {
        const out: Finding[] = [];
        const judged = new Map<string, ReturnType<typeof adminGrant>>();
        for (const p of policies) {
          if (p.document === undefined) {
            out.push({
              status: CheckStatus.Error,
              resource: p.arn,
              message: `Could not check customer managed policy ${p.name} (${p.arn}): iam:GetAccountAuthorizationDetails returned no default version of its document.`,
            });
            continue;
          }
          const grant = adminGrant(p.document);
          judged.set(p.arn, grant);
          if (!grant) out.push(pass(p.arn, `Customer managed policy ${p.name} (${p.arn}) does not grant administrator access.`));
          else if (p.attachmentCount > 0)
            out.push(
              fail(
                p.arn,
                `Customer managed policy ${p.name} (${p.arn}) ${grant.how}: administrator access for the ${p.attachmentCount} user(s), group(s) or role(s) it is attached to.`,
              ),
            );
          else
            out.push(
              fail(
                p.arn,
                `Customer managed policy ${p.name} (${p.arn}) ${grant.how}; it is attached to nothing now, but attaching it makes that principal an administrator: scope or delete it.`,
              ),
            );
        }
        const principal = (kind: Kind, x: IamPrincipalDetail) => {
          const reasons: string[] = [];
          for (const ap of x.attachedPolicies) {
            if (isAwsAdministratorAccess(ap.arn)) reasons.push(`has the AWS managed AdministratorAccess (${ap.arn}) attached`);
            else {
              // Customer managed policies are judged once above (an unreadable one has its own error result).
              const grant = judged.get(ap.arn);
              if (grant) reasons.push(`has customer managed policy ${ap.name} attached, which ${grant.how}`);
            }
          }
          for (const ip of x.inlinePolicies) {
            const grant = adminGrant(ip.document);
            if (grant) reasons.push(`has inline policy ${ip.name}, which ${grant.how}`);
          }
          if (reasons.length > 0)
            out.push(fail(x.arn, `${kind[0]!.toUpperCase()}${kind.slice(1)} ${x.name} (${x.arn}) has administrator access: it ${reasons.join('; it ')}.`));
        };
        for (const u of users) principal('user', u);
        for (const g of groups) principal('group', g);
        for (const r of roles) principal('role', r);
        if (out.length === 0) out.push(pass(account, `No user, group, role or customer managed policy of account ${s.accountId} grants administrator access.`));
        return out;
      }),
    );
  },
});
