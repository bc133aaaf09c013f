import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRemediationProcessor } from '../../jobs/remediation.js';
import { createRemediationRequest, requestStore } from '../../src/remediations/requests.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';

describe('the remediation sweep', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { ROLE: 'web' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A request stuck in "running" since `minutesAgo`, with no job left to finish it. */
  async function stuckRequest(minutesAgo: number): Promise<string> {
    const created = await createRemediationRequest(t.bot.services, {
      remediationId: 'kms-enable-key-rotation',
      target: { accountId: '123456789012', region: 'eu-west-1', resource: `key-${minutesAgo}` },
      requestedBy: 'U0000USER',
      source: { kind: 'command', id: 'test' },
    });
    if (!created.ok) throw new Error(created.error);
    const key = t.bot.services.keys.key('remediation', 'request', created.request.id);
    const record = JSON.parse((await t.bot.services.redis.get(key))!);
    record.status = 'running';
    record.updatedAt = new Date(Date.now() - minutesAgo * 60_000).toISOString();
    // Written as the bot would have (sealed): a record edited without the key is refused, not swept.
    await t.bot.services.redis.set(key, t.bot.services.integrity.sealed('remediation-request', record));
    return created.request.id;
  }

  const sweep = () => makeRemediationProcessor(t.bot.services)({ name: 'sweep', data: {} } as unknown as Job<never, never, 'sweep'>);

  it('fails a request left "running" by a job that ended without an outcome, and says so on the audit log', async () => {
    const stale = await stuckRequest(20);
    const recent = await stuckRequest(2);
    await sweep();
    const store = requestStore(t.bot.services);
    expect((await store.get(stale))!.status).toBe('failed');
    expect((await store.get(stale))!.error).toMatch(/stopped without recording an outcome/);
    expect((await store.get(recent))!.status).toBe('running');
    const audit = await t.bot.services.audit.tail(50);
    expect(audit.some((e) => e.action === 'remediation.failed' && e.subject === stale)).toBe(true);
    expect(audit.some((e) => e.action === 'remediation.failed' && e.subject === recent)).toBe(false);
  });
});
