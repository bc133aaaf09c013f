import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToResponseUrl, redactUrl, ResponseUrlPolicy } from '../../src/slack/response-urls.js';

describe('response_url policy', () => {
  const slack = ResponseUrlPolicy.slack();

  it.each([
    'https://hooks.slack.com/actions/T0001/123/abcdef',
    'https://hooks.slack.com/commands/T0001/123/abcdef',
    'https://hooks.slack.com:443/actions/T0001/123/abcdef',
    'https://HOOKS.SLACK.COM/actions/T0001/123/abcdef',
    'https://hooks.enterprise.slack.com/actions/E0001/123/abcdef',
  ])("allows Slack's own host: %s", (url) => {
    expect(slack.check(url).ok).toBe(true);
  });

  it.each([
    ['https://hooks.slack.com@evil.example/actions/x', /user info/],
    ['https://user:pass@hooks.slack.com/actions/x', /user info/],
    ['http://hooks.slack.com/actions/x', /not https/],
    ['https://evil.example/actions/x', /not one of the allowed/],
    ['https://hooks.slack.com.evil.example/actions/x', /not one of the allowed/],
    ['https://evilslack.com/actions/x', /not one of the allowed/],
    ['https://slack.com.evil.example/x', /not one of the allowed/],
    ['https://hooks.slack.com:8443/actions/x', /not one of the allowed/],
    ['https://evil.example\\@hooks.slack.com/x', /not one of the allowed|user info/],
    ['https://127.0.0.1/actions/x', /not one of the allowed/],
    ['http://127.0.0.1:9/actions/x', /not one of the allowed/],
    ['javascript:alert(1)', /not https/],
    ['not a url', /not a URL/],
  ])('refuses %s', (url, why) => {
    const verdict = slack.check(url);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(why);
  });

  it('derives the hosts from SLACK_API_URL when SLACK_RESPONSE_URL_HOSTS is unset (GovSlack, a test server)', () => {
    const gov = ResponseUrlPolicy.fromSettings({ apiUrl: 'https://slack-gov.com/api/' });
    expect(gov.check('https://hooks.slack-gov.com/actions/T1/2/x').ok).toBe(true);
    expect(gov.check('https://hooks.slack.com/actions/T1/2/x').ok).toBe(false);
    const local = ResponseUrlPolicy.fromSettings({ apiUrl: 'http://127.0.0.1:4567/api/' });
    expect(local.check('http://127.0.0.1:4567/response/r1').ok).toBe(true);
    expect(local.check('http://127.0.0.1:4568/response/r1').ok).toBe(false);
    expect(local.check('http://127.0.0.2:4567/response/r1').ok).toBe(false);
    // A plain-http API host that is not loopback never makes http response URLs acceptable.
    expect(ResponseUrlPolicy.fromSettings({ apiUrl: 'http://slack.internal/api/' }).check('http://slack.internal/response/x').ok).toBe(false);
    expect(ResponseUrlPolicy.fromSettings({}).hosts).toEqual(['hooks.slack.com', '*.slack.com']);
  });

  it('takes SLACK_RESPONSE_URL_HOSTS over the API URL, and refuses entries that are not hosts', () => {
    const p = ResponseUrlPolicy.fromSettings({ hosts: ['hooks.slack-gov.com'], apiUrl: 'https://slack.com/api/' });
    expect(p.check('https://hooks.slack-gov.com/x').ok).toBe(true);
    expect(p.check('https://hooks.slack.com/x').ok).toBe(false);
    expect(() => ResponseUrlPolicy.of(['https://hooks.slack.com/'])).toThrow(/not a host/);
    expect(() => ResponseUrlPolicy.of(['*.127.0.0.1'])).toThrow(/not a host/);
  });

  it('logs a URL as its scheme and host only', () => {
    expect(redactUrl('https://hooks.slack.com/actions/T1/2/secret')).toBe('https://hooks.slack.com/…');
    expect(redactUrl('nope')).toBe('(not a URL)');
  });
});

describe('posting to a response_url', () => {
  let server: Server;
  let base = '';
  const received: { path: string; type: string; body: unknown }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: JSON.parse(raw) as unknown });
        if (req.url === '/hang') return; // never answers
        if (req.url === '/busy') {
          res.writeHead(429, { 'retry-after': '7' }).end('rate_limited');
          return;
        }
        res.writeHead(req.url === '/used' ? 404 : 200).end(req.url === '/used' ? 'used_url' : 'ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('POSTs the payload as JSON and returns what Slack answered (status, reason, Retry-After)', async () => {
    expect(await postToResponseUrl(`${base}/ok`, { text: 'hello', response_type: 'ephemeral' })).toMatchObject({ status: 200, body: 'ok' });
    expect(received.at(-1)).toEqual({ path: '/ok', type: 'application/json', body: { text: 'hello', response_type: 'ephemeral' } });
    expect(await postToResponseUrl(`${base}/used`, { text: 'x' })).toMatchObject({ status: 404, body: 'used_url' });
    expect(await postToResponseUrl(`${base}/busy`, { text: 'x' })).toEqual({ status: 429, body: 'rate_limited', retryAfter: '7' });
  });

  it('gives up on a response_url that does not answer, with an error rather than waiting for ever', async () => {
    await expect(postToResponseUrl(`${base}/hang`, { text: 'x' }, { timeoutMs: 50 })).rejects.toThrow(/timeout/i);
  });
});
