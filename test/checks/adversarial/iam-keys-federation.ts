import type { CredentialUser, IdentityProviders } from '../../../src/aws/collectors/iam.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, AT, denied, ok } from '../fixtures.js';

const days = (d: number) => new Date(Date.parse(AT) + d * 86_400_000).toISOString();

function v<T>(read: { ok: true; value: T } | { ok: false } | undefined): T {
  if (!read || !read.ok) throw new Error('fixture read is not ok');
  return read.value;
}
const iam = (s: Snapshot) => s.data.iam!;
const rows = (s: Snapshot): CredentialUser[] => v(iam(s).credentialReport);
const row = (s: Snapshot, name: string) => rows(s).find((r) => r.user === name)!;
const providers = (s: Snapshot, p: IdentityProviders) => void (iam(s).identityProviders = ok(p));
const saml = (name: string, validUntil?: string) => ({ arn: `arn:aws:iam::${ACCOUNT}:saml-provider/${name}`, name, ...(validUntil ? { validUntil } : {}) });
const oidc = (url: string) => ({ arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${url}`, url });

const REPORT =
  'IAM credential report columns (Getting credential reports, IAM User Guide): access_key_1_active, access_key_2_active (each user may have two access keys), password_enabled; the <root_account> line';
const PROVIDERS =
  'IAM ListSAMLProviders SAMLProviderList[].Arn/ValidUntil/CreateDate (ValidUntil: the expiration date of the provider, from its metadata document); ListOpenIDConnectProviders OpenIDConnectProviderList[].Arn; IAM Identity Center creates a SAML provider named AWSSSO_<id>_DO_NOT_DELETE in each account it assigns';

/** IAM: a second access key hidden in slot 2; federation that looks set up and is not (or the reverse). */
export const CASES: AdversarialCase[] = [
  // iam_user_two_active_access_key
  {
    check: 'iam_user_two_active_access_key',
    name: 'a machine user without a console password whose rotation left the old key active in slot 1 and the new one in slot 2',
    source: REPORT,
    mutate: (s) => void (row(s, 'ci-deployer').accessKeys[1] = { slot: 2, active: true, lastRotated: days(-2), lastUsed: days(-1) }),
    expect: 'fail',
    resource: 'user/ci-deployer',
  },
  {
    check: 'iam_user_two_active_access_key',
    name: 'a user with both key columns filled in (two keys exist) but slot 1 deactivated holds one active key',
    source: `${REPORT}; a deactivated key keeps its last_rotated and last_used dates`,
    mutate: (s) => {
      row(s, 'ci-deployer').accessKeys = [
        { slot: 1, active: false, lastRotated: days(-200), lastUsed: days(-120) },
        { slot: 2, active: true, lastRotated: days(-20), lastUsed: days(-1) },
      ];
    },
    expect: 'pass',
    resource: 'user/ci-deployer',
  },
  {
    check: 'iam_user_two_active_access_key',
    name: 'a credential report IAM could not produce (still generating after every poll) cannot pass anyone',
    source: 'IAM GenerateCredentialReport: State STARTED / INPROGRESS until COMPLETE; GetCredentialReport fails with ReportInProgress meanwhile',
    mutate: (s) =>
      void (iam(s).credentialReport = {
        ok: false,
        error: {
          call: 'iam:GenerateCredentialReport',
          kind: 'other',
          code: 'ReportNotReady',
          message: 'the credential report was still STARTED after 10 polls',
        },
      }),
    expect: 'error',
  },

  // iam_account_federated_identity_provider
  {
    check: 'iam_account_federated_identity_provider',
    name: 'an OIDC provider for GitHub Actions looks like federation; it signs in workflows, not people, and console users remain',
    source: `${PROVIDERS}; IAM User Guide, OIDC federation (AssumeRoleWithWebIdentity) for GitHub Actions and EKS service accounts`,
    mutate: (s) =>
      providers(s, {
        saml: [],
        oidc: [oidc('token.actions.githubusercontent.com'), oidc('oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE')],
      }),
    expect: 'fail',
  },
  {
    check: 'iam_account_federated_identity_provider',
    name: "the company IdP's SAML provider exists, but its ValidUntil has passed: nobody can sign in through it",
    source: PROVIDERS,
    mutate: (s) => providers(s, { saml: [saml('Okta', days(-3))], oidc: [] }),
    expect: 'fail',
  },
  {
    check: 'iam_account_federated_identity_provider',
    name: 'a SAML provider without ValidUntil (IAM documents no default expiry) counts as valid',
    source: PROVIDERS,
    mutate: (s) => providers(s, { saml: [saml('AzureAD')], oidc: [] }),
    expect: 'pass',
  },
  {
    check: 'iam_account_federated_identity_provider',
    name: 'no identity provider, but no IAM user has a console password either: nobody signs in here (not a pass)',
    source: `${PROVIDERS}; ${REPORT}`,
    mutate: (s) => {
      providers(s, { saml: [], oidc: [] });
      row(s, 'alice').passwordEnabled = false;
    },
    expect: 'not_applicable',
  },
  {
    check: 'iam_account_federated_identity_provider',
    name: 'ListOpenIDConnectProviders denied while the SAML list is empty: the verdict is unknown',
    source: `${PROVIDERS}; each list needs its own action (iam:ListSAMLProviders, iam:ListOpenIDConnectProviders)`,
    mutate: (s) => void (iam(s).identityProviders = denied('iam:ListOpenIDConnectProviders')),
    expect: 'error',
  },
];
