/**
 * IAM policy analysis shared by the IAM checks: does a policy document grant administrator access?
 *
 * "Administrator access" here means a principal holding the document can do everything, IAM included
 * (whoever may call IAM freely can grant themselves the rest). A document grants it when one of its
 * `Allow` statements
 * - allows every action (`*`, `*:*`, any case) on every resource, or
 * - allows `NotAction` [list] on every resource where the list does not exclude the whole IAM service
 *   (`NotAction: ["s3:*"]` still allows `iam:*`; `NotAction: ["iam:*", …]`, the PowerUserAccess shape, does not),
 * and "every resource" is `Resource: "*"` (or an ARN pattern matching every ARN) or a `NotResource`
 * that leaves (almost) everything in scope (any `NotResource` list that does not itself match every resource).
 *
 * A `Deny` in the same document cancels that only when it certainly removes IAM: no `Condition`,
 * `Resource` matching every resource, and an `Action` matching every IAM action (or a `NotAction`
 * naming only other services). A conditional Deny (MFA, source IP, region) does not: when its
 * condition does not hold, the Allow stands. A Deny in another policy of the same principal is not
 * considered (the check judges each document on its own; that errs towards `fail`, never `pass`).
 * A `Condition` on the Allow does not make it less than administrator access either; the message says so.
 */

import { conditionEntries, narrowingCondition, principalIsEveryone, type PolicyStatement } from './resource-policy.js';

/** One policy statement, as written (IAM accepts a string or an array for each list). */
interface RawStatement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

/** How a document grants administrator access, in words for a finding ("allows Action "*" on Resource "*""). */
export interface AdminGrant {
  /** E.g. `allows NotAction ["s3:*"] on Resource "*"`. */
  how: string;
  /** True when the granting statement carries a Condition. */
  conditional: boolean;
}

/** `arn:<partition>:iam::aws:policy/AdministratorAccess`, the AWS managed administrator policy. */
const AWS_ADMINISTRATOR_ACCESS = /^arn:aws(-[a-z]+)*:iam::aws:policy\/AdministratorAccess$/;

/** True for the ARN of the AWS managed `AdministratorAccess` policy, in any partition. */
export function isAwsAdministratorAccess(arn: string): boolean {
  return AWS_ADMINISTRATOR_ACCESS.test(arn);
}

function strings(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x): x is string => typeof x === 'string');
}

function statementsOf(document: unknown): RawStatement[] {
  if (!document || typeof document !== 'object') return [];
  const st = (document as { Statement?: unknown }).Statement;
  const list = Array.isArray(st) ? st : st === undefined || st === null ? [] : [st];
  return list.filter((s): s is RawStatement => s !== null && typeof s === 'object' && !Array.isArray(s));
}

/** Full-string match of an IAM wildcard pattern (`*` any run, `?` one character), case-insensitive. */
function wildcardMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'is').test(value);
}

/** `pattern` minus its trailing run of `*`, or undefined when it does not end in `*`. */
function headBeforeTrailingStar(pattern: string): string | undefined {
  const m = /^(.*?)\*+$/s.exec(pattern);
  return m ? m[1] : undefined;
}

/** True when an action pattern matches every action of every service (`*`, `*:*`, `**`). */
function matchesEveryAction(pattern: string): boolean {
  const head = headBeforeTrailingStar(pattern.trim());
  return head !== undefined && (head === '' || /^\*+(:\**)?$/.test(head));
}

/** True when an action pattern matches every IAM action (`*`, `*:*`, `iam:*`, `IAM:*`, `i*`). */
function matchesEveryIamAction(pattern: string): boolean {
  const head = headBeforeTrailingStar(pattern.trim());
  if (head === undefined) return false;
  const prefix = 'iam:';
  for (let k = 0; k <= prefix.length; k++) if (wildcardMatches(head, prefix.slice(0, k))) return true;
  return false;
}

/** True when an action pattern certainly matches no IAM action (a literal service other than `iam`). */
function matchesNoIamAction(pattern: string): boolean {
  const i = pattern.indexOf(':');
  if (i <= 0) return false;
  const service = pattern.slice(0, i);
  return !/[*?]/.test(service) && service.toLowerCase() !== 'iam';
}

/** True when a resource pattern matches every resource (`*`, `*:*`, `arn:*`, `arn:aws:*:*:*:*`). */
function matchesEveryResource(pattern: string): boolean {
  const head = headBeforeTrailingStar(pattern.trim());
  if (head === undefined) return false;
  return head === '' || /^[*:/]+$/.test(head) || /^arn(:(\*+|aws(-[a-z]+)*)(:\**)*)?:?$/i.test(head);
}

function hasCondition(st: RawStatement): boolean {
  return st.Condition !== undefined && st.Condition !== null && typeof st.Condition === 'object' && Object.keys(st.Condition).length > 0;
}

/** Actions or resources as JSON in backticks: `*` is literal text in Slack's mrkdwn there, never bold. */
function quoted(list: string[]): string {
  return `\`${list.length === 1 ? JSON.stringify(list[0]) : `[${list.map((x) => JSON.stringify(x)).join(', ')}]`}\``;
}

/** The resources a statement covers, when they are (almost) all of them: its words, else undefined. */
function everyResourceWords(st: RawStatement): string | undefined {
  const resource = strings(st.Resource);
  if (resource?.some(matchesEveryResource)) return `on Resource ${quoted(resource)}`;
  const notResource = strings(st.NotResource);
  if (notResource && notResource.length > 0 && !notResource.some(matchesEveryResource)) return `on every resource except NotResource ${quoted(notResource)}`;
  return undefined;
}

/** True when an unconditional Deny of the document removes every IAM action on every resource. */
function deniesIam(st: RawStatement): boolean {
  if (st.Effect !== 'Deny' || hasCondition(st)) return false;
  if (!strings(st.Resource)?.some(matchesEveryResource) || st.NotResource !== undefined) return false;
  const action = strings(st.Action);
  if (action) return action.some(matchesEveryIamAction);
  const notAction = strings(st.NotAction);
  return notAction !== undefined && notAction.length > 0 && notAction.every(matchesNoIamAction);
}

/**
 * How `document` grants administrator access (see the module comment), or undefined when it does not.
 * Tolerates a single Statement object and string-or-array Action/Resource; unknown shapes grant nothing.
 */
export function adminGrant(document: unknown): AdminGrant | undefined {
  const all = statementsOf(document);
  if (all.some(deniesIam)) return undefined;
  for (const st of all) {
    if (typeof st.Effect !== 'string' || st.Effect.toLowerCase() !== 'allow') continue;
    const where = everyResourceWords(st);
    if (!where) continue;
    const action = strings(st.Action);
    const notAction = strings(st.NotAction);
    let what: string | undefined;
    if (action?.some(matchesEveryAction)) what = `allows Action ${quoted(action)}`;
    else if (action === undefined && notAction && !notAction.some(matchesEveryIamAction))
      what = `allows NotAction ${quoted(notAction)} (everything else, IAM included)`;
    if (what) return { how: `${what} ${where}${hasCondition(st) ? ' (under a Condition)' : ''}`, conditional: hasCondition(st) };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Role trust policies: who outside the account may assume the role, and on what condition

/** One way a trust policy lets someone outside the account assume the role without a guard. */
export interface UnguardedTrust {
  /** `statement "Sid"` or `statement N`. */
  statement: string;
  /** Who, in words: `account 444455556666 (arn:aws:iam::444455556666:root)`, `anyone (Principal "*")`. */
  who: string;
  /** What is missing, in words. */
  missing: string;
}

/** Positive tests a guard may use (never a negation, never IfExists: an absent key must not let the caller in). */
const GUARD_OPERATOR = /^(foranyvalue:)?(stringequals|stringequalsignorecase|stringlike|arnequals|arnlike)$/;

/** True when the statement tests `key` (any case) with a positive operator against values that are not all wildcards. */
function guards(st: PolicyStatement, key: string): boolean {
  return conditionEntries(st).some(
    (e) =>
      e.key.toLowerCase() === key &&
      GUARD_OPERATOR.test(e.operator.toLowerCase()) &&
      e.values.length > 0 &&
      e.values.every((v) => typeof v === 'string' && v.trim() !== '' && !/^[*?]+$/.test(v.trim())),
  );
}

/** True when the statement restricts callers to an organisation (aws:PrincipalOrgID / aws:PrincipalOrgPaths). */
function orgGuard(st: PolicyStatement): boolean {
  return guards(st, 'aws:principalorgid') || guards(st, 'aws:principalorgpaths');
}

/** The account of an AWS principal as written (`123456789012`, `arn:aws:iam::123456789012:root|role/x|user/x`), or undefined (a unique id of a deleted principal). */
function principalAccount(p: string): string | undefined {
  if (/^\d{12}$/.test(p)) return p;
  const m = /^arn:aws(-[a-z]+)*:(iam|sts)::(\d{12}):/.exec(p);
  return m ? m[3] : undefined;
}

/** The documented claim that pins the caller for the public OIDC identity providers; others use `<provider>:sub`. */
const OIDC_CLAIM: Record<string, string> = {
  'cognito-identity.amazonaws.com': 'aud',
  'accounts.google.com': 'aud',
  'graph.facebook.com': 'app_id',
  'www.amazon.com': 'app_id',
};

function asList(v: unknown): string[] {
  const l = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
  return l.filter((x): x is string => typeof x === 'string');
}

/**
 * The Allow statements of a role's trust policy that let a principal outside `accountId` assume the role
 * without a guard:
 * - anyone (`"*"`, `{"AWS":"*"}`, `NotPrincipal`) unless a condition pins the caller (aws:PrincipalOrgID,
 *   aws:PrincipalAccount, aws:PrincipalArn, … with fixed values; an `sts:ExternalId` alone does not: it is
 *   not a secret);
 * - an AWS principal of another account (its root, a role or user, or the bare account id) unless the
 *   statement requires `sts:ExternalId` or an organisation (aws:PrincipalOrgID / aws:PrincipalOrgPaths);
 * - an OIDC provider (`Federated` with sts:AssumeRoleWithWebIdentity) unless a condition tests the claim
 *   that names the caller (`<provider>:sub`; `:aud` for Cognito identity pools and Google, `:app_id` for
 *   Facebook and Login with Amazon): without it, every identity the provider issues tokens to (every
 *   GitHub repository, for token.actions.githubusercontent.com) may assume the role.
 * Same-account principals, service principals and SAML providers (an IAM resource of the account, whose
 * assertions the account's own IdP signs) are not external. A principal that is a unique id (IAM writes
 * one when the named role or user was deleted) matches nobody.
 */
export function unguardedTrust(document: unknown, accountId: string): UnguardedTrust[] {
  const out: UnguardedTrust[] = [];
  const statements = (() => {
    if (!document || typeof document !== 'object') return [];
    const st = (document as { Statement?: unknown }).Statement;
    const list = Array.isArray(st) ? st : st === undefined || st === null ? [] : [st];
    return list.filter((s): s is PolicyStatement => s !== null && typeof s === 'object' && !Array.isArray(s));
  })();
  statements.forEach((st, i) => {
    if (typeof st.Effect !== 'string' || st.Effect.toLowerCase() !== 'allow') return;
    const name = st.Sid ? `statement "${st.Sid}"` : `statement ${i + 1}`;
    if (principalIsEveryone(st) || st.NotPrincipal !== undefined) {
      if (!narrowingCondition(st))
        out.push({
          statement: name,
          who: st.NotPrincipal !== undefined ? 'every principal not named in its NotPrincipal' : 'anyone (Principal "*")',
          missing: 'no condition pins the caller to an account, organisation or principal ARN',
        });
      return;
    }
    const p = st.Principal;
    if (!p || typeof p !== 'object' || Array.isArray(p)) return;
    const principals = p as { AWS?: unknown; Federated?: unknown };
    const external = asList(principals.AWS).filter((a) => {
      const acct = principalAccount(a.trim());
      return acct !== undefined && acct !== accountId;
    });
    if (external.length > 0 && !guards(st, 'sts:externalid') && !orgGuard(st)) {
      const accounts = [...new Set(external.map((a) => principalAccount(a.trim())!))];
      out.push({
        statement: name,
        who: `account ${accounts.join(', ')} (${external.join(', ')})`,
        missing: 'no sts:ExternalId or aws:PrincipalOrgID condition',
      });
    }
    for (const f of asList(principals.Federated)) {
      if (/:saml-provider\//.test(f)) continue;
      const provider = f.includes(':oidc-provider/') ? f.slice(f.indexOf(':oidc-provider/') + ':oidc-provider/'.length) : f;
      const claim = OIDC_CLAIM[provider] ?? 'sub';
      if (!guards(st, `${provider.toLowerCase()}:${claim}`))
        out.push({ statement: name, who: `every identity of the OIDC provider ${provider}`, missing: `no condition on ${provider}:${claim}` });
    }
  });
  return out;
}
