import { createHmac, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { elementAt, plainText, renderBlocks, type Block, type Directory, type VElement, type VNode } from './blockkit.js';

/**
 * A local Slack for the demo: it answers the Web API calls the bot makes (chat.postMessage / update /
 * postEphemeral, views.open / update, conversations.open, users.info, usergroups.users.list, the three
 * steps of files.uploadV2, auth.test) and its posts to response URLs, keeps the conversation of every
 * channel, and sends the bot what Slack would send when a person types `/gdpr …`, clicks a button or
 * submits a modal: form bodies and payloads signed with the signing secret, as Slack signs them.
 */

/** A person in the demo workspace. */
export interface DemoUser {
  id: string;
  name: string;
  /** Shown next to the name (e.g. "approver"). */
  title: string;
}

export interface DemoChannel {
  id: string;
  name: string;
  kind: 'channel' | 'dm';
  /** For a DM: the person the bot talks to. */
  user?: string;
}

/** A message in a channel, as the demo keeps it. */
export interface DemoMessage {
  ts: string;
  channel: string;
  /** A user id, or {@link BOT_USER}. */
  author: string;
  text: string;
  blocks?: Block[];
  threadTs?: string;
  /** Only this user sees it ("Only visible to you"). */
  ephemeralFor?: string;
  file?: { name: string; content: string };
  edited?: boolean;
}

/** An open modal. */
export interface DemoModal {
  id: string;
  user: string;
  view: {
    title?: { text?: string };
    submit?: { text?: string };
    close?: { text?: string };
    callback_id?: string;
    private_metadata?: string;
    blocks?: Block[];
    [k: string]: unknown;
  };
  errors?: Record<string, string>;
}

export const BOT_USER = 'UDEMOBOT01';
/** The author of the demo's own hints (not the bot). */
export const GUIDE_USER = 'UDEMOGUIDE';
const TEAM = { id: 'TDEMO00001', domain: 'gdpr-demo' };
const APP_ID = 'ADEMO00001';
/** Form fields that the Web API client sends JSON-encoded. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'files']);
/** Largest request body the stand-in reads (the bot's own messages are far smaller). */
const MAX_BODY = 5 * 1024 * 1024;

/** Slack's request signature: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseArgs(req: IncomingMessage, text: string): Record<string, unknown> {
  if ((req.headers['content-type'] ?? '').includes('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  return out;
}

/** Where a response_url's posts go: the channel and user of the command or click, and the clicked message. */
interface ResponseContext {
  channel: string;
  user: string;
  messageTs?: string;
}

/** What the page shows one user: the people, the channels, their messages (rendered) and an open modal. */
export interface DemoSnapshot {
  version: number;
  me: string;
  users: DemoUser[];
  channels: { id: string; name: string; kind: 'channel' | 'dm'; messages: number }[];
  messages: Record<string, RenderedMessage[]>;
  modal?: { id: string; title: string; submit?: string; close: string; body: VElement };
}

export interface RenderedMessage {
  ts: string;
  author: string;
  bot: boolean;
  time: string;
  ephemeral: boolean;
  edited: boolean;
  body: VNode;
  replies: RenderedMessage[];
}

/** The outcome of something a person did on the page. */
export interface DemoActionResult {
  ok: boolean;
  error?: string;
}

export class DemoSlack {
  readonly users: DemoUser[];
  readonly channels = new Map<string, DemoChannel>();
  readonly messages: DemoMessage[] = [];
  readonly modals: DemoModal[] = [];
  private readonly responses = new Map<string, ResponseContext>();
  private readonly triggers = new Map<string, string>();
  private readonly pendingUploads = new Map<string, { filename: string; content?: string }>();
  private readonly events = new EventEmitter();
  private tsSeq = 0;
  private viewSeq = 0;
  version = 0;
  /** Where this stand-in is reached (set by the server that hosts it). */
  baseUrl = '';
  /** The bot's HTTP endpoint, e.g. `http://127.0.0.1:4321`. */
  botUrl = '';

  constructor(
    users: DemoUser[],
    channels: DemoChannel[],
    private readonly signingSecret: string,
  ) {
    this.users = users;
    for (const c of channels) this.channels.set(c.id, c);
    for (const u of users) this.channels.set(this.dmOf(u.id), { id: this.dmOf(u.id), name: `${u.name} ⇄ gdpr-bot`, kind: 'dm', user: u.id });
    this.events.setMaxListeners(0);
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** The DM channel of the bot with `user`. */
  dmOf(user: string): string {
    return `D${user.slice(1)}`;
  }

  private userName(id: string): string | undefined {
    if (id === BOT_USER) return 'gdpr-bot';
    if (id === GUIDE_USER) return 'Demo guide';
    return this.users.find((u) => u.id === id)?.name;
  }

  private directory(): Directory {
    return { userName: (id) => this.userName(id), channelName: (id) => this.channels.get(id)?.name };
  }

  private changed(): void {
    this.version += 1;
    this.events.emit('change');
  }

  /** Resolves when the conversation changes after `since`, or after `timeoutMs`. */
  waitForChange(since: number, timeoutMs: number): Promise<void> {
    if (this.version !== since) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.events.off('change', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      this.events.on('change', done);
    });
  }

  /** Wakes every waiting page (on shutdown). */
  wakeAll(): void {
    this.events.emit('change');
  }

  /** Unique and increasing, like Slack's: seconds, then a sequence number. */
  private nextTs(): string {
    this.tsSeq += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsSeq).padStart(6, '0')}`;
  }

  /** A channel id as the bot names it (a user id means the DM with that user); unknown channels are created. */
  private channelFor(id: string): string {
    if (/^[UW]/.test(id)) return this.dmOf(id);
    if (!this.channels.has(id)) this.channels.set(id, { id, name: id.toLowerCase(), kind: 'channel' });
    return id;
  }

  private post(m: Omit<DemoMessage, 'ts'>): DemoMessage {
    const message = { ...m, ts: this.nextTs() };
    this.messages.push(message);
    this.changed();
    return message;
  }

  private find(channel: string, ts: string): DemoMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** A hint of the demo itself (mrkdwn) in `channel`. */
  note(channel: string, text: string): void {
    this.post({ channel, author: GUIDE_USER, text });
  }

  // ---- Slack's side: the Web API and response URLs the bot calls ----

  /** Answers a request of the bot; false when the path is not Slack's. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      const context = this.responses.get(url.pathname.slice('/response/'.length));
      const raw = (await readBody(req)).toString('utf8');
      if (!context) {
        json(404, { ok: false, error: 'expired_url' });
        return true;
      }
      this.respond(context, JSON.parse(raw || '{}') as Record<string, unknown>);
      json(200, { ok: true });
      return true;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
      const fileId = url.pathname.slice('/upload/'.length);
      const pending = this.pendingUploads.get(fileId);
      const raw = await readBody(req);
      if (!pending) {
        res.writeHead(404);
        res.end('unknown upload');
        return true;
      }
      const type = req.headers['content-type'] ?? '';
      let content = raw.toString('utf8');
      if (type.includes('multipart/form-data')) {
        const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
        const value = [...form.values()][0];
        content = value === undefined ? '' : typeof value === 'string' ? value : await value.text();
      }
      pending.content = content;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${Buffer.byteLength(content)}`);
      return true;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      const args = parseArgs(req, (await readBody(req)).toString('utf8'));
      json(200, this.api(method, args));
      return true;
    }
    return false;
  }

  /** One Web API call of the bot, answered as Slack answers it. */
  api(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: BOT_USER,
          bot_id: 'BDEMOBOT01',
          team_id: TEAM.id,
          team: 'GDPR demo',
          user: 'gdpr-bot',
          url: 'https://gdpr-demo.slack.com/',
        };
      case 'chat.postMessage': {
        const channel = this.channelFor(str(args.channel));
        const m = this.post({
          channel,
          author: BOT_USER,
          text: str(args.text),
          blocks: args.blocks as Block[] | undefined,
          threadTs: str(args.thread_ts) || undefined,
        });
        return { ok: true, channel, ts: m.ts, message: { text: m.text, ts: m.ts } };
      }
      case 'chat.update': {
        const channel = this.channelFor(str(args.channel));
        const m = this.find(channel, str(args.ts));
        if (!m) return { ok: false, error: 'message_not_found' };
        m.text = str(args.text);
        if (args.blocks !== undefined) m.blocks = args.blocks as Block[];
        m.edited = true;
        this.changed();
        return { ok: true, channel, ts: m.ts, text: m.text };
      }
      case 'chat.postEphemeral': {
        const channel = this.channelFor(str(args.channel));
        const m = this.post({
          channel,
          author: BOT_USER,
          text: str(args.text),
          blocks: args.blocks as Block[] | undefined,
          ephemeralFor: str(args.user),
          threadTs: str(args.thread_ts) || undefined,
        });
        return { ok: true, message_ts: m.ts };
      }
      case 'chat.delete': {
        const channel = this.channelFor(str(args.channel));
        const i = this.messages.findIndex((m) => m.channel === channel && m.ts === str(args.ts));
        if (i >= 0) this.messages.splice(i, 1);
        this.changed();
        return { ok: true, channel, ts: str(args.ts) };
      }
      case 'conversations.open': {
        const user = str(args.users).split(',')[0] ?? '';
        return { ok: true, channel: { id: this.channelFor(user) } };
      }
      case 'users.info': {
        const user = this.users.find((u) => u.id === str(args.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: TEAM.id,
            name: user.name.toLowerCase(),
            real_name: user.name,
            deleted: false,
            is_bot: false,
            is_restricted: false,
            is_ultra_restricted: false,
            profile: { real_name: user.name, display_name: user.name, title: user.title },
          },
        };
      }
      case 'usergroups.users.list':
        return { ok: true, users: [] };
      case 'conversations.members':
        // Everyone of the demo is in every channel (so /gdpr findings shows them what went there).
        return { ok: true, members: this.users.map((u) => u.id), response_metadata: { next_cursor: '' } };
      case 'views.open':
      case 'views.push': {
        const user = this.triggers.get(str(args.trigger_id));
        if (!user) return { ok: false, error: 'invalid_trigger_id' };
        const modal: DemoModal = { id: `VDEMO${String(++this.viewSeq).padStart(5, '0')}`, user, view: args.view as DemoModal['view'] };
        if (method === 'views.open') this.removeModals(user);
        this.modals.push(modal);
        this.changed();
        return { ok: true, view: { id: modal.id, ...modal.view } };
      }
      case 'views.update': {
        const modal = this.modals.find((m) => m.id === str(args.view_id));
        if (!modal) return { ok: false, error: 'not_found' };
        modal.view = args.view as DemoModal['view'];
        modal.errors = undefined;
        this.changed();
        return { ok: true, view: { id: modal.id, ...modal.view } };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `FDEMO${randomBytes(4).toString('hex').toUpperCase()}`;
        this.pendingUploads.set(fileId, { filename: str(args.filename) });
        return { ok: true, upload_url: `${this.baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(args.files) ? args.files : []) as { id: string; title?: string }[];
        const channel = this.channelFor(str(args.channel_id));
        for (const f of files) {
          const upload = this.pendingUploads.get(f.id);
          if (!upload || upload.content === undefined) return { ok: false, error: 'file_not_found' };
          this.pendingUploads.delete(f.id);
          this.post({
            channel,
            author: BOT_USER,
            text: str(args.initial_comment),
            file: { name: upload.filename, content: upload.content },
            threadTs: str(args.thread_ts) || undefined,
          });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) };
      }
      default:
        return { ok: true };
    }
  }

  /** A post to a response URL (or a slash command's acknowledgement with a body), as Slack shows it. */
  private respond(context: ResponseContext, body: Record<string, unknown>): void {
    const original = context.messageTs ? this.find(context.channel, context.messageTs) : undefined;
    if (body.delete_original === true && original) {
      this.messages.splice(this.messages.indexOf(original), 1);
      this.changed();
      return;
    }
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = body.blocks as Block[] | undefined;
    if (body.replace_original === true && original) {
      original.text = text;
      original.blocks = blocks;
      original.edited = true;
      this.changed();
      return;
    }
    if (!text && !blocks?.length) return;
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    this.post({
      channel: context.channel,
      author: BOT_USER,
      text,
      blocks,
      threadTs,
      ephemeralFor: body.response_type === 'in_channel' ? undefined : context.user,
    });
  }

  private removeModals(user: string): void {
    for (let i = this.modals.length - 1; i >= 0; i--) if (this.modals[i]!.user === user) this.modals.splice(i, 1);
  }

  // ---- the people's side: what the page sends ----

  private responseUrl(context: ResponseContext): string {
    const id = randomBytes(12).toString('hex');
    this.responses.set(id, context);
    return `${this.baseUrl}/response/${id}`;
  }

  private trigger(user: string): string {
    const id = `${Date.now()}.${randomBytes(6).toString('hex')}`;
    this.triggers.set(id, user);
    return id;
  }

  /** POSTs a body to the bot's /slack/events, signed as Slack signs it. */
  private async send(body: string): Promise<{ status: number; text: string }> {
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(`${this.botUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(this.signingSecret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, text: await res.text() };
  }

  private refused(channel: string, user: string, what: string, status: number): DemoActionResult {
    this.post({ channel, author: BOT_USER, text: `:x: The bot answered HTTP ${status} to ${what}.`, ephemeralFor: user });
    return { ok: false, error: `HTTP ${status}` };
  }

  private known(user: string): boolean {
    return this.users.some((u) => u.id === user);
  }

  /** `user` types `text` (e.g. `/gdpr status`) in `channel`. */
  async command(user: string, channel: string, text: string): Promise<DemoActionResult> {
    if (!this.known(user) || !this.channels.has(channel)) return { ok: false, error: 'unknown user or channel' };
    const typed = text.trim();
    const match = /^\/(\S+)\s*([\s\S]*)$/.exec(typed);
    if (!match || match[1] !== 'gdpr') {
      this.post({ channel, author: user, text: typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') });
      if (typed.startsWith('/'))
        this.post({
          channel,
          author: BOT_USER,
          text: `${typed.split(/\s/)[0]!.replace(/[<>&]/g, '')} is not a command here: try \`/gdpr help\`.`,
          ephemeralFor: user,
        });
      return { ok: true };
    }
    // Slack shows the command only to the person who typed it.
    this.post({
      channel,
      author: user,
      text: `\`/gdpr ${match[2]!.replace(/`/g, "'")}\``.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      ephemeralFor: user,
    });
    const context: ResponseContext = { channel, user };
    const body = new URLSearchParams({
      token: 'demo-verification-token',
      team_id: TEAM.id,
      team_domain: TEAM.domain,
      channel_id: channel,
      channel_name: this.channels.get(channel)!.name,
      user_id: user,
      user_name: this.userName(user)!.toLowerCase(),
      command: '/gdpr',
      text: match[2]!,
      api_app_id: APP_ID,
      is_enterprise_install: 'false',
      response_url: this.responseUrl(context),
      trigger_id: this.trigger(user),
    }).toString();
    const res = await this.send(body);
    if (res.status !== 200) return this.refused(channel, user, '/gdpr', res.status);
    if (res.text.trim()) this.respond(context, JSON.parse(res.text) as Record<string, unknown>);
    return { ok: true };
  }

  /** `user` clicks the button that `ref` names (see {@link render}). */
  async click(user: string, ref: string): Promise<DemoActionResult> {
    const [kind, channel = '', ts = '', block = '', index = ''] = ref.split('|');
    if (kind !== 'm' || !this.known(user)) return { ok: false, error: 'unknown element' };
    const message = this.find(channel, ts);
    if (!message || (message.ephemeralFor && message.ephemeralFor !== user)) return { ok: false, error: 'no such message' };
    const found = elementAt(message.blocks, Number(block), index === 'accessory' ? 'accessory' : Number(index));
    if (!found || found.element.type !== 'button') return { ok: false, error: 'no such button' };
    const ephemeral = message.ephemeralFor !== undefined;
    const payload: Record<string, unknown> = {
      type: 'block_actions',
      team: TEAM,
      user: { id: user, username: this.userName(user)!.toLowerCase(), name: this.userName(user)!.toLowerCase(), team_id: TEAM.id },
      api_app_id: APP_ID,
      token: 'demo-verification-token',
      container: { type: 'message', message_ts: message.ts, channel_id: channel, is_ephemeral: ephemeral },
      trigger_id: this.trigger(user),
      channel: { id: channel, name: this.channels.get(channel)?.name ?? channel },
      response_url: this.responseUrl({ channel, user, messageTs: message.ts }),
      actions: [
        {
          type: 'button',
          action_id: found.element.action_id,
          block_id: found.block.block_id ?? `b${block}`,
          text: { type: 'plain_text', text: plainText(found.element.text) },
          value: found.element.value,
          action_ts: String(Date.now() / 1000),
        },
      ],
    };
    // Slack leaves the message out of clicks on ephemeral messages.
    if (!ephemeral)
      payload.message = {
        type: 'message',
        ts: message.ts,
        text: message.text,
        blocks: message.blocks,
        user: BOT_USER,
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      };
    const res = await this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    if (res.status !== 200) return this.refused(channel, user, `the click on ${plainText(found.element.text)}`, res.status);
    return { ok: true };
  }

  /** `user` submits modal `viewId` with `values` (`"<block_id>/<action_id>"` → text or selected value). */
  async submit(user: string, viewId: string, values: Record<string, string>): Promise<DemoActionResult> {
    const modal = this.modals.find((m) => m.id === viewId && m.user === user);
    if (!modal) return { ok: false, error: 'no such modal' };
    const state: Record<string, Record<string, unknown>> = {};
    for (const b of modal.view.blocks ?? []) {
      if (b.type !== 'input' || !b.block_id || !b.element?.action_id) continue;
      const value = values[`${b.block_id}/${b.element.action_id}`] ?? '';
      const el = b.element;
      let entry: Record<string, unknown>;
      if (el.type === 'static_select') {
        const option = el.options?.find((o) => o.value === value);
        entry = { type: 'static_select', selected_option: option ? { text: option.text, value: option.value } : null };
      } else entry = { type: el.type, value: value === '' ? null : value };
      state[b.block_id] = { [el.action_id!]: entry };
    }
    const payload = {
      type: 'view_submission',
      team: TEAM,
      user: { id: user, username: this.userName(user)!.toLowerCase(), name: this.userName(user)!.toLowerCase(), team_id: TEAM.id },
      api_app_id: APP_ID,
      token: 'demo-verification-token',
      trigger_id: this.trigger(user),
      view: { id: modal.id, type: 'modal', ...modal.view, state: { values: state } },
    };
    const res = await this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    if (res.status !== 200) return { ok: false, error: `the bot answered HTTP ${res.status}` };
    const ack = res.text.trim() ? (JSON.parse(res.text) as { response_action?: string; errors?: Record<string, string>; view?: DemoModal['view'] }) : {};
    if (ack.response_action === 'errors') modal.errors = ack.errors ?? {};
    else if (ack.response_action === 'update' && ack.view) {
      modal.view = ack.view;
      modal.errors = undefined;
    } else if (ack.response_action === 'push' && ack.view) this.modals.push({ id: `VDEMO${String(++this.viewSeq).padStart(5, '0')}`, user, view: ack.view });
    else this.modals.splice(this.modals.indexOf(modal), 1);
    this.changed();
    return { ok: true };
  }

  /** `user` closes modal `viewId` (Cancel or ×). */
  closeModal(user: string, viewId: string): DemoActionResult {
    const i = this.modals.findIndex((m) => m.id === viewId && m.user === user);
    if (i >= 0) {
      this.modals.splice(i, 1);
      this.changed();
    }
    return { ok: true };
  }

  // ---- the page ----

  private renderMessage(m: DemoMessage, replies: RenderedMessage[]): RenderedMessage {
    const ref = (block: number, element: number | 'accessory') => `m|${m.channel}|${m.ts}|${block}|${element}`;
    let body: VNode = renderBlocks(m.blocks, m.text, { dir: this.directory(), ref });
    if (m.file) {
      const preview = m.file.content.split('\n').slice(0, 30).join('\n');
      body = {
        t: 'div',
        c: [
          ...(m.text ? [renderBlocks(undefined, m.text, { dir: this.directory(), ref })] : []),
          {
            t: 'div',
            a: { class: 'file' },
            c: [
              { t: 'div', a: { class: 'file-name' }, c: [`📄 ${m.file.name}`] },
              { t: 'pre', c: [preview + (preview.length < m.file.content.length ? '\n…' : '')] },
            ],
          },
        ],
      };
    }
    const time = new Date(Number(m.ts.split('.')[0]) * 1000);
    return {
      ts: m.ts,
      author: this.userName(m.author) ?? m.author,
      bot: m.author === BOT_USER,
      time: time.toTimeString().slice(0, 5),
      ephemeral: m.ephemeralFor !== undefined,
      edited: m.edited === true,
      body,
      replies,
    };
  }

  /** What `user` sees: every channel they are in, their messages and replies (rendered), their modal. */
  snapshot(user: string): DemoSnapshot {
    const visible = (m: DemoMessage) => m.ephemeralFor === undefined || m.ephemeralFor === user;
    const channels = [...this.channels.values()].filter((c) => c.kind === 'channel' || c.user === user);
    const messages: Record<string, RenderedMessage[]> = {};
    const counts: Record<string, number> = {};
    for (const c of channels) {
      const mine = this.messages.filter((m) => m.channel === c.id && visible(m));
      counts[c.id] = mine.length;
      const tops = mine.filter((m) => !m.threadTs || !mine.some((p) => p.ts === m.threadTs && !p.threadTs));
      messages[c.id] = tops.map((m) =>
        this.renderMessage(
          m,
          mine.filter((r) => r.threadTs === m.ts && r !== m).map((r) => this.renderMessage(r, [])),
        ),
      );
    }
    const open = [...this.modals].reverse().find((m) => m.user === user);
    return {
      version: this.version,
      me: user,
      users: this.users,
      channels: channels.map((c) => ({ id: c.id, name: c.name, kind: c.kind, messages: counts[c.id] ?? 0 })),
      messages,
      ...(open
        ? {
            modal: {
              id: open.id,
              title: plainText(open.view.title as never) || 'Modal',
              submit: open.view.submit ? plainText(open.view.submit as never) : undefined,
              close: plainText(open.view.close as never) || 'Cancel',
              body: renderBlocks(open.view.blocks, '', { dir: this.directory(), ref: (b, e) => `v|${open.id}|${b}|${e}`, errors: open.errors }),
            },
          }
        : {}),
    };
  }
}
