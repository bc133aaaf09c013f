import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/audit/canonical.js';
import { AuditLog, GENESIS_HASH, hashEntry } from '../../src/audit/log.js';
import { Keys } from '../../src/redis/keys.js';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

describe('the audit log', () => {
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  const logs: AuditLog[] = [];
  const open = () => {
    const log = new AuditLog(redis, keys);
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

  it('chains entries: each hash is sha256(prevHash + canonical JSON), starting from the genesis hash', async () => {
    const log = open();
    const a = await log.append({ actor: 'U1', action: 'remediation.requested', subject: 'R1', detail: { b: 2, a: 1 } });
    const b = await log.append({ actor: 'U2', action: 'remediation.approved', subject: 'R1' });
    expect(a).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(b).toMatchObject({ seq: 2, prevHash: a.hash });
    const { hash, ...body } = a;
    expect(hashEntry(body)).toBe(hash);
    expect(await log.verify()).toEqual({ ok: true, entries: 2, head: b.hash });
  });

  it('never forks the chain when several processes append at once', async () => {
    const writers = [open(), open(), open()];
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => writers[i % 3]!.append({ actor: `U${i}`, action: 'test.concurrent', subject: String(i) })),
    );
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
