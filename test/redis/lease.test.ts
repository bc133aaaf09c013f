import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lease } from '../../src/redis/lease.js';
import { deleteIfEquals, scriptedMulti, setIfEquals } from '../../src/redis/scripts.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('lease');
let redis: Redis;
let n = 0;
const key = () => `${prefix}:lease:${++n}`;

beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  redis.disconnect();
  await cleanupPrefix(prefix);
});

/** Waits (bounded) until Redis has let the key expire. */
async function expired(k: string): Promise<void> {
  for (let i = 0; i < 200 && (await redis.exists(k)) === 1; i++) await new Promise((r) => setTimeout(r, 10));
  expect(await redis.exists(k)).toBe(0);
}

describe('a Redis lease', () => {
  it('is held by one owner at a time; the holder is visible by its token', async () => {
    const k = key();
    const first = await Lease.acquire(redis, k, 60_000, 'scan-1');
    expect(first?.token).toBe('scan-1');
    expect(await Lease.acquire(redis, k, 60_000)).toBeUndefined();
    expect(await Lease.holder(redis, k)).toBe('scan-1');
  });

  it('released by a non-owner stays; released by its owner is free for the next one', async () => {
    const k = key();
    const mine = (await Lease.acquire(redis, k, 60_000))!;
    const stranger = Lease.held(redis, k, 'not-the-token', 60_000);
    expect(await stranger.release()).toBe(false);
    expect(await Lease.holder(redis, k)).toBe(mine.token);
    expect(await mine.release()).toBe(true);
    expect(await redis.exists(k)).toBe(0);
    expect(await Lease.acquire(redis, k, 60_000)).toBeDefined();
  });

  it('renewed by its owner gets the new lifetime; renewed by a non-owner fails and changes nothing', async () => {
    const k = key();
    const mine = (await Lease.acquire(redis, k, 5_000))!;
    expect(await mine.renew(600_000)).toBe(true);
    expect(await redis.pttl(k)).toBeGreaterThan(5_000);
    const stranger = Lease.held(redis, k, 'not-the-token', 60_000);
    expect(await stranger.renew(1)).toBe(false);
    expect(await redis.pttl(k)).toBeGreaterThan(5_000);
    expect(await Lease.holder(redis, k)).toBe(mine.token);
  });

  it('expires when not renewed; the late owner can then neither renew nor free the next holder', async () => {
    const k = key();
    const late = (await Lease.acquire(redis, k, 20))!;
    await expired(k);
    expect(await late.renew()).toBe(false);
    expect(await redis.exists(k)).toBe(0);
    const next = (await Lease.acquire(redis, k, 60_000))!;
    expect(await late.renew()).toBe(false);
    expect(await late.release()).toBe(false);
    expect(await Lease.holder(redis, k)).toBe(next.token);
  });

  it('can be released in the same transaction as other writes, still only by its owner', async () => {
    const k = key();
    const mine = (await Lease.acquire(redis, k, 60_000))!;
    const tx = scriptedMulti(redis).set(`${k}:done`, '1');
    Lease.held(redis, k, 'not-the-token', 60_000).queueRelease(tx);
    await tx.exec();
    expect(await Lease.holder(redis, k)).toBe(mine.token);
    const tx2 = scriptedMulti(redis).set(`${k}:done`, '2');
    mine.queueRelease(tx2);
    await tx2.exec();
    expect(await redis.exists(k)).toBe(0);
    expect(await redis.get(`${k}:done`)).toBe('2');
  });
});

describe('Redis scripts', () => {
  it('run by their SHA after the first call on a connection', async () => {
    const k = key();
    const conn = testRedis();
    const watcher = testRedis();
    const monitor = await watcher.monitor();
    const seen: string[] = [];
    // What the connection sent (not the commands the scripts ran, which MONITOR shows as from "lua").
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (args.includes(k) && source !== 'lua') seen.push(String(args[0]).toLowerCase());
    });
    try {
      await conn.set(k, 'a');
      expect(await setIfEquals.run(conn, { key: k }, { expected: 'a', next: 'b' })).toBe(true);
      expect(await setIfEquals.run(conn, { key: k }, { expected: 'a', next: 'c' })).toBe(false);
      expect(await deleteIfEquals.run(conn, { key: k }, { expected: 'b' })).toBe(true);
      await conn.ping();
      for (let i = 0; i < 100 && seen.length < 4; i++) await new Promise((r) => setTimeout(r, 10));
      expect(seen).toEqual(['set', 'eval', 'evalsha', 'eval']);
    } finally {
      conn.disconnect();
      monitor.disconnect();
      watcher.disconnect();
    }
  });

  it('refuse to be queued on a transaction that was not made for them, rather than be dropped', () => {
    const fresh = testRedis();
    try {
      expect(() => deleteIfEquals.queue(fresh.multi(), { key: key() }, { expected: 'x' })).toThrow(/scriptedMulti/);
    } finally {
      fresh.disconnect();
    }
  });
});
