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
    else if (action === undefined && notAction && !notAction.some(matchesEveryIamAction)) what = `allows NotAction ${quoted(notAction)} (everything else, IAM included)`;
    if (what) return { how: `${what} ${where}${hasCondition(st) ? ' (under a Condition)' : ''}`, conditional: hasCondition(st) };
  }
  return undefined;
}
