import { createHmac } from 'node:crypto';

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** Slack's request signature: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export function sign(body: string, timestamp: number, secret = TEST_SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface PostOptions {
  secret?: string;
  /** Seconds since epoch; default now. */
  timestamp?: number;
  /** Overrides the computed signature (for forgery tests). */
  signature?: string;
  /** Leave out the signature headers. */
  unsigned?: boolean;
  contentType?: string;
}

/** POSTs a body to the bot's /slack/events, signed like Slack signs it. */
export async function postSigned(baseUrl: string, body: string, options: PostOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
  };
  if (!options.unsigned) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = options.signature ?? sign(body, timestamp, options.secret);
  }
  return fetch(`${baseUrl}/slack/events`, { method: 'POST', headers, body });
}

/** A slash command as Slack sends it (form-encoded). */
export function slashCommand(fields: {
  text: string;
  user_id?: string;
  channel_id?: string;
  response_url: string;
  trigger_id?: string;
  /** The team the request comes from (default the bot's own `T00000001`; another one for a Slack Connect user). */
  team_id?: string;
  enterprise_id?: string;
}): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.team_id ?? 'T00000001',
    ...(fields.enterprise_id ? { enterprise_id: fields.enterprise_id } : {}),
    team_domain: 'test',
    channel_id: fields.channel_id ?? 'C0000TEST',
    channel_name: 'test',
    user_id: fields.user_id ?? 'U0000USER',
    user_name: 'someone',
    command: '/gdpr',
    text: fields.text,
    api_app_id: 'A00000001',
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? '1234.5678.abcdef',
  }).toString();
}

/** An interactive payload (block_actions, view_submission, …) as Slack sends it: `payload=<json>`. */
export function interaction(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A block_actions payload for one button click. */
export function buttonClick(fields: {
  actionId: string;
  value: string;
  userId: string;
  responseUrl: string;
  channelId?: string;
  messageTs?: string;
  blockId?: string;
  /** The clicker's team (default the bot's own `T00000001`; another one for a Slack Connect user). */
  userTeamId?: string;
  /** Fixes the click's `action_ts` (seconds, as Slack writes it); default now. */
  actionTs?: string;
}): string {
  return interaction({
    type: 'block_actions',
    team: { id: 'T00000001', domain: 'test' },
    user: { id: fields.userId, username: fields.userId.toLowerCase(), team_id: fields.userTeamId ?? 'T00000001' },
    api_app_id: 'A00000001',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: fields.messageTs ?? '1700000000.000100', channel_id: fields.channelId ?? 'C0000TEST', is_ephemeral: false },
    trigger_id: '1234.5678.abcdef',
    channel: { id: fields.channelId ?? 'C0000TEST', name: 'test' },
    message: { ts: fields.messageTs ?? '1700000000.000100', type: 'message', text: '' },
    response_url: fields.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: fields.actionId,
        block_id: fields.blockId ?? 'b1',
        value: fields.value,
        action_ts: fields.actionTs ?? String(Date.now() / 1000),
      },
    ],
  });
}

/** A `view_submission` of a modal, as Slack sends it. */
export function viewSubmission(fields: { userId: string; callbackId: string; values: Record<string, unknown>; privateMetadata?: string }): string {
  return interaction({
    type: 'view_submission',
    team: { id: 'T00000001', domain: 'test' },
    user: { id: fields.userId, username: fields.userId.toLowerCase(), team_id: 'T00000001' },
    api_app_id: 'A00000001',
    token: 'deprecated-verification-token',
    trigger_id: '1234.5678.abcdef',
    view: {
      id: 'V0001',
      type: 'modal',
      callback_id: fields.callbackId,
      private_metadata: fields.privateMetadata ?? '{"channel":"C0000TEST"}',
      state: { values: fields.values },
    },
  });
}

/**
 * Sends the very same signed request twice, as someone who captured it would replay it within Slack's
 * 5-minute window: same bytes, same timestamp, same signature. Returns both responses.
 */
export async function postTwice(baseUrl: string, body: string, options: PostOptions = {}): Promise<[Response, Response]> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const first = await postSigned(baseUrl, body, { ...options, timestamp });
  const second = await postSigned(baseUrl, body, { ...options, timestamp });
  return [first, second];
}
