import { allowsAdminStar, fail, fromRead, accountResource, pass, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** No customer managed policy or inline user policy allows `*` on `*`. */
export const iam_policy_no_admin_star = defineCheck({
  id: 'iam_policy_no_admin_star',
  title: 'No custom policy grants full administrator access (*:*)',
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'high',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GetAccountAuthorizationDetails'],
  rationale: 'Policies that allow every action on every resource defeat least privilege; use AWS managed job-function policies or scoped ones.',
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 'iam', account, (iam) =>
      fromRead(iam.authorization, account, ({ users, policies }) => {
        const out: Finding[] = policies.map((p) =>
          allowsAdminStar(p.document)
            ? fail(p.arn, `Customer managed policy ${p.name} (${p.arn}) allows every action on every resource.`)
            : pass(p.arn, `Customer managed policy ${p.name} (${p.arn}) does not allow *:*.`),
        );
        for (const u of users) {
          for (const ip of u.inlinePolicies) {
            if (allowsAdminStar(ip.document)) out.push(fail(u.arn, `Inline policy ${ip.name} of user ${u.name} (${u.arn}) allows every action on every resource.`));
          }
        }
        if (out.length === 0) out.push(pass(account, `Account ${s.accountId} has no custom policies that allow *:*.`));
        return out;
      }),
    );
  },
});
