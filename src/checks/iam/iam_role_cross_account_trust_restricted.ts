import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { unguardedTrust } from '../iam-policy.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * No role lets principals outside the account assume it without a guard: another account needs an
 * `sts:ExternalId` or an organisation condition (aws:PrincipalOrgID / aws:PrincipalOrgPaths), anyone
 * (`*`) needs a condition pinning the caller, an OIDC provider a condition on the claim that names the
 * caller (`sub`). Service principals, same-account principals and the account's SAML providers pass
 * (see `unguardedTrust` in `../iam-policy.ts`). Each offending role is a result of its own.
 */
export const iam_role_cross_account_trust_restricted = defineCheck({
  id: 'iam_role_cross_account_trust_restricted',
  title: 'Roles trusted by other accounts require an external id or an organisation condition',
  demands:
    'No role trust policy allows another account without sts:ExternalId or aws:PrincipalOrgID, Principal "*" without a condition pinning the caller, or an OIDC provider without a condition on its sub claim; service, same-account and SAML principals pass.',
  actionItem: 2,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'high',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GetAccountAuthorizationDetails'],
  rationale:
    'Temporary credentials are only as scoped as the trust policy that hands them out: a role any principal of another account (or any GitHub repository) may assume is a door into the account, and a third party without an external id is open to the confused deputy problem.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'iam', resource, (iam) =>
      fromRead(iam.authorization, resource, ({ roles }) => {
        const out: Finding[] = [];
        for (const r of roles) {
          const open = unguardedTrust(r.trustPolicy, s.accountId);
          if (open.length > 0)
            out.push(fail(r.arn, `Role ${r.name} (${r.arn}) may be assumed by ${open.map((o) => `${o.who} (${o.statement}: ${o.missing})`).join('; ')}.`));
        }
        if (out.length === 0)
          out.push(
            pass(
              resource,
              `No role of account ${s.accountId} trusts a principal outside it without an external id, organisation or caller condition (${roles.length} role(s) read).`,
            ),
          );
        return out;
      }),
    );
  },
});
