import type { AuditLog } from '../audit/log.js';
import type { AwsClients } from '../aws/clients.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { EphemeralAnswer, EphemeralReplies } from '../notify/ephemeral.js';
import type { JobData, JobResult } from '../queues/definitions.js';
import { TamperedRecordError, type RecordIntegrity } from '../redis/integrity.js';
import { sessionAnswer, sessionProblemText, type SessionProblem } from './messages.js';
import { isUsable, type AccessRequest } from './state.js';
import { TamperedRequestError, type AccessStore } from './store.js';
import { assumeRoleInput, cliExports, consoleSigninUrl, mintSession, type SessionCredentials } from './sts.js';

/** How long after the click a mint is still done (a response_url lives 30 minutes). */
const MINT_WINDOW_MS = 30 * 60_000;

/** What minting a session uses, and nothing more. */
export interface CredentialsDeps {
  config: Pick<Config, 'access'>;
  log: Logger;
  store: AccessStore;
  audit: Pick<AuditLog, 'append'>;
  integrity: Pick<RecordIntegrity, 'check'>;
  /** The bot's own AWS clients (it assumes the grant's role with them). */
  aws: Pick<AwsClients, 'get'>;
  /** Where the answer goes: the click's response_url, else `chat.postEphemeral` (never the outbox). */
  replies: EphemeralReplies;
  now: () => Date;
  /** For the console sign-in (tests pass their own). */
  fetch?: typeof fetch;
}

/**
 * Mints one STS session for an active grant and hands it to its grantee, ephemerally.
 *
 * Why it is built this way: credentials must never be stored. So the click listener only checks the
 * grant and enqueues `{grantId, kind, responseUrl}` (a response_url is not a credential); this job calls
 * STS, builds the answer in memory and POSTs it straight to the click's response_url as an ephemeral
 * message, or, failing that, calls `chat.postEphemeral` directly ({@link EphemeralReplies}). It
 * deliberately bypasses the Slack outbox, which keeps its messages in Redis. The job's result and audit
 * entry carry no secret, nothing secret is logged, and an error raised here never quotes the
 * credentials. After minting, the grant is read again: a session minted while the grant was being
 * revoked is dropped, never delivered.
 *
 * Redis is not trusted (DESIGN.md, principle 8): before anything is minted, the job data's seal is
 * checked (so it was queued by the bot for that click, by the grantee), the grant's seal is checked by the
 * store, the role ARN must be the one configured for the grant's role name, and the response_url must be
 * on Slack's own hosts. Any of these failing mints nothing.
 */
export class CredentialsIssuer {
  private readonly doFetch: typeof fetch;

  constructor(private readonly deps: CredentialsDeps) {
    this.doFetch = deps.fetch ?? fetch;
  }

  /** Refuses the job before anything is minted: logged (without the URL's path) and audited. */
  private async refuse(
    jobId: string | undefined,
    data: JobData<'access-credentials'>,
    reason: string,
    detail: Record<string, unknown> = {},
  ): Promise<JobResult<'access-credentials'>> {
    const { log, audit } = this.deps;
    log.error({ jobId, grantId: String(data.grantId).slice(0, 40), reason, ...detail }, 'refused a credentials job; nothing was minted');
    await audit
      .append({ actor: 'system', action: 'access.session.refused', subject: String(data.grantId).slice(0, 40), detail: { reason, ...detail } })
      .catch((err: unknown) => log.error({ err: { message: (err as Error).message } }, 'could not audit a refused credentials job'));
    return { delivered: false, reason };
  }

  /** One `mint` job (`jobId` only for the logs). */
  async mint(jobId: string | undefined, jobData: JobData<'access-credentials'>): Promise<JobResult<'access-credentials'>> {
    const { config, log, store, audit, integrity, replies, now } = this.deps;
    const { grantId, kind, seal, ...rest } = jobData;
    const data = { grantId, kind, ...rest };
    const deliver = (grant: AccessRequest | undefined, answer: EphemeralAnswer) =>
      replies.answer(
        {
          jobId,
          ...(jobData.responseUrl ? { responseUrl: jobData.responseUrl } : {}),
          ...(jobData.channel ? { channel: jobData.channel } : {}),
          ...(grant ? { user: grant.requester } : {}),
        },
        answer,
      );
    const tell = (grant: AccessRequest | undefined, problem: SessionProblem) => deliver(grant, { text: sessionProblemText(problem) });
    try {
      await integrity.check('access-credentials-job', String(grantId), data, seal);
    } catch (error) {
      if (error instanceof TamperedRecordError) return this.refuse(jobId, jobData, 'job-data-not-sealed', { problem: error.problem });
      throw error;
    }
    if (jobData.responseUrl) {
      const verdict = replies.check(jobData.responseUrl);
      if (!verdict.ok) return this.refuse(jobId, jobData, 'response-url-refused', { responseUrlHost: verdict.host, why: verdict.reason });
    }
    if (now().getTime() - (jobData.issuedAt ?? 0) > MINT_WINDOW_MS) return this.refuse(jobId, jobData, 'click-too-old');
    let grant: AccessRequest | undefined;
    try {
      grant = await store.get(grantId);
    } catch (error) {
      if (!(error instanceof TamperedRequestError)) throw error;
      await tell(undefined, { kind: 'tampered', message: error.message });
      return this.refuse(jobId, jobData, 'grant-failed-integrity-check', { problem: error.tampered.problem });
    }
    if (grant && grant.requester !== jobData.userId) return this.refuse(jobId, jobData, 'not-the-grantee');
    if (!grant || !isUsable(grant, now().getTime())) {
      await tell(grant, { kind: 'not-active', grantId, ...(grant ? { status: grant.status } : {}) });
      return { delivered: false, reason: 'grant-not-active' };
    }
    const role = config.access.roles.find((r) => r.name === grant.role);
    if (!role) {
      await tell(grant, { kind: 'role-removed', role: grant.role });
      return { delivered: false, reason: 'role-removed' };
    }
    // The role assumed is the one the configuration names for the grant's role, never one taken from Redis.
    if (role.arn !== grant.roleArn) {
      await tell(grant, { kind: 'role-arn-not-configured', grantId: grant.id, role: grant.role });
      return this.refuse(jobId, jobData, 'role-arn-not-configured', { role: grant.role, roleArn: grant.roleArn, configuredArn: role.arn });
    }
    const input = assumeRoleInput(
      { ...grant, roleArn: role.arn },
      { sessionDurationMs: config.access.sessionDuration, roleMaxSessionMs: role.maxSessionDuration, now: now().getTime() },
    );
    let credentials: SessionCredentials;
    let consoleUrl: string | undefined;
    try {
      // Loaded on the first grant, not when the worker starts (the SDK client is large).
      const { STSClient } = await import('@aws-sdk/client-sts');
      credentials = await mintSession(this.deps.aws.get(STSClient), input);
      if (kind === 'console') {
        consoleUrl = await consoleSigninUrl(credentials, {
          federationUrl: config.access.federationUrl,
          destination: config.access.consoleUrl,
          issuer: 'gdpr-bot',
          fetch: this.doFetch,
        });
      }
    } catch (error) {
      const name = (error as Error).name || 'Error';
      log.warn({ jobId, grantId, role: grant.role, error: name, message: (error as Error).message }, 'could not mint an access session');
      await audit.append({ actor: 'system', action: 'access.session.failed', subject: grantId, detail: { role: grant.role, kind, error: name } });
      await tell(grant, { kind: 'sts-refused', role: grant.role, error: name });
      return { delivered: false, reason: name };
    }
    const latest = await store.get(grantId).catch((error: unknown) => {
      if (error instanceof TamperedRequestError) return undefined;
      throw error;
    });
    if (!latest || !isUsable(latest, now().getTime())) {
      await tell(latest, { kind: 'ended-meanwhile', grantId });
      return { delivered: false, reason: 'grant-ended-meanwhile' };
    }
    await audit.append({
      actor: grant.requester,
      action: 'access.session.issued',
      subject: grantId,
      detail: {
        role: grant.role,
        roleArn: grant.roleArn,
        kind,
        roleSessionName: input.RoleSessionName,
        sourceIdentity: input.SourceIdentity,
        durationSeconds: input.DurationSeconds,
        expiresAt: credentials.expiration.toISOString(),
      },
    });
    const via = await deliver(grant, sessionAnswer(grant, kind, { expiresAt: credentials.expiration, cliExports: cliExports(credentials) }, consoleUrl));
    log.info({ jobId, grantId, kind, via, durationSeconds: input.DurationSeconds }, 'access session delivered');
    return { delivered: true, expiresAt: credentials.expiration.toISOString() };
  }
}
