/** Events API and Home tab payloads, as Slack sends them (sign them with `postSigned`). */

/** An `app_home_opened` event callback (JSON), for `tab` of the bot's App Home. */
export function appHomeOpened(fields: { userId: string; tab?: 'home' | 'messages'; teamId?: string; eventId?: string }): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: fields.teamId ?? 'T00000001',
    api_app_id: 'A00000001',
    type: 'event_callback',
    event_id: fields.eventId ?? `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'app_home_opened',
      user: fields.userId,
      channel: `D${fields.userId.slice(1)}`,
      tab: fields.tab ?? 'home',
      event_ts: String(Date.now() / 1000),
    },
  });
}

/** A button click on the Home tab: a `block_actions` from a view, which (unlike a message) has no response_url. */
export function homeTabClick(fields: { userId: string; actionId: string; value: string; blockId?: string }): string {
  return new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      team: { id: 'T00000001', domain: 'test' },
      user: { id: fields.userId, username: fields.userId.toLowerCase(), team_id: 'T00000001' },
      api_app_id: 'A00000001',
      token: 'deprecated-verification-token',
      container: { type: 'view', view_id: 'V0HOME' },
      trigger_id: '1234.5678.abcdef',
      view: { id: 'V0HOME', type: 'home', blocks: [], state: { values: {} } },
      actions: [{ type: 'button', action_id: fields.actionId, block_id: fields.blockId ?? 'b1', value: fields.value, action_ts: String(Date.now() / 1000) }],
    }),
  }).toString();
}
