import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashEntry, type AuditEntry } from '../../src/audit/log.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';

const APPROVER = 'U0000APPR1';

/** Someone with access to Redis edits the trail; /gdpr audit verify must say where. */
describe('fault: audit log tampered with in Redis', () => {
  let t: TestBot;
  let listKey: string;

  const verify = async () => String((await t.ask('audit verify', { user: APPROVER })).text);
  const entry = async (index: number) => JSON.parse((await t.bot.services.redis.lindex(listKey, index))!) as AuditEntry;

  beforeAll(async () => {
    t = await startTestBot();
    listKey = `${t.prefix}:audit:log`;
  });
  beforeEach(async () => {
    await t.bot.services.redis.del(listKey, `${t.prefix}:audit:head`);
    for (let i = 1; i <= 5; i++)
      await t.bot.services.audit.append({ actor: 'U0000USER', action: 'access.requested', subject: `REQ-${i}`, detail: { hours: i } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('control: an untouched log verifies', async () => {
    expect(await verify()).toMatch(/intact: 5 entries, keyed/);
  });

  it('names an entry whose content was edited', async () => {
    await t.bot.services.redis.lset(listKey, 2, JSON.stringify({ ...(await entry(2)), actor: 'U0000EVIL' }));
    expect(await verify()).toMatch(/NOT intact: rewritten at #3 \(entry #3 was changed after it was written/);
  });

  it('names the edited entry when the edit also recomputed a SHA-256 hash (the MAC needs the key)', async () => {
    const { hash: _old, ...body } = { ...(await entry(2)), detail: { hours: 999 } };
    await t.bot.services.redis.lset(listKey, 2, JSON.stringify({ ...body, hash: hashEntry(body) }));
    expect(await verify()).toMatch(/NOT intact: rewritten at #3 \(entry #3 was changed after it was written/);
  });

  it('names a deleted entry', async () => {
    await t.bot.services.redis.lrem(listKey, 1, await t.bot.services.redis.lindex(listKey, 1).then(String));
    expect(await verify()).toMatch(/NOT intact: entry #2 is missing \(expected entry #2 but found #3/);
  });

  it('names the first missing entry when the end was truncated', async () => {
    await t.bot.services.redis.ltrim(listKey, 0, 2);
    expect(await verify()).toMatch(/NOT intact: truncated after #3 \(the log ends at entry #3 but 5 entries were written/);
  });

  it('names swapped entries', async () => {
    const [second, third] = await Promise.all([t.bot.services.redis.lindex(listKey, 1), t.bot.services.redis.lindex(listKey, 2)]);
    await t.bot.services.redis.lset(listKey, 1, third!);
    await t.bot.services.redis.lset(listKey, 2, second!);
    expect(await verify()).toMatch(/NOT intact: entry #2 is missing \(expected entry #2 but found #3/);
  });

  it('names an entry replaced by garbage', async () => {
    await t.bot.services.redis.lset(listKey, 3, '{not json');
    expect(await verify()).toMatch(/NOT intact: unreadable at #4 \(entry at position 4 is not valid JSON/);
  });
});
