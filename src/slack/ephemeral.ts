import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log.js';
import type { EphemeralAnswer, EphemeralReplies } from '../notify/ephemeral.js';
import { postToResponseUrl, redactUrl, type ResponseUrlPolicy } from './response-urls.js';

/** {@link EphemeralReplies} on Slack: the response_url (checked against the policy), then `chat.postEphemeral`. */
export class SlackEphemeralReplies implements EphemeralReplies {
  constructor(private readonly deps: { responseUrls: ResponseUrlPolicy; slack: WebClient; log: Logger }) {}

  check(responseUrl: string): { ok: true } | { ok: false; reason: string; host: string } {
    const verdict = this.deps.responseUrls.check(responseUrl);
    return verdict.ok ? { ok: true } : { ok: false, reason: verdict.reason, host: redactUrl(responseUrl) };
  }

  async answer(
    to: { responseUrl?: string; channel?: string; user?: string; jobId?: string },
    answer: EphemeralAnswer,
  ): Promise<'response_url' | 'postEphemeral'> {
    const { responseUrl, channel, user, jobId } = to;
    // Checked again here so no path posts to another host.
    if (responseUrl && this.deps.responseUrls.check(responseUrl).ok) {
      try {
        const res = await postToResponseUrl(responseUrl, { response_type: 'ephemeral', replace_original: false, ...answer });
        if (res.status >= 200 && res.status < 300) return 'response_url';
        this.deps.log.warn({ jobId, status: res.status }, 'response_url refused the ephemeral answer; trying chat.postEphemeral');
      } catch (error) {
        this.deps.log.warn({ jobId, error: (error as Error).name }, 'response_url did not answer; trying chat.postEphemeral');
      }
    }
    if (!channel || !user) throw new Error('no way left to answer the user ephemerally');
    await this.deps.slack.chat.postEphemeral({ channel, user, ...answer });
    return 'postEphemeral';
  }
}
