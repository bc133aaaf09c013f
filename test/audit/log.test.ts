import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../src/audit/canonical.js';
import { AuditLog, GENESIS_HASH, hashEntry, KEYED_ALG, macEntry, type AuditEntry } from '../../src/audit/log.js';
import { Keys } from '../../src/redis/keys.js';
import { testAuditKey } from '../helpers/audit-key.js';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

describe('the audit log', () => {
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  const logs: AuditLog[] = [];
  const open = () => {
    const log = new AuditLog(redis, keys, { key: testAuditKey() });
    logs.push(log);
    return log;
  };

  beforeEach(() => {
    prefix = uniquePrefix('audit');
    keys = new Keys(prefix);
    redis = new Redis(TEST_REDIS_URL);
  });
  afterEach(async () => {
    await Promise.all(logs.splice(0).map((l) => l.close()));
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  it('chains entries: each hash is HMAC-SHA256(audit key, prevHash + canonical JSON), starting from the genesis hash', async () => {
    const log = open();
    const a = await log.append({ actor: 'U1', action: 'remediation.requested', subject: 'R1', detail: { b: 2, a: 1 } });
    const b = await log.append({ actor: 'U2', action: 'remediation.approved', subject: 'R1' });
    expect(a).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, alg: KEYED_ALG, kid: testAuditKey().kid });
    expect(b).toMatchObject({ seq: 2, prevHash: a.hash });
    const { hash, ...body } = a;
    expect(macEntry(testAuditKey(), body)).toBe(hash);
    // Without the key, the hash cannot be recomputed.
    expect(hashEntry(body)).not.toBe(hash);
    expect(macEntry(testAuditKey('another-key-material-0123456789abcdef'), body)).not.toBe(hash);
    expect(await log.verify()).toEqual({ ok: true, entries: 2, head: b.hash, keyedFrom: 1 });
  });

  it('never forks the chain when several processes append at once', async () => {
    const writers = [open(), open(), open()];
    await Promise.all(Array.from({ length: 60 }, (_, i) => writers[i % 3]!.append({ actor: `U${i}`, action: 'test.concurrent', subject: String(i) })));
    const result = await writers[0]!.verify();
    expect(result).toMatchObject({ ok: true, entries: 60 });
    const seqs = (await writers[0]!.tail(60)).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('names the entry that was edited after it was written', async () => {
    const log = open();
    for (let i = 0; i < 5; i++) await log.append({ actor: 'U1', action: 'x', subject: String(i) });
    const listKey = keys.key('audit', 'log');
    const third = JSON.parse((await redis.lindex(listKey, 2))!);
    third.actor = 'U_MALLORY';
    await redis.lset(listKey, 2, JSON.stringify(third));
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringContaining('changed after it was written') });
  });

  it('names the gap when an entry is deleted', async () => {
    const log = open();
    for (let i = 0; i < 5; i++) await log.append({ actor: 'U1', action: 'x', subject: String(i) });
    const listKey = keys.key('audit', 'log');
    await redis.lrem(listKey, 1, (await redis.lindex(listKey, 1))!);
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringContaining('removed') });
  });

  it('notices entries cut off the end', async () => {
    const log = open();
    for (let i = 0; i < 4; i++) await log.append({ actor: 'U1', action: 'x', subject: String(i) });
    await redis.rpop(keys.key('audit', 'log'));
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 4, reason: expect.stringContaining('deleted from the end') });
  });

  describe('verify remembers the prefix it found intact', () => {
    const listKey = () => keys.key('audit', 'log');
    const fill = async (log: AuditLog, n: number) => {
      let last: AuditEntry | undefined;
      for (let i = 0; i < n; i++) last = await log.append({ actor: 'U1', action: 'x', subject: `S${i}` });
      return last!;
    };
    /** What an instance with nothing remembered says about the stored log now. */
    const fresh = () => open().verify();
    const checks = (log: AuditLog) => vi.spyOn(log as unknown as { checkEntry: (...args: unknown[]) => unknown }, 'checkEntry');

    it('still names an entry edited inside the remembered prefix', async () => {
      const log = open();
      await fill(log, 10);
      expect(await log.verify()).toMatchObject({ ok: true, entries: 10 });
      expect(await log.verify()).toMatchObject({ ok: true, entries: 10 });
      const fifth = JSON.parse((await redis.lindex(listKey(), 4))!);
      await redis.lset(listKey(), 4, JSON.stringify({ ...fifth, subject: 'S-EDITED' }));
      const result = await log.verify();
      expect(result).toEqual({
        ok: false,
        entries: 4,
        brokenAt: 5,
        kind: 'rewritten',
        reason: 'entry #5 was changed after it was written (its MAC does not match)',
      });
      expect(result).toEqual(await fresh());
    });

    it('answers like a fresh instance when an entry is removed from the middle of the remembered prefix', async () => {
      const log = open();
      await fill(log, 6);
      expect(await log.verify()).toMatchObject({ ok: true, entries: 6 });
      await redis.lrem(listKey(), 1, (await redis.lindex(listKey(), 2))!);
      const result = await log.verify();
      expect(result).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringContaining('removed') });
      expect(result).toEqual(await fresh());
    });

    it('answers like a fresh instance when an entry of the prefix is removed and entries were appended since', async () => {
      const log = open();
      await fill(log, 5);
      expect(await log.verify()).toMatchObject({ ok: true, entries: 5 });
      await fill(log, 3);
      await redis.lrem(listKey(), 1, (await redis.lindex(listKey(), 1))!);
      const result = await log.verify();
      expect(result).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringContaining('removed') });
      expect(result).toEqual(await fresh());
    });

    it('answers like a fresh instance when the list is cut shorter than the prefix and the head is left', async () => {
      const log = open();
      await fill(log, 5);
      expect(await log.verify()).toMatchObject({ ok: true, entries: 5 });
      await redis.ltrim(listKey(), 0, 2);
      const result = await log.verify();
      expect(result).toMatchObject({ ok: false, entries: 3, brokenAt: 4, reason: expect.stringContaining('deleted from the end') });
      expect(result).toEqual(await fresh());
    });

    it('checks what was appended since, and names an edit there', async () => {
      const log = open();
      await fill(log, 5);
      expect(await log.verify()).toMatchObject({ ok: true, entries: 5 });
      const last = await fill(log, 3);
      expect(await log.verify()).toEqual({ ok: true, entries: 8, head: last.hash, keyedFrom: 1 });
      await fill(log, 3);
      const tenth = JSON.parse((await redis.lindex(listKey(), 9))!);
      await redis.lset(listKey(), 9, JSON.stringify({ ...tenth, subject: 'S-EDITED' }));
      const result = await log.verify();
      expect(result).toEqual({
        ok: false,
        entries: 9,
        brokenAt: 10,
        kind: 'rewritten',
        reason: 'entry #10 was changed after it was written (its MAC does not match)',
      });
      expect(result).toEqual(await fresh());
    });

    it('notices a character moved from one entry to the next (the stored strings joined stay the same)', async () => {
      const log = open();
      await fill(log, 5);
      expect(await log.verify()).toMatchObject({ ok: true, entries: 5 });
      const [second, third] = (await redis.lrange(listKey(), 1, 2)) as [string, string];
      await redis.lset(listKey(), 1, second.slice(0, -1));
      await redis.lset(listKey(), 2, second.slice(-1) + third);
      expect((await redis.lrange(listKey(), 1, 2)).join('')).toBe(second + third);
      const result = await log.verify();
      expect(result).toEqual({ ok: false, entries: 1, brokenAt: 2, kind: 'unreadable', reason: 'entry at position 2 is not valid JSON' });
      expect(result).toEqual(await fresh());
    });

    it('checks no entry of an unchanged prefix again, only the new ones; after a failure, all of them', async () => {
      const log = open();
      await fill(log, 50);
      const checkEntry = checks(log);
      const first = await log.verify();
      expect(first).toMatchObject({ ok: true, entries: 50 });
      expect(checkEntry).toHaveBeenCalledTimes(50);

      checkEntry.mockClear();
      expect(await log.verify()).toEqual(first);
      expect(checkEntry).toHaveBeenCalledTimes(0);

      await fill(log, 2);
      expect(await log.verify()).toMatchObject({ ok: true, entries: 52 });
      expect(checkEntry).toHaveBeenCalledTimes(2);

      const headKey = keys.key('audit', 'head');
      const head = (await redis.get(headKey))!;
      await redis.del(headKey);
      checkEntry.mockClear();
      expect(await log.verify()).toMatchObject({ ok: false, reason: 'the head record is missing' });
      expect(checkEntry).toHaveBeenCalledTimes(0);
      await redis.set(headKey, head);
      expect(await log.verify()).toMatchObject({ ok: true, entries: 52 });
      expect(checkEntry).toHaveBeenCalledTimes(52);
    });
  });

  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('canonical JSON orders keys by code unit, keeps undefined array items as null, and escapes like JSON', () => {
    expect(canonicalJson({ é: 1, a: 2, B: 3, '10': 4, '9': 5 })).toBe('{"10":4,"9":5,"B":3,"a":2,"é":1}');
    expect(canonicalJson([undefined, 'x', [undefined]])).toBe('[null,"x",[null]]');
    expect(canonicalJson({ 'quo"te': 'line\nbreak', empty: {}, list: [] })).toBe('{"empty":{},"list":[],"quo\\"te":"line\\nbreak"}');
    expect(JSON.parse(canonicalJson({ 'quo"te': 'line\nbreak' }))).toEqual({ 'quo"te': 'line\nbreak' });
  });
});
