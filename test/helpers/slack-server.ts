import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Web API call the bot made. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
}

/** A post to a response_url. */
export interface RecordedResponse {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

/** A file the bot uploaded through files.uploadV2 (getUploadURLExternal, POST to the upload_url, completeUploadExternal). */
export interface RecordedUpload {
  fileId: string;
  filename: string;
  /** The uploaded bytes as UTF-8 text. */
  content: string;
  /** The uploaded bytes as they are (a PNG is not text). */
  bytes: Buffer;
  /** Set once files.completeUploadExternal shared the file. */
  channel?: string;
  initialComment?: string;
  at: number;
}

export interface FakeUser {
  id: string;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  deleted?: boolean;
  is_bot?: boolean;
  /** The user's home workspace (another one than the bot's `T00000001` for a Slack Connect user). */
  team_id?: string;
  enterprise_user?: { enterprise_id: string };
  /** Slack's flag for a user the workspace shares no channel with. */
  is_stranger?: boolean;
}

/** A channel as conversations.info describes it. */
export interface FakeChannel {
  id: string;
  name?: string;
  is_member?: boolean;
  is_private?: boolean;
  is_archived?: boolean;
}

/** The bot scopes of manifest.yml, which a token installed from it has. */
export const MANIFEST_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'im:write',
  'users:read',
  'usergroups:read',
  'files:write',
  'channels:read',
  'groups:read',
  'channels:history',
  'groups:history',
  'pins:write',
];

type Fault = { times: number; status: number; retryAfter?: number; error?: string };

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Form fields that the Web API client sends JSON-encoded. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'files']);

function parseArgs(req: IncomingMessage, text: string): Record<string, unknown> {
  if ((req.headers['content-type'] ?? '').includes('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  }
  return out;
}

/**
 * A Slack stand-in on 127.0.0.1 (random port) that the bot reaches through SLACK_API_URL. It records
 * every Web API call and every response_url post, answers like Slack does, and can be told to answer
 * 429 with Retry-After, 5xx, or a platform error for the next N calls of a method.
 */
export class SlackTestServer {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  /** Calls answered with an injected fault (429, 5xx, platform error), in order. */
  readonly refused: RecordedCall[] = [];
  /** Files uploaded to an upload_url, completed or not. */
  readonly uploads: RecordedUpload[] = [];
  private readonly pendingUploads = new Map<string, { filename: string; length: number }>();
  readonly users = new Map<string, FakeUser>();
  readonly usergroups = new Map<string, string[]>();
  /**
   * Channels conversations.info knows. A channel not in here is answered `channel_not_found` when it is
   * in `missingChannels`, and otherwise as a public channel the bot is in.
   */
  readonly channels = new Map<string, FakeChannel>();
  readonly missingChannels = new Set<string>();
  /** Channels the bot is not in: chat.postMessage, chat.update and chat.postEphemeral there answer `not_in_channel`, as Slack does. */
  readonly notInChannel = new Set<string>();
  /** The token's scopes, sent in the `x-oauth-scopes` header of every Web API answer (none when undefined). */
  scopes: string[] | undefined = [...MANIFEST_SCOPES];
  /** conversations.members per channel; a channel not listed answers {@link defaultChannelMembers}. */
  readonly channelMembers = new Map<string, string[]>();
  readonly defaultChannelMembers = ['U0000USER', 'U0000APPR1', 'U0000APPR2'];
  /** response_url ids that answer 404 used_url. */
  readonly usedResponseUrls = new Set<string>();
  private readonly faults = new Map<string, Fault[]>();
  /** Messages posted with chat.postMessage, per channel, oldest first (what conversations.history answers). */
  readonly history = new Map<string, { ts: string; text: string; user: string; bot_id: string }[]>();
  private server: Server | undefined;
  private tsCounter = 1_700_000_000;
  baseUrl = '';

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.baseUrl}/response/${id}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Drops the faults still waiting for `method` (every method without one). */
  clearFaults(method?: string): void {
    if (method) this.faults.delete(method);
    else this.faults.clear();
  }

  /** The next `times` calls of `method` fail: 429 with Retry-After, an HTTP status, or `ok: false` with `error`. */
  failNext(method: string, fault: Fault): void {
    const list = this.faults.get(method) ?? [];
    list.push({ ...fault });
    this.faults.set(method, list);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `predicate` holds (polling), or fails after `timeoutMs` with `what`. */
  async waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Everything the bot sent, as one string (to look for leaks). */
  everything(): string {
    return JSON.stringify({ calls: this.calls, responses: this.responses });
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${this.tsCounter}.000100`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const raw = await readBody(req);
    const text = raw.toString('utf8');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };

    if (url.pathname.startsWith('/response/')) {
      const id = url.pathname.slice('/response/'.length);
      const fault = this.takeFault(`response:${id}`) ?? this.takeFault('response');
      if (fault) {
        json(fault.status, { ok: false, error: fault.error ?? 'fault' }, fault.retryAfter ? { 'retry-after': String(fault.retryAfter) } : {});
        return;
      }
      if (this.usedResponseUrls.has(id)) {
        json(404, { ok: false, error: 'used_url' });
        return;
      }
      this.responses.push({ id, body: JSON.parse(text || '{}') as Record<string, unknown>, at: Date.now() });
      json(200, { ok: true });
      return;
    }

    if (url.pathname.startsWith('/upload/')) {
      // The file's bytes, as the Web API client posts them: multipart/form-data with one file field.
      const fileId = url.pathname.slice('/upload/'.length);
      const pending = this.pendingUploads.get(fileId);
      if (!pending) {
        res.writeHead(404);
        res.end('unknown upload');
        return;
      }
      const form = await new Response(raw, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const value = [...form.values()][0];
      const bytes = value === undefined ? Buffer.alloc(0) : typeof value === 'string' ? Buffer.from(value) : Buffer.from(await value.arrayBuffer());
      const content = bytes.toString('utf8');
      this.uploads.push({ fileId, filename: pending.filename, content, bytes, at: Date.now() });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${Buffer.byteLength(content)}`);
      return;
    }

    if (!url.pathname.startsWith('/api/')) {
      json(404, { ok: false, error: 'unknown_path' });
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(req, text);
    const fault = this.takeFault(method);
    if (fault) {
      this.refused.push({ method, args, at: Date.now() });
      if (fault.status === 429) {
        json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter ?? 1) });
      } else if (fault.status === 200) {
        json(200, { ok: false, error: fault.error ?? 'fault' });
      } else {
        json(fault.status, { ok: false, error: fault.error ?? 'fault' });
      }
      return;
    }
    if (['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(method) && this.notInChannel.has(String(args.channel))) {
      this.refused.push({ method, args, at: Date.now() });
      json(200, { ok: false, error: 'not_in_channel' });
      return;
    }
    this.calls.push({ method, args, at: Date.now() });
    json(200, this.answer(method, args), this.scopes ? { 'x-oauth-scopes': this.scopes.join(',') } : {});
  }

  private takeFault(method: string): Fault | undefined {
    const list = this.faults.get(method);
    const fault = list?.[0];
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) list!.shift();
    return fault;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT000001', bot_id: 'BBOT000001', team_id: 'T00000001', team: 'test', user: 'gdpr-bot' };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        const list = this.history.get(String(args.channel)) ?? [];
        list.push({ ts, text: String(args.text ?? ''), user: 'UBOT000001', bot_id: 'BBOT000001' });
        this.history.set(String(args.channel), list);
        return { ok: true, channel: args.channel, ts, message: { text: args.text } };
      }
      case 'conversations.history': {
        // Newest first, between oldest and latest (inclusive only when asked), up to limit; no paging.
        const inclusive = args.inclusive === true || args.inclusive === 'true';
        const latest = args.latest === undefined ? Infinity : Number(args.latest);
        const oldest = args.oldest === undefined ? -Infinity : Number(args.oldest);
        const fits = (ts: number) => (inclusive ? ts <= latest && ts >= oldest : ts < latest && ts > oldest);
        const messages = [...(this.history.get(String(args.channel)) ?? [])].reverse().filter((m) => fits(Number(m.ts)));
        return { ok: true, messages: messages.slice(0, Number(args.limit ?? 100)).map((m) => ({ type: 'message', ...m })), has_more: false };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'conversations.info': {
        const id = String(args.channel);
        if (this.missingChannels.has(id)) return { ok: false, error: 'channel_not_found' };
        return { ok: true, channel: { name: id.toLowerCase(), is_member: true, is_private: false, is_archived: false, ...this.channels.get(id), id } };
      }
      case 'apps.connections.open':
        return { ok: true, url: `${this.baseUrl.replace(/^http/, 'ws')}/socket` };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users ?? 'X').slice(1)}` } };
      case 'users.info': {
        const id = String(args.user);
        const user = this.users.get(id) ?? { id };
        return { ok: true, user: { name: id.toLowerCase(), ...user } };
      }
      case 'conversations.members':
        return { ok: true, members: this.channelMembers.get(String(args.channel)) ?? this.defaultChannelMembers, response_metadata: { next_cursor: '' } };
      case 'usergroups.users.list':
        return { ok: true, users: this.usergroups.get(String(args.usergroup)) ?? [] };
      case 'views.open':
      case 'views.update':
        return { ok: true, view: { id: 'V0001', ...(args.view as object) } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(this.calls.length).padStart(8, '0')}`;
        this.pendingUploads.set(fileId, { filename: String(args.filename ?? ''), length: Number(args.length ?? 0) });
        return { ok: true, upload_url: `${this.baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(args.files) ? args.files : []) as { id: string; title?: string }[];
        for (const f of files) {
          const upload = this.uploads.find((u) => u.fileId === f.id);
          if (!upload) return { ok: false, error: 'file_not_found' };
          upload.channel = args.channel_id as string | undefined;
          upload.initialComment = args.initial_comment as string | undefined;
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) };
      }
      default:
        return { ok: true };
    }
  }
}
