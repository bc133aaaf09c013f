import type { KnownBlock } from '@slack/types';
import type { Job } from 'bullmq';
import { AccessStore, TamperedRequestError } from '../src/access/store.js';
import { isUsable, type AccessRequest } from '../src/access/state.js';
import { TamperedRecordError } from '../src/redis/integrity.js';
import { redactUrl } from '../src/slack/response-urls.js';
import { assumeRoleInput, cliExports, consoleSigninUrl, mintSession, type SessionCredentials } from '../src/access/sts.js';
import type { JobData, JobName, JobResult } from '../src/queues/definitions.js';
import type { Services } from '../src/services.js';
import { code } from '../src/slack/mrkdwn.js';
import { postToResponseUrl } from '../src/slack/response-urls.js';
import { slackTime } from '../src/access/messages.js';

type CredentialsJob = Job<JobData<'access-credentials'>, JobResult<'access-credentials'>, JobName<'access-credentials'>>;

/** What the job is given beyond the shared services (tests pass their own fetch for the console sign-in). */
export interface CredentialsDeps extends Services {
  fetch?: typeof fetch;
}

/** How long after the click a mint is still done (a response_url lives 30 minutes). */
const MINT_WINDOW_MS = 30 * 60_000;

/** The ephemeral answer. */
interface Answer {
  text: string;
  blocks?: KnownBlock[];
}

/**
 * Mints one STS session for an active grant and hands it to its grantee, ephemerally.
 *
 * Why it is built this way: credentials must never be stored. So the click listener only checks the
 * grant and enqueues `{grantId, kind, responseUrl}` (a response_url is not a credential); this job calls
 * STS, builds the answer in memory and POSTs it straight to the click's response_url as an ephemeral
 * message, or, failing that, calls `chat.postEphemeral` directly. It deliberately bypasses the Slack
 * outbox, which keeps its messages in Redis. The job's result and audit entry carry no secret, nothing
 * secret is logged, and an error raised here never quotes the credentials. After minting, the grant is
 * read again: a session minted while the grant was being revoked is dropped, never delivered.
 *
 * Redis is not trusted (DESIGN.md, principle 8): before anything is minted, the job data's seal is
 * checked (so it was queued by the bot for that click, by the grantee), the grant's seal is checked by the
 * store, the role ARN must be the one configured for the grant's role name, and the response_url must be
 * on Slack's own hosts. Any of these failing mints nothing.
 */
export function makeAccessCredentialsProcessor(deps: CredentialsDeps) {
  const store = new AccessStore(deps.redis, deps.keys, deps.config.access.expiryWarning, deps.integrity);
  const doFetch = deps.fetch ?? fetch;

  async function deliver(job: CredentialsJob, grant: AccessRequest | undefined, answer: Answer): Promise<'response_url' | 'postEphemeral'> {
    const { responseUrl, channel } = job.data;
    // Checked before the job does anything (see below); checked again here so no path posts to another host.
    if (responseUrl && deps.responseUrls.check(responseUrl).ok) {
      try {
        const res = await postToResponseUrl(responseUrl, { response_type: 'ephemeral', replace_original: false, ...answer });
        if (res.status >= 200 && res.status < 300) return 'response_url';
        deps.log.warn({ jobId: job.id, status: res.status }, 'response_url refused the ephemeral answer; trying chat.postEphemeral');
      } catch (error) {
        deps.log.warn({ jobId: job.id, error: (error as Error).name }, 'response_url did not answer; trying chat.postEphemeral');
      }
    }
    if (!channel || !grant) throw new Error('no way left to answer the user ephemerally');
    await deps.slack.chat.postEphemeral({ channel, user: grant.requester, ...answer });
    return 'postEphemeral';
  }

  function answerFor(grant: AccessRequest, kind: 'console' | 'cli', credentials: SessionCredentials, consoleUrl?: string): Answer {
    const until = slackTime(credentials.expiration.getTime());
    if (kind === 'cli') {
      return {
        text: `CLI credentials for ${grant.role} (expire ${credentials.expiration.toISOString()}):\n${cliExports(credentials)}`,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `:key: CLI credentials for ${code(grant.role)}, valid until ${until}. Only you can see this; it is not kept anywhere.` } },
          { type: 'section', text: { type: 'mrkdwn', text: '```' + cliExports(credentials) + '```' } },
        ],
      };
    }
    const link = consoleUrl ?? '';
    const intro = `:key: Your AWS console sign-in link for ${code(grant.role)} (the link works for 15 minutes; the session lasts until ${until}). Only you can see this.`;
    // Sign-in links are long; use a link in the block when it fits, the plain text otherwise.
    return link.length + 40 <= 3000
      ? { text: `AWS console sign-in for ${grant.role}: ${link}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${intro}\n<${link}|Open the AWS console>` } }] }
      : { text: `${intro}\n${link}` };
  }

  /** Refuses the job before anything is minted: logged (without the URL's path) and audited. */
  async function refuse(job: CredentialsJob, reason: string, detail: Record<string, unknown> = {}): Promise<JobResult<'access-credentials'>> {
    deps.log.error({ jobId: job.id, grantId: String(job.data.grantId).slice(0, 40), reason, ...detail }, 'refused a credentials job; nothing was minted');
    await deps.audit
      .append({ actor: 'system', action: 'access.session.refused', subject: String(job.data.grantId).slice(0, 40), detail: { reason, ...detail } })
      .catch((err: unknown) => deps.log.error({ err: { message: (err as Error).message } }, 'could not audit a refused credentials job'));
    return { delivered: false, reason };
  }

  return async (job: CredentialsJob): Promise<JobResult<'access-credentials'>> => {
    const { grantId, kind, seal, ...rest } = job.data;
    const data = { grantId, kind, ...rest };
    try {
      await deps.integrity.check('access-credentials-job', String(grantId), data, seal);
    } catch (error) {
      if (error instanceof TamperedRecordError) return refuse(job, 'job-data-not-sealed', { problem: error.problem });
      throw error;
    }
    if (job.data.responseUrl) {
      const verdict = deps.responseUrls.check(job.data.responseUrl);
      if (!verdict.ok) return refuse(job, 'response-url-refused', { responseUrlHost: redactUrl(job.data.responseUrl), why: verdict.reason });
    }
    if (deps.now().getTime() - (job.data.issuedAt ?? 0) > MINT_WINDOW_MS) return refuse(job, 'click-too-old');
    let grant: AccessRequest | undefined;
    try {
      grant = await store.get(grantId);
    } catch (error) {
      if (!(error instanceof TamperedRequestError)) throw error;
      await deliver(job, undefined, { text: `:no_entry: ${error.message}` });
      return refuse(job, 'grant-failed-integrity-check', { problem: error.tampered.problem });
    }
    if (grant && grant.requester !== job.data.userId) return refuse(job, 'not-the-grantee');
    if (!grant || !isUsable(grant, deps.now().getTime())) {
      await deliver(job, grant, { text: `:no_entry: Grant ${grantId} is ${grant?.status ?? 'unknown'}; it no longer gives credentials.` });
      return { delivered: false, reason: 'grant-not-active' };
    }
    const role = deps.config.access.roles.find((r) => r.name === grant.role);
    if (!role) {
      await deliver(job, grant, { text: `:x: Role ${code(grant.role)} is no longer configured for just-in-time access.` });
      return { delivered: false, reason: 'role-removed' };
    }
    // The role assumed is the one the configuration names for the grant's role, never one taken from Redis.
    if (role.arn !== grant.roleArn) {
      await deliver(job, grant, { text: `:no_entry: Grant ${code(grant.id)} names another role ARN than the one configured for ${code(grant.role)}; nothing was issued. Request access again.` });
      return refuse(job, 'role-arn-not-configured', { role: grant.role, roleArn: grant.roleArn, configuredArn: role.arn });
    }
    const input = assumeRoleInput({ ...grant, roleArn: role.arn }, { sessionDurationMs: deps.config.access.sessionDuration, roleMaxSessionMs: role.maxSessionDuration, now: deps.now().getTime() });
    let credentials: SessionCredentials;
    let consoleUrl: string | undefined;
    try {
      // Loaded on the first grant, not when the worker starts (the SDK client is large).
      const { STSClient } = await import('@aws-sdk/client-sts');
      credentials = await mintSession(deps.aws.get(STSClient), input);
      if (kind === 'console') {
        consoleUrl = await consoleSigninUrl(credentials, {
          federationUrl: deps.config.access.federationUrl,
          destination: deps.config.access.consoleUrl,
          issuer: 'gdpr-bot',
          fetch: doFetch,
        });
      }
    } catch (error) {
      const name = (error as Error).name || 'Error';
      deps.log.warn({ jobId: job.id, grantId, role: grant.role, error: name, message: (error as Error).message }, 'could not mint an access session');
      await deps.audit.append({ actor: 'system', action: 'access.session.failed', subject: grantId, detail: { role: grant.role, kind, error: name } });
      await deliver(job, grant, { text: `:x: AWS refused to start a session for ${code(grant.role)} (${code(name)}). An admin can find the details in the audit log and the bot's logs.` });
      return { delivered: false, reason: name };
    }
    const latest = await store.get(grantId).catch((error: unknown) => {
      if (error instanceof TamperedRequestError) return undefined;
      throw error;
    });
    if (!latest || !isUsable(latest, deps.now().getTime())) {
      await deliver(job, latest, { text: `:no_entry: Grant ${grantId} ended while the session was being prepared; nothing was issued to you.` });
      return { delivered: false, reason: 'grant-ended-meanwhile' };
    }
    await deps.audit.append({
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
    const via = await deliver(job, grant, answerFor(grant, kind, credentials, consoleUrl));
    deps.log.info({ jobId: job.id, grantId, kind, via, durationSeconds: input.DurationSeconds }, 'access session delivered');
    return { delivered: true, expiresAt: credentials.expiration.toISOString() };
  };
}
