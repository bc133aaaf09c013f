import { isIP } from 'node:net';
import { request } from 'undici';

/**
 * Which response_urls the bot POSTs to. A response_url reaches the workers through Redis (job data, the
 * outbox), and Redis is not a root of trust: whoever can write it could otherwise make the bot POST an
 * answer (with credentials, for the credentials job) anywhere. So a URL is used only when it is on one
 * of Slack's own hosts: `https://hooks.slack.com/…` and `https://*.slack.com/…` by default, or what
 * `SLACK_RESPONSE_URL_HOSTS` lists (or, when that is unset, the host of `SLACK_API_URL` and its
 * subdomains, for GovSlack's `slack-gov.com` or a test server).
 *
 * An entry is `host`, `*.domain` (any subdomain, not the domain itself) or either with `:port`. Without a
 * port, only the scheme's default port matches. `https` is required, except for loopback hosts
 * (127.0.0.0/8, ::1, localhost), which may be `http` (a local test server). A URL with user info
 * (`https://hooks.slack.com@evil.example/`) is refused, whatever its host.
 */

/** Slack's own hosts for response URLs. */
export const SLACK_RESPONSE_URL_HOSTS: readonly string[] = ['hooks.slack.com', '*.slack.com'];

interface Entry {
  wildcard: boolean;
  host: string;
  port: string;
}

const ENTRY = /^(\*\.)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

function isLoopback(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/** The URL reduced to what may be logged: scheme, host and port. The path and query (the secret part) are dropped. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '(not a URL)';
  }
}

/** Whether a URL may be used, and why not. */
export type ResponseUrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

/** The allowlist of response_url hosts (see the module comment). */
export class ResponseUrlPolicy {
  private constructor(
    private readonly entries: readonly Entry[],
    /** The entries as given, for messages. */
    readonly hosts: readonly string[],
  ) {}

  /** A policy of the given entries; throws on an entry that is not `host`, `*.domain` or either with `:port`. */
  static of(hosts: readonly string[]): ResponseUrlPolicy {
    const entries = hosts.map((raw) => {
      const text = raw.trim().toLowerCase();
      const match = ENTRY.exec(text);
      if (!match || (match[1] && isIP(match[2]!.replace(/^\[|\]$/g, '')) !== 0)) {
        throw new Error(`${JSON.stringify(raw)} is not a host, *.domain or host:port`);
      }
      return { wildcard: Boolean(match[1]), host: match[2]!, port: match[3] ?? '' };
    });
    return new ResponseUrlPolicy(
      entries,
      hosts.map((h) => h.trim()),
    );
  }

  /** Slack's own hosts. */
  static slack(): ResponseUrlPolicy {
    return ResponseUrlPolicy.of(SLACK_RESPONSE_URL_HOSTS);
  }

  /**
   * The policy of the configuration: `SLACK_RESPONSE_URL_HOSTS` when given; else the host of
   * `SLACK_API_URL` (with its port) and its subdomains; else Slack's own hosts.
   */
  static fromSettings(args: { hosts?: readonly string[]; apiUrl?: string }): ResponseUrlPolicy {
    if (args.hosts && args.hosts.length > 0) return ResponseUrlPolicy.of(args.hosts);
    if (args.apiUrl) {
      const api = new URL(args.apiUrl);
      const port = api.port ? `:${api.port}` : '';
      const bare = api.hostname.replace(/^\[|\]$/g, '');
      return ResponseUrlPolicy.of(isIP(bare) !== 0 ? [api.host] : [api.host, `*.${api.hostname}${port}`]);
    }
    return ResponseUrlPolicy.slack();
  }

  /** Checks `url` before any request is made to it. */
  check(url: string): ResponseUrlVerdict {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return { ok: false, reason: 'not a URL' };
    }
    if (u.username || u.password) return { ok: false, reason: 'the URL carries user info' };
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u.hostname))) {
      return { ok: false, reason: `the URL is ${u.protocol.replace(':', '')}, not https` };
    }
    const host = u.hostname;
    const allowed = this.entries.some((e) => (e.wildcard ? host.endsWith(`.${e.host}`) : host === e.host) && u.port === e.port);
    if (!allowed) return { ok: false, reason: `${u.host} is not one of the allowed response_url hosts (${this.hosts.join(', ')})` };
    return { ok: true, url: u };
  }
}

/** A response_url that has not answered (headers, then body) within this long counts as a transient failure. */
export const RESPONSE_URL_TIMEOUT_MS = 10_000;

/** What a response_url answered: its status, its body (Slack's reason, e.g. `expired_url`) and `Retry-After`. */
export interface ResponseUrlAnswer {
  status: number;
  body: string;
  retryAfter?: string;
}

/**
 * POSTs a JSON payload to a response_url: the one poster of the bot (the outbox's delivery, the
 * credentials job, the error reply of the Slack app). The caller checks the URL with a
 * {@link ResponseUrlPolicy} first, when it came through Redis. Network errors and time-outs throw; any
 * HTTP answer is returned. undici's `request` rather than `fetch`: the same HTTP/1.1 with keep-alive, at
 * a fraction of the CPU per call (no WHATWG streams), which matters when every click is answered.
 */
export async function postToResponseUrl(url: string | URL, payload: unknown, options: { timeoutMs?: number } = {}): Promise<ResponseUrlAnswer> {
  const timeout = options.timeoutMs ?? RESPONSE_URL_TIMEOUT_MS;
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  const body = await res.body.text();
  const retryAfter = res.headers['retry-after'];
  return { status: res.statusCode, body, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter };
}

/** The response_url of a Slack request body (a view submission's first `response_urls` entry), if it has one. */
export function responseUrlOf(body: unknown): string | undefined {
  const b = body as { response_url?: string; response_urls?: { response_url?: string }[] } | undefined;
  return b?.response_url ?? b?.response_urls?.[0]?.response_url;
}

/** A response_url answered with a status other than 2xx (`expired_url`, `used_url`, a 429…). */
export class ResponseUrlRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`Failed to respond to the response_url: ${status} ${body.slice(0, 100)}`);
    this.name = 'ResponseUrlRefusedError';
  }
}

/**
 * The `respond` listeners are given (replacing Bolt's, which POSTs with a `fetch` that has no time-out):
 * the same payloads (a string is `{ text }`), on {@link postToResponseUrl} with its one time-out policy.
 * Throws when Slack does not take the answer, as Bolt's does.
 */
export function responder(url: string, options: { timeoutMs?: number } = {}): (message: unknown) => Promise<ResponseUrlAnswer> {
  return async (message) => {
    const res = await postToResponseUrl(url, typeof message === 'string' ? { text: message } : message, options);
    if (res.status < 200 || res.status >= 300) throw new ResponseUrlRefusedError(res.status, res.body);
    return res;
  };
}
