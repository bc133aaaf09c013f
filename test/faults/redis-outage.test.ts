import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { PrivateRedis } from '../helpers/private-redis.js';

const APPROVER = 'U0000APPR1';

/** Redis goes away under a running web process and comes back on the same address. */
describe('fault: Redis restarted while the web role runs', () => {
  let redis: PrivateRedis;
  let t: TestBot;
  let n = 0;

  // Answered in the acknowledgement (an error) or by the verify job on the response_url.
  const verify = async () => {
    const id = `verify-${++n}`;
    const res = await t.command('audit verify', { user: APPROVER, responseId: id });
    return { status: res.status, text: String((await t.answer(res, id)).text) };
  };
  const health = async () => (await fetch(`${t.baseUrl}/healthz`)).status;
  const waitUntil = async (what: string, check: () => Promise<boolean>) => {
    const deadline = Date.now() + 8000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    // Web and workers in one process (ROLE=all): the verify answer comes from a job.
    t = await startTestBot({ env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await redis.restart().catch(() => undefined); // lets the bot close cleanly if a test failed mid-outage
    await t?.close();
    await redis?.kill();
  });

  it('works before the outage', async () => {
    await t.bot.services.audit.append({ actor: 'system', action: 'test.before', subject: 'outage' });
    expect(await health()).toBe(200);
    expect((await verify()).text).toMatch(/intact: 1 entries/);
  });

  it('reports 503 on /healthz and answers "temporarily unavailable" (not a time-out) while Redis is down', async () => {
    await redis.kill();
    await waitUntil('/healthz to report 503', async () => (await health()) === 503);
    const body = (await (await fetch(`${t.baseUrl}/healthz`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'unavailable', redis: 'down' });

    const answer = await verify();
    expect(answer.status).toBe(200); // acked in time, as Slack needs
    expect(answer.text).toMatch(/temporarily unavailable/);
    expect(answer.text).toMatch(/try again/);
    // /gdpr status answers in its acknowledgement: the same clear answer comes back there, within the ack budget.
    const status = await t.command('status', { responseId: 'status-down' });
    expect(status.status).toBe(200);
    expect(String(((await status.json()) as Record<string, unknown>).text)).toMatch(/temporarily unavailable.*try again/);
    // Commands that do not need Redis keep working.
    expect(JSON.stringify((await t.ask('help')).blocks)).toContain('/gdpr help');
  });

  it('recovers by itself once Redis is back on the same port, without a restart of the bot', async () => {
    await redis.restart();
    await waitUntil('/healthz to report 200', async () => (await health()) === 200);
    // The private Redis keeps nothing on disk: the log starts empty again, and appending works.
    await t.bot.services.audit.append({ actor: 'system', action: 'test.after', subject: 'outage' });
    // Verify answers again. The log lost in the wipe is gone for good: when the head before the outage was
    // anchored outside Redis (the audit channel), verify says so instead of calling the new log intact.
    await waitUntil('/gdpr audit verify to work again', async () =>
      /intact: 1 entries|NOT intact: rewritten at #1 \(entry #1 is not the one the anchor/.test((await verify()).text),
    );
  });
});
