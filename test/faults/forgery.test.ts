import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../src/queues/definitions.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { sign, slashCommand } from '../helpers/slack-request.js';

const APPROVER = 'U0000APPR1';

/** Requests that did not come from Slack, or not in this form, or not now. */
describe('fault: forged and replayed requests', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t?.close();
  });

  // A command that, if accepted, would enqueue a job and answer (in the acknowledgement).
  const body = (id: string) => slashCommand({ text: 'audit export', user_id: APPROVER, response_url: t.slack.responseUrl(id) });
  const now = () => Math.floor(Date.now() / 1000);
  const raw = (b: string, headers: Record<string, string>) =>
    fetch(`${t.baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: b });

  /** Jobs anyone enqueued (the recurring jobs of the job schedulers are not counted). */
  const enqueued = async () => {
    let total = 0;
    for (const name of QUEUE_NAMES) {
      const jobs = await t.bot.services.queues.get(name).getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized']);
      total += jobs.filter((j) => !j.repeatJobKey).length;
    }
    return total;
  };

  const cases: [string, (id: string) => Promise<Response>, number][] = [
    ['a bad signature', (id) => raw(body(id), { 'x-slack-request-timestamp': String(now()), 'x-slack-signature': `v0=${'f'.repeat(64)}` }), 401],
    ['a signature made with another secret', (id) => t.post(body(id), { secret: 'someone-elses-secret' }), 401],
    [
      'a signature of another scheme version',
      (id) => raw(body(id), { 'x-slack-request-timestamp': String(now()), 'x-slack-signature': sign(body(id), now()).replace('v0=', 'v1=') }),
      401,
    ],
    ['no signature headers at all', (id) => t.post(body(id), { unsigned: true }), 401],
    ['a timestamp but no signature', (id) => raw(body(id), { 'x-slack-request-timestamp': String(now()) }), 401],
    ['a signature but no timestamp', (id) => raw(body(id), { 'x-slack-signature': sign(body(id), now()) }), 401],
    ['a timestamp that is not a number', (id) => raw(body(id), { 'x-slack-request-timestamp': 'yesterday', 'x-slack-signature': sign(body(id), now()) }), 401],
    ['a stale timestamp (6 minutes old), correctly signed', (id) => t.post(body(id), { timestamp: now() - 6 * 60 }), 401],
    ['a timestamp 6 minutes ahead, correctly signed', (id) => t.post(body(id), { timestamp: now() + 6 * 60 }), 401],
    ['a timestamp a day ahead, correctly signed', (id) => t.post(body(id), { timestamp: now() + 24 * 3600 }), 401],
    [
      'a replay of a request Slack really sent 10 minutes ago',
      (id) => {
        const then = now() - 10 * 60;
        const recorded = { body: body(id), timestamp: String(then), signature: sign(body(id), then) };
        return raw(recorded.body, { 'x-slack-request-timestamp': recorded.timestamp, 'x-slack-signature': recorded.signature });
      },
      401,
    ],
    [
      'a body changed after signing',
      (id) => {
        const ts = now();
        const signed = slashCommand({ text: 'help', user_id: APPROVER, response_url: t.slack.responseUrl(id) });
        return t.post(signed.replace('text=help', 'text=audit+export'), { timestamp: ts, signature: sign(signed, ts) });
      },
      401,
    ],
    ['a body over the size limit, correctly signed', (id) => t.post(`${body(id)}&padding=${'x'.repeat(300 * 1024)}`), 413],
  ];

  it.each(cases)('%s is refused, and nothing is enqueued or posted', async (_what, send, status) => {
    const id = `forged-${Math.random().toString(36).slice(2)}`;
    const before = { calls: t.slack.calls.length, responses: t.slack.responses.length, jobs: await enqueued() };
    const res = await send(id);
    expect(res.status).toBe(status);
    await new Promise((r) => setTimeout(r, 150)); // anything accepted would have answered by now (the control below does)
    expect(t.slack.calls.length).toBe(before.calls);
    expect(t.slack.responses.length).toBe(before.responses);
    expect(await enqueued()).toBe(before.jobs);
    expect(await t.bot.services.audit.length()).toBe(0);
  });

  it('control: the same request, correctly signed now, is accepted and does enqueue the export', async () => {
    const res = await t.post(body('genuine'));
    expect(res.status).toBe(200);
    expect(String((await t.answer(res, 'genuine')).text)).toMatch(/Exporting \d+ audit entries/);
    expect(await enqueued()).toBeGreaterThan(0);
  });
});
