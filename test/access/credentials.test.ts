import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CredentialsIssuer, type CredentialsDeps } from '../../src/access/credentials.js';
import type { AccessRequest } from '../../src/access/state.js';
import type { AccessStore } from '../../src/access/store.js';
import type { AuditInput } from '../../src/audit/log.js';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import type { EphemeralAnswer } from '../../src/notify/ephemeral.js';
import { TamperedRecordError } from '../../src/redis/integrity.js';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const ROLE_ARN = 'arn:aws:iam::123456789012:role/gdpr-jit-readonly';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const grant: AccessRequest = {
  id: 'ax-00000001',
  kind: 'grant',
  requester: 'U0GRANTEE',
  role: 'readonly',
  roleArn: ROLE_ARN,
  durationMs: 3_600_000,
  justification: 'incident 42',
  breakglass: false,
  minApprovals: 1,
  status: 'active',
  createdAt: NOW - 600_000,
  pendingUntil: NOW,
  approvals: [],
  grantStart: NOW - 300_000,
  grantEnd: NOW + 3_300_000,
  version: 3,
};

describe('CredentialsIssuer (STS mocked, fakes for the rest, a fake clock)', () => {
  const sts = mockClient(STSClient);
  let audited: AuditInput[];
  let answers: { to: { responseUrl?: string; channel?: string; user?: string }; answer: EphemeralAnswer }[];
  afterAll(() => sts.restore());
  beforeEach(() => {
    audited = [];
    answers = [];
    sts.reset();
    sts
      .on(AssumeRoleCommand)
      .resolves({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: SECRET, SessionToken: 'token', Expiration: new Date(NOW + 3_600_000) } });
  });

  function issuer(options: { sealed?: boolean; current?: AccessRequest } = {}): CredentialsIssuer {
    const deps: CredentialsDeps = {
      config: configSchema.parse({
        access: {
          revokers: [{ account: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/gdpr-bot-jit-revoker' }],
          roles: [{ name: 'readonly', arn: ROLE_ARN, maxDuration: '4h' }],
        },
      }),
      log: createLogger('silent'),
      store: { get: async () => options.current ?? grant } as unknown as AccessStore,
      audit: { append: async (input) => (audited.push(input), { ...input }) as never },
      integrity: {
        check: async () => {
          if (options.sealed === false) throw new TamperedRecordError('access-credentials-job', grant.id, 'mismatch');
        },
      },
      aws: { get: () => new STSClient({ region: 'us-east-1' }) } as unknown as CredentialsDeps['aws'],
      replies: {
        check: (url) => (url.startsWith('https://hooks.slack.com/') ? { ok: true } : { ok: false, reason: 'not Slack', host: new URL(url).host }),
        answer: async (to, answer) => (answers.push({ to, answer }), 'response_url'),
      },
      now: () => new Date(NOW),
    };
    return new CredentialsIssuer(deps);
  }

  const job = {
    grantId: grant.id,
    kind: 'cli' as const,
    userId: grant.requester,
    issuedAt: NOW - 1000,
    responseUrl: 'https://hooks.slack.com/actions/T1/1/abc',
    channel: 'C0CHAN',
    seal: 'seal',
  };

  it('answers the grantee alone with the session, and audits the session without its secret', async () => {
    expect(await issuer().mint('1', job)).toMatchObject({ delivered: true });
    expect(answers).toHaveLength(1);
    expect(answers[0]!.to).toMatchObject({ responseUrl: job.responseUrl, user: grant.requester });
    expect(answers[0]!.answer.text).toContain(SECRET);
    expect(audited.map((e) => e.action)).toEqual(['access.session.issued']);
    expect(JSON.stringify(audited)).not.toContain(SECRET);
  });

  it('mints nothing for job data whose seal does not hold, or for a response_url off Slack', async () => {
    expect(await issuer({ sealed: false }).mint('2', job)).toEqual({ delivered: false, reason: 'job-data-not-sealed' });
    expect(await issuer().mint('3', { ...job, responseUrl: 'https://evil.example/collect' })).toEqual({ delivered: false, reason: 'response-url-refused' });
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(answers).toEqual([]);
    expect(audited.map((e) => e.action)).toEqual(['access.session.refused', 'access.session.refused']);
  });

  it('mints nothing once the grant has ended, and says so', async () => {
    expect(await issuer({ current: { ...grant, status: 'revoked' } }).mint('4', job)).toEqual({ delivered: false, reason: 'grant-not-active' });
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(answers.map((a) => a.answer.text)).toEqual([expect.stringMatching(/is revoked; it no longer gives credentials/)]);
  });
});
