import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../src/access/state.js';
import {
  assumeRoleInput,
  cliExports,
  consoleSigninUrl,
  FederationError,
  mintSession,
  roleSessionNameFor,
  sessionDurationSeconds,
  sourceIdentityFor,
} from '../../src/access/sts.js';

const T0 = Date.parse('2025-03-01T10:00:00Z');
const MIN = 60_000;
const creds = { accessKeyId: 'ASIAEXAMPLEEXAMPLE01', secretAccessKey: 'secret/with+chars=', sessionToken: 'token+/=abc', expiration: new Date(T0 + 60 * MIN) };

function grant(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: 'ax-1a2b3c4d',
    kind: 'grant',
    requester: 'U0123ABCD',
    role: 'prod-readonly',
    roleArn: 'arn:aws:iam::123456789012:role/gdpr-jit-readonly',
    durationMs: 4 * 60 * MIN,
    justification: 'x',
    breakglass: false,
    minApprovals: 2,
    status: 'active',
    createdAt: T0,
    pendingUntil: T0 + 120 * MIN,
    approvals: [
      { by: 'UAPP1', at: T0, via: 'user' },
      { by: 'UAPP2', at: T0, via: 'usergroup' },
    ],
    grantStart: T0,
    grantEnd: T0 + 4 * 60 * MIN,
    version: 3,
    ...overrides,
  };
}

describe('STS session parameters', () => {
  it.each([
    { name: 'session length when the grant has time', session: 60, left: 240, role: 60, expected: 3600 },
    { name: 'time left in the grant when shorter', session: 60, left: 20, role: 60, expected: 1200 },
    { name: "the role's limit when shorter", session: 120, left: 240, role: 60, expected: 3600 },
    { name: 'never below 900 s near the end', session: 60, left: 5, role: 60, expected: 900 },
  ])('DurationSeconds: $name', ({ session, left, role, expected }) => {
    expect(sessionDurationSeconds({ sessionDurationMs: session * MIN, grantEnd: T0 + left * MIN, roleMaxSessionMs: role * MIN, now: T0 })).toBe(expected);
  });

  it.each([
    ['U0123ABCD', 'U0123ABCD'],
    ['W0123 AB<>CD!', 'W0123ABCD'],
    ['U', 'slack-U'],
    ['U'.repeat(80), 'U'.repeat(64)],
  ])('SourceIdentity of %j is %j (charset [A-Za-z0-9_.,+=@-], 2–64 chars)', (user, expected) => {
    const id = sourceIdentityFor(user);
    expect(id).toBe(expected);
    expect(id).toMatch(/^[A-Za-z0-9_.,+=@-]{2,64}$/);
  });

  it('names the session after the requester and the grant', () => {
    expect(roleSessionNameFor('U0123ABCD', 'ax-1a2b3c4d')).toBe('jit-U0123ABCD-ax-1a2b3c4d');
    expect(roleSessionNameFor('U'.repeat(80), 'ax-1a2b3c4d')).toHaveLength(64);
  });

  describe('against a mocked STS', () => {
    const sts = mockClient(STSClient);
    afterEach(() => sts.reset());
    afterAll(() => sts.restore());

    it('calls AssumeRole with capped duration, SourceIdentity and the request_id / approver tags', async () => {
      sts.on(AssumeRoleCommand).resolves({
        Credentials: { AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, SessionToken: creds.sessionToken, Expiration: creds.expiration },
      });
      const input = assumeRoleInput(grant({ grantEnd: T0 + 30 * MIN }), { sessionDurationMs: 60 * MIN, roleMaxSessionMs: 60 * MIN, now: T0 });
      const out = await mintSession(new STSClient({ region: 'eu-west-1' }), input);
      expect(out).toEqual(creds);
      const calls = sts.commandCalls(AssumeRoleCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.args[0].input).toEqual({
        RoleArn: 'arn:aws:iam::123456789012:role/gdpr-jit-readonly',
        RoleSessionName: 'jit-U0123ABCD-ax-1a2b3c4d',
        DurationSeconds: 1800,
        SourceIdentity: 'U0123ABCD',
        Tags: [
          { Key: 'request_id', Value: 'ax-1a2b3c4d' },
          { Key: 'approver', Value: 'UAPP1+UAPP2' },
        ],
      });
    });

    it('tags a breakglass grant as such', () => {
      const input = assumeRoleInput(grant({ breakglass: true, approvals: [{ by: 'U0123ABCD', at: T0, via: 'breakglass' }] }), {
        sessionDurationMs: 60 * MIN,
        roleMaxSessionMs: 60 * MIN,
        now: T0,
      });
      expect(input.Tags).toContainEqual({ Key: 'approver', Value: 'breakglass:U0123ABCD' });
    });

    it('fails when STS answers without credentials', async () => {
      sts.on(AssumeRoleCommand).resolves({});
      await expect(mintSession(new STSClient({ region: 'eu-west-1' }), { RoleArn: 'arn:aws:iam::1:role/x', RoleSessionName: 'x1' })).rejects.toThrow(
        /no credentials/,
      );
    });
  });
});

describe('console sign-in through the federation endpoint (loopback stand-in)', () => {
  let server: Server;
  let base = '';
  const seen: URL[] = [];
  let answer: { status: number; body: string } = { status: 200, body: JSON.stringify({ SigninToken: 'SIGNIN-TOKEN-123' }) };
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(new URL(req.url ?? '/', base));
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks getSigninToken with the session JSON and builds the login URL', async () => {
    const url = await consoleSigninUrl(creds, { federationUrl: `${base}/federation`, destination: 'https://console.aws.amazon.com/', issuer: 'gdpr-bot' });
    const request = seen.at(-1)!;
    expect(request.pathname).toBe('/federation');
    expect(request.searchParams.get('Action')).toBe('getSigninToken');
    expect(JSON.parse(request.searchParams.get('Session')!)).toEqual({
      sessionId: creds.accessKeyId,
      sessionKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken,
    });
    expect(request.searchParams.has('SessionDuration')).toBe(false);
    const login = new URL(url);
    expect(`${login.origin}${login.pathname}`).toBe(`${base}/federation`);
    expect(Object.fromEntries(login.searchParams)).toEqual({
      Action: 'login',
      Issuer: 'gdpr-bot',
      Destination: 'https://console.aws.amazon.com/',
      SigninToken: 'SIGNIN-TOKEN-123',
    });
  });

  it('reports a refusal without quoting the session', async () => {
    answer = { status: 400, body: 'bad' };
    const error = await consoleSigninUrl(creds, {
      federationUrl: `${base}/federation`,
      destination: 'https://console.aws.amazon.com/',
      issuer: 'gdpr-bot',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FederationError);
    expect(String((error as Error).message)).not.toContain(creds.secretAccessKey);
    answer = { status: 200, body: '{}' };
    await expect(consoleSigninUrl(creds, { federationUrl: `${base}/federation`, destination: 'https://x/', issuer: 'gdpr-bot' })).rejects.toThrow(
      /no SigninToken/,
    );
  });

  it('reports an endpoint that does not answer, naming only its host', async () => {
    const error = (await consoleSigninUrl(creds, { federationUrl: 'http://127.0.0.1:1/federation', destination: 'https://x/', issuer: 'gdpr-bot' }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(FederationError);
    expect(error.message).toContain('127.0.0.1:1');
    expect(error.message).not.toContain(creds.sessionToken);
  });
});

describe('CLI exports', () => {
  it('prints the three variables', () => {
    expect(cliExports(creds)).toBe(
      `export AWS_ACCESS_KEY_ID=${creds.accessKeyId}\nexport AWS_SECRET_ACCESS_KEY=${creds.secretAccessKey}\nexport AWS_SESSION_TOKEN=${creds.sessionToken}`,
    );
  });
});
