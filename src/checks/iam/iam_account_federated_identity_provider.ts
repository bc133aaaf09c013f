import type { IdentityProviders } from '../../aws/collectors/iam.js';
import { accountResource, errorFinding, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** IAM Identity Center names the SAML provider it creates in each account it assigns `AWSSSO_<id>_DO_NOT_DELETE`. */
const IDENTITY_CENTER = /^AWSSSO_/;

function names(list: readonly string[], max = 5): string {
  return list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} and ${list.length - max} more`;
}

/**
 * People sign in through federation (temporary STS credentials), not as IAM users: the account trusts a
 * SAML identity provider (IAM Identity Center's `AWSSSO_…` one, or the company's own IdP) whose
 * `ValidUntil` has not passed. An expired provider cannot sign anyone in, so it does not count. OIDC
 * providers do not count either: IAM's OIDC federation (AssumeRoleWithWebIdentity) serves workloads
 * (GitHub Actions, EKS service accounts, CI) and app users, not the workforce's console sign-in; the
 * message names them so the reader sees they were weighed.
 *
 * Without a valid SAML provider, the account fails when IAM users have console passwords (people sign
 * in with long-lived IAM credentials), and is not applicable when none do (nobody signs in to it
 * directly; people may reach it by assuming roles from another account).
 */
export const iam_account_federated_identity_provider = defineCheck({
  id: 'iam_account_federated_identity_provider',
  title: 'People sign in through federation (SAML / IAM Identity Center)',
  demands:
    'The account trusts a SAML identity provider (IAM Identity Center or the company IdP) whose ValidUntil has not passed; without one, IAM users with console passwords fail (OIDC providers serve workloads, not people).',
  actionItem: 2,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:ListSAMLProviders', 'iam:ListOpenIDConnectProviders', 'iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  rationale:
    "Federated sign-in gives people short-lived STS credentials, central joiner/leaver control and the IdP's MFA; IAM user passwords are standing credentials that outlive the person's role.",
  evaluate(s) {
    const account = accountResource(s);
    return withData(s, 'iam', account, (iam) =>
      fromRead(iam.credentialReport, account, (rows) => {
        if (!iam.identityProviders)
          return [
            errorFinding(account, { call: 'iam:ListSAMLProviders', kind: 'other', code: 'NotCollected', message: 'the identity providers were not read' }),
          ];
        return fromRead(iam.identityProviders, account, (providers: IdentityProviders) => {
          const now = Date.parse(s.collectedAt);
          const valid = providers.saml.filter((p) => p.validUntil === undefined || Date.parse(p.validUntil) > now);
          const expired = providers.saml.filter((p) => !valid.includes(p));
          const consoleUsers = rows.filter((r) => !r.root && r.passwordEnabled).map((r) => r.user);
          const oidc =
            providers.oidc.length > 0
              ? ` OIDC provider(s) ${names(providers.oidc.map((p) => p.url))} serve web identity (workloads, app users), not people's sign-in, so they do not count.`
              : '';
          const expiredNote =
            expired.length > 0
              ? ` SAML provider(s) ${names(expired.map((p) => `${p.name} (expired ${p.validUntil!.slice(0, 10)})`))} can no longer sign anyone in.`
              : '';
          if (valid.length > 0) {
            const center = valid.filter((p) => IDENTITY_CENTER.test(p.name));
            const how = center.length > 0 ? `IAM Identity Center (${names(center.map((p) => p.name))})` : `SAML provider(s) ${names(valid.map((p) => p.name))}`;
            const still =
              consoleUsers.length > 0
                ? ` ${consoleUsers.length} IAM user(s) still have a console password (${names(consoleUsers)}); move them to federation.`
                : '';
            return [pass(account, `Account ${s.accountId} signs people in through ${how}.${still}`)];
          }
          if (consoleUsers.length === 0) {
            return [
              notApplicable(
                account,
                `Account ${s.accountId} trusts no valid SAML identity provider, and no IAM user has a console password: nobody signs in to it directly.${expiredNote}${oidc}`,
              ),
            ];
          }
          return [
            fail(
              account,
              `Account ${s.accountId} trusts no valid SAML identity provider, and ${consoleUsers.length} IAM user(s) sign in with a console password (${names(consoleUsers)}): set up IAM Identity Center (or a SAML IdP) and retire the IAM users' passwords.${expiredNote}${oidc}`,
            ),
          ];
        });
      }),
    );
  },
});
