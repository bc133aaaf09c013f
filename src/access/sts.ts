import type { AssumeRoleCommandInput, STSClient } from '@aws-sdk/client-sts';
import type { AccessRequest } from './state.js';

/**
 * Minting the STS sessions of a grant and turning them into something a person can use: a console
 * sign-in link (AWS federation endpoint) or shell `export` lines. What this module returns is secret:
 * callers deliver it ephemerally and drop it (see jobs/access-credentials.ts); it is never logged,
 * stored, or put in job data.
 */

/** STS's floor for a role session. */
export const MIN_SESSION_SECONDS = 900;

/** The characters STS allows in `SourceIdentity` and `RoleSessionName`. */
const STS_NAME_CHARS = /[^A-Za-z0-9_.,+=@-]/g;

/** A short-lived set of credentials. Secret: never log or store. */
export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/**
 * `SourceIdentity` for a Slack user: the user id reduced to STS's charset `[A-Za-z0-9_.,+=@-]`, 2–64
 * characters. It is immutable for the session (and sessions chained from it), lands in CloudTrail, and
 * is what a revocation denies.
 */
export function sourceIdentityFor(slackUserId: string): string {
  let id = slackUserId.replace(STS_NAME_CHARS, '').slice(0, 64);
  if (id.length < 2) id = `slack-${id}`.slice(0, 64);
  return id;
}

/** `RoleSessionName` (2–64 of `[\w+=,.@-]`): who and which grant, so CloudTrail reads `jit-U123-ax-1a2b3c4d`. */
export function roleSessionNameFor(slackUserId: string, grantId: string): string {
  return `jit-${sourceIdentityFor(slackUserId)}-${grantId}`.replace(STS_NAME_CHARS, '').slice(0, 64);
}

/**
 * `DurationSeconds` for a new session: the configured session length, the time left in the grant and
 * the role's own limit, whichever is shortest, but never below STS's 900 s floor (a session minted in
 * the last 15 minutes of a grant may outlive it by that much; revocation still denies it).
 */
export function sessionDurationSeconds(args: { sessionDurationMs: number; grantEnd: number; roleMaxSessionMs: number; now: number }): number {
  const left = Math.floor((args.grantEnd - args.now) / 1000);
  const seconds = Math.min(Math.floor(args.sessionDurationMs / 1000), left, Math.floor(args.roleMaxSessionMs / 1000));
  return Math.max(MIN_SESSION_SECONDS, seconds);
}

/** A Slack user id, approver list and the like, reduced to what session tag values allow. */
function tagValue(text: string): string {
  return text.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '').slice(0, 256) || 'none';
}

/**
 * The `request_id` session tag of a grant's sessions. A revocation denies sessions by it
 * (`aws:PrincipalTag/request_id`), so the two must agree: both come from here.
 */
export function grantTagValue(grantId: string): string {
  return tagValue(grantId);
}

/** Who approved a grant, for the `approver` session tag (`U1+U2`, `breakglass:U3`, `auto-approve:U4`). */
export function approverTag(grant: AccessRequest): string {
  return grant.approvals.map((a) => (a.via === 'breakglass' || a.via === 'auto-approve' ? `${a.via}:${a.by}` : a.by)).join('+');
}

/** The AssumeRole call for one session of `grant`. */
export function assumeRoleInput(grant: AccessRequest, args: { sessionDurationMs: number; roleMaxSessionMs: number; now: number }): AssumeRoleCommandInput {
  return {
    RoleArn: grant.roleArn,
    RoleSessionName: roleSessionNameFor(grant.requester, grant.id),
    DurationSeconds: sessionDurationSeconds({ ...args, grantEnd: grant.grantEnd ?? args.now }),
    SourceIdentity: sourceIdentityFor(grant.requester),
    Tags: [
      { Key: 'request_id', Value: grantTagValue(grant.id) },
      { Key: 'approver', Value: tagValue(approverTag(grant)) },
    ],
  };
}

/** Calls AssumeRole and returns the session's credentials. */
export async function mintSession(sts: STSClient, input: AssumeRoleCommandInput): Promise<SessionCredentials> {
  const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  const out = await sts.send(new AssumeRoleCommand(input));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new Error(`AssumeRole of ${input.RoleArn} returned no credentials`);
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: new Date(c.Expiration) };
}

/** Raised when the federation endpoint does not give a sign-in token. Its message never contains the session. */
export class FederationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FederationError';
  }
}

/**
 * The console sign-in link for a session, through the AWS federation endpoint: `getSigninToken` with the
 * session as JSON, then a `login` URL (valid 15 minutes) that lands on `destination`.
 * `SessionDuration` is not sent: it is refused for role sessions, whose console session follows the
 * credentials.
 */
export async function consoleSigninUrl(
  credentials: SessionCredentials,
  options: { federationUrl: string; destination: string; issuer: string; fetch?: typeof fetch; timeoutMs?: number },
): Promise<string> {
  const doFetch = options.fetch ?? fetch;
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  });
  const tokenUrl = new URL(options.federationUrl);
  tokenUrl.searchParams.set('Action', 'getSigninToken');
  tokenUrl.searchParams.set('Session', session);
  let res: Response;
  try {
    res = await doFetch(tokenUrl, { method: 'GET', signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
  } catch (error) {
    // The URL carries the session: name only the endpoint and the kind of failure.
    throw new FederationError(`federation endpoint ${new URL(options.federationUrl).host} did not answer (${(error as Error).name})`);
  }
  if (!res.ok) throw new FederationError(`federation endpoint answered HTTP ${res.status}`);
  let token: unknown;
  try {
    token = ((await res.json()) as { SigninToken?: unknown }).SigninToken;
  } catch {
    throw new FederationError('federation endpoint answered something that is not JSON');
  }
  if (typeof token !== 'string' || token.length === 0) throw new FederationError('federation endpoint gave no SigninToken');
  const login = new URL(options.federationUrl);
  login.searchParams.set('Action', 'login');
  login.searchParams.set('Issuer', options.issuer);
  login.searchParams.set('Destination', options.destination);
  login.searchParams.set('SigninToken', token);
  return login.toString();
}

/** Shell lines that put the session into the environment. */
export function cliExports(credentials: SessionCredentials): string {
  return [
    `export AWS_ACCESS_KEY_ID=${credentials.accessKeyId}`,
    `export AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}`,
    `export AWS_SESSION_TOKEN=${credentials.sessionToken}`,
  ].join('\n');
}
