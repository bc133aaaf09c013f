/**
 * Reading resource policies (bucket policies) and service control policies the way AWS evaluates them,
 * for the checks that must not be fooled by a statement that only looks right: the TLS-only Deny of
 * `s3_bucket_tls_only` and the region Deny of `organizations_scp_region_deny`.
 *
 * Both analyses are conservative: a statement counts only when it applies to every request it must
 * apply to; anything this code does not understand does not count (a false fail, never a false pass).
 */

/** A policy statement with every element these analyses look at (all optional, as in a stored document). */
export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

/** One condition test of a statement: operator and key as written, values always a list. */
export interface ConditionEntry {
  operator: string;
  key: string;
  values: unknown[];
}

function list(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function strings(v: unknown): string[] {
  return list(v).filter((x): x is string => typeof x === 'string');
}

/** The statements of a policy document (tolerates a single statement object). */
export function policyStatements(document: unknown): PolicyStatement[] {
  if (!document || typeof document !== 'object') return [];
  return list((document as { Statement?: unknown }).Statement).filter((s): s is PolicyStatement => Boolean(s) && typeof s === 'object');
}

/** Every (operator, key, values) test of a statement's Condition block. */
export function conditionEntries(statement: PolicyStatement): ConditionEntry[] {
  const block = statement.Condition;
  if (!block || typeof block !== 'object') return [];
  const out: ConditionEntry[] = [];
  for (const [operator, tests] of Object.entries(block as Record<string, unknown>)) {
    if (!tests || typeof tests !== 'object') {
      out.push({ operator, key: '', values: [] });
      continue;
    }
    for (const [key, values] of Object.entries(tests as Record<string, unknown>)) out.push({ operator, key, values: list(values) });
  }
  return out;
}

function isDeny(st: PolicyStatement): boolean {
  return typeof st.Effect === 'string' && st.Effect.toLowerCase() === 'deny';
}

function label(st: PolicyStatement, index: number): string {
  return st.Sid ? `statement "${st.Sid}"` : `statement ${index + 1}`;
}

/**
 * IAM wildcard match: `*` matches any run of characters, `?` exactly one. Resource ARNs are
 * case-sensitive; pass `ignoreCase` for actions.
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  const escaped = p
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 's').test(v);
}

/**
 * True when `pattern` matches `prefix` followed by ANY non-empty string (e.g. does a Resource cover every
 * object `arn:aws:s3:::bucket/...`). Exact for patterns of `*`, `?` and literals: after reading the
 * prefix, some reachable rest of the pattern must be only `*`s.
 */
export function coversEverythingUnder(pattern: string, prefix: string): boolean {
  // States: positions in the pattern. A `*` at position i may consume any character and stay at i.
  const closure = (states: Set<number>): Set<number> => {
    const out = new Set(states);
    for (const s of [...out]) {
      let i = s;
      while (i < pattern.length && pattern[i] === '*') out.add(++i);
    }
    return out;
  };
  let states = closure(new Set([0]));
  for (const ch of prefix) {
    const next = new Set<number>();
    for (const i of states) {
      if (i >= pattern.length) continue;
      const pc = pattern[i];
      if (pc === '*') next.add(i);
      else if (pc === '?' || pc === ch) next.add(i + 1);
    }
    states = closure(next);
    if (states.size === 0) return false;
  }
  return [...states].some((i) => i < pattern.length && /^\*+$/.test(pattern.slice(i)));
}

// ---------------------------------------------------------------------------------------------------
// S3: Deny of requests without TLS

/** What a bucket policy does about requests without TLS. */
export interface TlsDenial {
  /** Every plain-HTTP request on the bucket itself (`arn:…:bucket`) is denied, for every principal. */
  bucket: boolean;
  /** Every plain-HTTP request on every object (`arn:…:bucket/*`) is denied, for every principal. */
  objects: boolean;
  /** Why statements that look like a TLS Deny do not count (for the finding's message). */
  notes: string[];
}

function everyPrincipal(st: PolicyStatement): boolean {
  if (st.NotPrincipal !== undefined) return false;
  const p = st.Principal;
  if (p === '*') return true;
  if (p && typeof p === 'object' && !Array.isArray(p)) return strings((p as { AWS?: unknown }).AWS).includes('*');
  return false;
}

function everyS3Action(st: PolicyStatement): boolean {
  if (st.NotAction !== undefined) return false;
  return strings(st.Action).some((a) => a === '*' || a.toLowerCase() === 's3:*');
}

function isFalse(v: unknown): boolean {
  return v === false || (typeof v === 'string' && v.toLowerCase() === 'false');
}

/** True for a test that holds for every request made over plain HTTP. */
function holdsForPlainHttp(e: ConditionEntry): boolean {
  const op = e.operator.toLowerCase();
  const key = e.key.toLowerCase();
  if (key === 'aws:securetransport') return (op === 'bool' || op === 'boolifexists') && e.values.some(isFalse);
  // A plain-HTTP request has no TLS version: only the IfExists form holds when the key is absent.
  if (key === 's3:tlsversion') {
    return (
      (op === 'numericlessthanifexists' || op === 'numericlessthanequalsifexists') && e.values.length > 0 && e.values.every((v) => Number.isFinite(Number(v)))
    );
  }
  return false;
}

function isTransportKey(e: ConditionEntry): boolean {
  return ['aws:securetransport', 's3:tlsversion'].includes(e.key.toLowerCase());
}

/**
 * How far a bucket policy denies requests without TLS. A statement counts when it is a Deny for every
 * principal (`"*"` or `{"AWS":"*"}`, not a NotPrincipal), on every S3 action (`s3:*` or `*`), and each of
 * its conditions holds for every plain-HTTP request: `Bool`/`BoolIfExists` `aws:SecureTransport` false,
 * or `NumericLessThanIfExists` on `s3:TlsVersion`. A `NumericLessThan` on `s3:TlsVersion` alone refuses
 * old TLS, not plain HTTP: a request without TLS has no `s3:TlsVersion`, and a test of an absent key is
 * false. Any further condition narrows the Deny, so the statement does not count. Its Resource must
 * cover the bucket ARN, its objects, or both; the statements together must cover both.
 */
export function tlsDenial(document: unknown, bucketArn: string): TlsDenial {
  const out: TlsDenial = { bucket: false, objects: false, notes: [] };
  policyStatements(document).forEach((st, i) => {
    const entries = conditionEntries(st);
    if (!isDeny(st) || !entries.some(isTransportKey)) return;
    const name = label(st, i);
    const problems: string[] = [];
    if (!everyPrincipal(st)) problems.push(st.NotPrincipal !== undefined ? 'exempts principals (NotPrincipal)' : 'applies only to some principals');
    if (!everyS3Action(st))
      problems.push(st.NotAction !== undefined ? 'exempts actions (NotAction)' : `applies only to ${strings(st.Action).join(', ') || 'no action'}`);
    const other = entries.filter((e) => !holdsForPlainHttp(e));
    for (const e of other) {
      if (e.key.toLowerCase() === 's3:tlsversion')
        problems.push(
          `tests s3:TlsVersion with ${e.operator}, which refuses old TLS versions but not plain HTTP (a request without TLS has no TLS version, and a test of an absent key is false)`,
        );
      else if (e.key.toLowerCase() === 'aws:securetransport')
        problems.push(`tests ${e.key} with ${e.operator} ${JSON.stringify(e.values)}, not Bool/BoolIfExists false`);
      else problems.push(`is narrowed by the condition ${e.operator} ${e.key}`);
    }
    if (st.NotResource !== undefined) problems.push('uses NotResource');
    const resources = strings(st.Resource);
    const bucket = resources.some((r) => wildcardMatch(r, bucketArn));
    const objects = resources.some((r) => coversEverythingUnder(r, `${bucketArn}/`));
    if (!bucket && !objects && st.NotResource === undefined) problems.push(`does not cover ${bucketArn} (Resource ${resources.join(', ') || 'none'})`);
    if (problems.length > 0) {
      out.notes.push(`${name} ${problems.join('; ')}`);
      return;
    }
    out.bucket ||= bucket;
    out.objects ||= objects;
  });
  if (out.bucket && !out.objects) out.notes.push(`the TLS Deny covers the bucket but not its objects (${bucketArn}/*)`);
  if (out.objects && !out.bucket) out.notes.push(`the TLS Deny covers the objects but not the bucket itself (${bucketArn})`);
  return out;
}

/** True when the bucket policy denies every request without TLS on the bucket and its objects (see {@link tlsDenial}). */
export function deniesInsecureTransport(document: unknown, bucketArn: string): boolean {
  const d = tlsDenial(document, bucketArn);
  return d.bucket && d.objects;
}

// ---------------------------------------------------------------------------------------------------
// Organizations: a service control policy that denies requests outside a list of regions

/**
 * Regional actions that hold or process personal data. A region Deny whose NotAction exempts any of
 * them leaves that service usable in every region, so it does not count.
 */
export const REGIONAL_DATA_ACTIONS = [
  's3:PutObject',
  's3:GetObject',
  's3:CreateBucket',
  'ec2:RunInstances',
  'ec2:CreateVolume',
  'rds:CreateDBInstance',
  'dynamodb:PutItem',
  'dynamodb:CreateTable',
  'lambda:CreateFunction',
  'lambda:InvokeFunction',
  'sqs:SendMessage',
  'sns:Publish',
  'kinesis:PutRecord',
  'elasticfilesystem:CreateFileSystem',
  'redshift:CreateCluster',
  'ecs:RunTask',
  'eks:CreateCluster',
  'logs:PutLogEvents',
  'secretsmanager:CreateSecret',
  'glue:CreateDatabase',
  'athena:StartQueryExecution',
  'sagemaker:CreateNotebookInstance',
  'es:CreateDomain',
  'elasticache:CreateCacheCluster',
  'backup:StartBackupJob',
] as const;

/** ARNs no exemption may cover: an exemption that matches any principal of an account is not an exemption. */
const PROBE_PRINCIPALS = [
  'arn:aws:iam::123456789012:role/x7q-any-role',
  'arn:aws:iam::123456789012:user/x7q-any-user',
  'arn:aws:sts::123456789012:assumed-role/x7q-any-role/session',
];

/** A statement of an SCP that denies requests outside a set of regions. */
export interface RegionDeny {
  /** `statement "Sid"` or `statement N`. */
  statement: string;
  /** The regions requests may still go to, as written; `like`: a `StringNotLike` pattern (`*`, `?`). */
  permitted: { value: string; like: boolean }[];
  /** `aws:PrincipalARN` patterns exempted from the Deny (as AWS Control Tower's region deny does). */
  exemptPrincipals: string[];
  /** The NotAction list (global services left usable everywhere); empty when the Action is `*`. */
  exemptActions: string[];
}

/** The region Deny statements of an SCP, and why the statements that look like one do not count. */
export interface RegionDenial {
  denies: RegionDeny[];
  notes: string[];
}

const REGION_OPERATOR = /^(forallvalues:|foranyvalue:)?string(notequals|notlike)(ifexists)?$/;
const PRINCIPAL_EXEMPTION = /^(arnnotlike|arnnotequals|stringnotlike|stringnotequals)$/;

/**
 * The statements of a service control policy that deny every request outside a list of regions: a
 * Deny with Resource `*`, Action `*` or a NotAction that exempts no regional data service (see
 * {@link REGIONAL_DATA_ACTIONS}), and a `StringNotEquals`/`StringNotLike` (any case, ForAnyValue/
 * ForAllValues and IfExists forms) on `aws:RequestedRegion`. The only other condition accepted is a
 * principal exemption (`ArnNotLike`/`ArnNotEquals`/`StringNotLike`/`StringNotEquals` on
 * `aws:PrincipalARN`, as AWS Control Tower uses for its own roles) that does not cover every role or
 * user; any other condition narrows the Deny, so the statement does not count.
 */
export function regionDenial(document: unknown): RegionDenial {
  const out: RegionDenial = { denies: [], notes: [] };
  policyStatements(document).forEach((st, i) => {
    const entries = conditionEntries(st);
    const regionEntries = entries.filter((e) => e.key.toLowerCase() === 'aws:requestedregion');
    if (!isDeny(st) || regionEntries.length === 0) return;
    const name = label(st, i);
    const problems: string[] = [];
    if (st.NotResource !== undefined || !strings(st.Resource).includes('*')) problems.push('does not apply to every resource (Resource "*")');
    const exemptActions = strings(st.NotAction);
    if (st.NotAction !== undefined) {
      if (st.Action !== undefined) problems.push('has both Action and NotAction');
      const leaked = REGIONAL_DATA_ACTIONS.filter((a) => exemptActions.some((p) => wildcardMatch(p, a, true)));
      if (leaked.length > 0)
        problems.push(`exempts regional services in every region (NotAction covers ${leaked.slice(0, 3).join(', ')}${leaked.length > 3 ? ', …' : ''})`);
    } else if (!strings(st.Action).includes('*')) {
      problems.push(`applies only to ${strings(st.Action).join(', ') || 'no action'}`);
    }
    const permitted: RegionDeny['permitted'] = [];
    for (const e of regionEntries) {
      const op = e.operator.toLowerCase();
      if (!REGION_OPERATOR.test(op)) problems.push(`tests aws:RequestedRegion with ${e.operator}, not StringNotEquals/StringNotLike`);
      else permitted.push(...strings(e.values).map((value) => ({ value, like: op.includes('notlike') })));
    }
    const exemptPrincipals: string[] = [];
    for (const e of entries) {
      if (e.key.toLowerCase() === 'aws:requestedregion') continue;
      if (e.key.toLowerCase() === 'aws:principalarn' && PRINCIPAL_EXEMPTION.test(e.operator.toLowerCase())) {
        const patterns = strings(e.values);
        // ArnEquals and ArnLike both take wildcards; the String forms only the Like one.
        const like = e.operator.toLowerCase().startsWith('arn') || e.operator.toLowerCase().includes('like');
        const broad = patterns.filter((p) => PROBE_PRINCIPALS.some((arn) => (like ? wildcardMatch(p, arn) : p === arn)));
        if (broad.length > 0) problems.push(`exempts every principal matching ${broad.join(', ')}`);
        exemptPrincipals.push(...patterns);
        continue;
      }
      problems.push(`is narrowed by the condition ${e.operator} ${e.key}`);
    }
    if (problems.length > 0) out.notes.push(`${name} ${problems.join('; ')}`);
    else out.denies.push({ statement: name, permitted, exemptPrincipals, exemptActions });
  });
  return out;
}

/**
 * The regions a region Deny leaves open: literal names as written, `StringNotLike` patterns expanded
 * against the partition's region list (`regions`, from the account collector). A `*` in a
 * `StringNotEquals` value is a literal character, so it names no region.
 */
export function permittedRegions(deny: RegionDeny, regions: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of deny.permitted) {
    if (p.like && /[*?]/.test(p.value)) {
      for (const r of regions) if (wildcardMatch(p.value, r)) out.add(r);
    } else {
      out.add(p.value);
    }
  }
  return [...out].sort();
}

// ---------------------------------------------------------------------------------------------------
// Resource policies (SQS queue, SNS topic, KMS key, Lambda function): does a statement allow anyone?

/**
 * Condition keys that, tested for fixed values, restrict a statement for every principal (`*`) to known
 * callers: the list S3 documents for "the meaning of public" (aws:SourceIp, aws:SourceArn, aws:SourceVpc,
 * aws:SourceVpce, aws:SourceOwner, aws:SourceAccount, aws:userid), the organisation and principal keys
 * IAM Access Analyzer also reads as restrictive (aws:PrincipalOrgID, aws:PrincipalOrgPaths,
 * aws:PrincipalAccount, aws:PrincipalArn), and KMS's kms:CallerAccount.
 */
const NARROWING_KEYS = new Set([
  'aws:sourceip',
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:userid',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'kms:calleraccount',
]);

/** Operators that narrow when their values are fixed: equality and match tests, never a negation, never IfExists. */
const NARROWING_OPERATOR = /^(foranyvalue:)?(stringequals|stringequalsignorecase|stringlike|arnequals|arnlike|ipaddress)$/;

/** True when a value tested by a narrowing key is fixed: no wildcard where it would match any caller. */
function fixedValue(key: string, value: unknown): boolean {
  if (typeof value !== 'string' || value.trim() === '') return false;
  const v = value.trim();
  if (key === 'aws:sourceip') return !/\/0$/.test(v) && v !== '0.0.0.0' && v !== '::';
  // An organisation path may end in a wildcard below a literal organisation id (o-xxxx/r-xxxx/ou-…/*).
  if (key === 'aws:principalorgpaths') return /^o-[a-z0-9]+\//.test(v) && !/[*?]/.test(v.split('/')[0]!);
  if (!/[*?]/.test(v)) return true;
  // An ARN pattern still pins the caller when its account field is a literal account id.
  if (key === 'aws:sourcearn' || key === 'aws:principalarn') return /^\d{12}$/.test(v.split(':')[4] ?? '');
  return false;
}

/** The narrowing condition of a statement, in words (`aws:SourceAccount StringEquals "111122223333"`), if it has one. */
export function narrowingCondition(st: PolicyStatement): string | undefined {
  for (const e of conditionEntries(st)) {
    const key = e.key.toLowerCase();
    if (!NARROWING_KEYS.has(key) || !NARROWING_OPERATOR.test(e.operator.toLowerCase())) continue;
    if (e.values.length > 0 && e.values.every((v) => fixedValue(key, v)))
      return `${e.key} ${e.operator} ${JSON.stringify(e.values.length === 1 ? e.values[0] : e.values)}`;
  }
  return undefined;
}

/** True when a statement's principal is everyone: `"*"`, `{"AWS": "*"}` (or a list holding `*`). */
export function principalIsEveryone(st: PolicyStatement): boolean {
  const p = st.Principal;
  if (p === '*') return true;
  if (p && typeof p === 'object' && !Array.isArray(p)) return strings((p as { AWS?: unknown }).AWS).some((a) => a.trim() === '*');
  return false;
}

/** An Allow statement of a resource policy that any principal can use. */
export interface PublicStatement {
  /** `statement "Sid"` or `statement N`. */
  statement: string;
  /** What it allows to whom, in words. */
  how: string;
}

/**
 * The Allow statements of a resource policy that grant access to anyone: Principal `*` or `{"AWS":"*"}`
 * (or `NotPrincipal`, which allows everyone it does not name) without a condition that pins the caller
 * to fixed values of a narrowing key (see {@link narrowingCondition}). A statement whose only condition
 * tests something else (`aws:SecureTransport`, `lambda:FunctionUrlAuthType`, `kms:ViaService`) still
 * allows anyone. A Deny elsewhere in the policy is not weighed (a false fail, never a false pass).
 */
export function publicStatements(document: unknown): PublicStatement[] {
  const out: PublicStatement[] = [];
  policyStatements(document).forEach((st, i) => {
    if (typeof st.Effect !== 'string' || st.Effect.toLowerCase() !== 'allow') return;
    const everyone = principalIsEveryone(st);
    if (!everyone && st.NotPrincipal === undefined) return;
    if (narrowingCondition(st)) return;
    const actions = st.NotAction !== undefined ? `every action except ${strings(st.NotAction).join(', ')}` : strings(st.Action).join(', ') || 'no action';
    const who = everyone ? 'any principal (Principal "*")' : 'every principal not named in its NotPrincipal';
    const conditions = conditionEntries(st);
    const note =
      conditions.length > 0 ? `, under conditions that do not restrict the caller (${conditions.map((e) => `${e.operator} ${e.key}`).join(', ')})` : '';
    out.push({ statement: label(st, i), how: `allows ${actions} to ${who}${note}` });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// KMS key policies: who besides the account holds full control of the key

/** True when an action pattern matches every action of `service` (`*`, `kms:*`, `KMS:*`, `k*`, `*:*`), in any case. */
export function coversEveryActionOf(pattern: string, service: string): boolean {
  return coversEverythingUnder(pattern.trim().toLowerCase(), `${service.toLowerCase()}:`);
}

/** True for the account itself as a principal: `arn:<partition>:iam::<account>:root` or the bare account id. */
export function isAccountRoot(principal: string, accountId: string): boolean {
  const p = principal.trim();
  if (p === accountId) return true;
  const m = /^arn:aws(-[a-z]+)*:iam::(\d{12}):root$/.exec(p);
  return m !== null && m[2] === accountId;
}

/** An Allow statement of a key policy that gives someone other than the account full control of the key. */
export interface FullAccessGrant {
  /** `statement "Sid"` or `statement N`. */
  statement: string;
  /** Who, as written (`arn:aws:iam::123456789012:role/admin`, `Principal "*"`, `Service ec2.amazonaws.com`). */
  principals: string[];
  /** What it allows, in words, JSON in backticks (a `*` is literal there in Slack's mrkdwn, never bold). */
  how: string;
}

/**
 * The Allow statements of a key policy that grant every action of `service` (Action `*`, `kms:*` in any
 * case, or any wildcard covering them; or a NotAction that does not exclude the whole service, which
 * still allows kms:PutKeyPolicy and kms:ScheduleKeyDeletion) to a principal other than the account
 * itself. The account root (`arn:aws:iam::<account>:root` or the bare account id) is the documented
 * default: it delegates to IAM policies and keeps the key manageable. Everyone else counts, whatever the
 * condition: `"*"` / `{"AWS":"*"}` (even pinned by kms:CallerAccount, it hands every principal of the
 * account full control without an IAM policy), `NotPrincipal`, roles, users, other accounts (their root
 * too), services and federated principals. A Deny elsewhere is not weighed (a false fail, never a false
 * pass).
 */
export function fullAccessGrants(document: unknown, accountId: string, service = 'kms'): FullAccessGrant[] {
  const out: FullAccessGrant[] = [];
  policyStatements(document).forEach((st, i) => {
    if (typeof st.Effect !== 'string' || st.Effect.toLowerCase() !== 'allow') return;
    let how: string | undefined;
    if (st.NotAction !== undefined) {
      const except = strings(st.NotAction);
      if (!except.some((a) => coversEveryActionOf(a, service)))
        how = `NotAction \`${JSON.stringify(except)}\` (every other action, ${service}:PutKeyPolicy included)`;
    } else {
      const actions = strings(st.Action);
      const full = actions.filter((a) => coversEveryActionOf(a, service));
      if (full.length > 0) how = `Action \`${JSON.stringify(full.length === 1 ? full[0] : full)}\``;
    }
    if (!how) return;
    const principals: string[] = [];
    if (st.NotPrincipal !== undefined) principals.push('every principal not named in its NotPrincipal');
    else if (principalIsEveryone(st)) principals.push('everyone (Principal `"*"`)');
    else if (typeof st.Principal === 'string') {
      if (!isAccountRoot(st.Principal, accountId)) principals.push(st.Principal);
    } else if (st.Principal && typeof st.Principal === 'object' && !Array.isArray(st.Principal)) {
      for (const [kind, value] of Object.entries(st.Principal as Record<string, unknown>)) {
        for (const p of strings(value)) {
          if (kind === 'AWS' && isAccountRoot(p, accountId)) continue;
          principals.push(kind === 'AWS' ? p : `${kind} ${p}`);
        }
      }
    }
    if (principals.length === 0) return;
    const conditions = conditionEntries(st);
    const note = conditions.length > 0 ? ` (under ${conditions.map((e) => `${e.operator} ${e.key}`).join(', ')}, which does not limit what it may do)` : '';
    out.push({ statement: label(st, i), principals, how: `${how}${note}` });
  });
  return out;
}
