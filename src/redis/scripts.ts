import type { ChainableCommander, Redis } from 'ioredis';

/**
 * Every Lua script the bot runs, each defined once. A script becomes a command of the connection
 * (ioredis `defineCommand`, on first use): ioredis sends it whole once per socket and by its SHA
 * (EVALSHA) from then on, instead of sending the source with every call, and loads it again by itself
 * after a reconnect or a SCRIPT FLUSH. Callers use the typed wrappers below; keys and arguments are
 * named, so a call site reads like what it does.
 *
 * A script that must run inside a MULTI (as part of a larger atomic step) is queued on a transaction
 * from {@link scriptedMulti}: ioredis gives a transaction only the commands its connection had when the
 * transaction was created.
 */

/** One script: its Lua, its named keys (KEYS[1…] in order), named arguments (ARGV[1…] in order) and how to read its reply. */
interface ScriptSpec<K extends string, A extends string, R> {
  /** The command's name on the connection; `gdpr` + a name no Redis command has. */
  name: string;
  keys: readonly K[];
  args: readonly A[];
  lua: string;
  reply: (raw: unknown) => R;
}

type Arg = string | number;

/** A defined script: `run` on a connection, or `queue` on a transaction from {@link scriptedMulti}. */
export interface RedisScript<K extends string, A extends string, R> {
  readonly name: string;
  readonly lua: string;
  /** Runs the script; `extra` is appended to ARGV after the named arguments. */
  run(redis: Redis, keys: Record<K, string>, args: Record<A, Arg>, extra?: readonly string[]): Promise<R>;
  /** Queues the script on a transaction from {@link scriptedMulti} (its reply is in the transaction's result). */
  queue(tx: ChainableCommander, keys: Record<K, string>, args: Record<A, Arg>, extra?: readonly string[]): void;
}

const ALL: ScriptSpec<string, string, unknown>[] = [];

function script<K extends string, A extends string, R>(spec: ScriptSpec<K, A, R>): RedisScript<K, A, R> {
  ALL.push(spec as ScriptSpec<string, string, unknown>);
  const argv = (keys: Record<K, string>, args: Record<A, Arg>, extra: readonly string[] = []): Arg[] => [
    ...spec.keys.map((k) => keys[k]),
    ...spec.args.map((a) => args[a]),
    ...extra,
  ];
  return {
    name: spec.name,
    lua: spec.lua,
    async run(redis, keys, args, extra) {
      const command = scriptCommand(defineScripts(redis), spec.name);
      return spec.reply(await command(...argv(keys, args, extra)));
    },
    queue(tx, keys, args, extra) {
      scriptCommand(tx, spec.name)(...argv(keys, args, extra));
    },
  };
}

function scriptCommand(target: Redis | ChainableCommander, name: string): (...args: Arg[]) => Promise<unknown> {
  const command = (target as unknown as Record<string, unknown>)[name];
  if (typeof command !== 'function') throw new Error(`Redis script ${name} is not defined on this transaction: create it with scriptedMulti(redis)`);
  return (command as (...args: Arg[]) => Promise<unknown>).bind(target);
}

/**
 * Makes every script a command of this connection (idempotent; the wrappers call it themselves).
 * Returns the same connection.
 */
export function defineScripts(redis: Redis): Redis {
  const defined = redis.scriptsSet as Record<string, unknown>;
  for (const spec of ALL) if (!(spec.name in defined)) redis.defineCommand(spec.name, { numberOfKeys: spec.keys.length, lua: spec.lua });
  return redis;
}

/** A MULTI on `redis` on which the scripts can be queued (`someScript.queue(tx, …)`). */
export function scriptedMulti(redis: Redis): ChainableCommander {
  return defineScripts(redis).multi();
}

const isOne = (raw: unknown): boolean => raw === 1;

// ---- Leases (src/redis/lease.ts) and other owner-checked keys ----

/** Deletes KEYS[1] only while it still holds ARGV[1] (a lease's token, a slot's owner): never someone else's. */
export const deleteIfEquals = script({
  name: 'gdprDeleteIfEquals',
  keys: ['key'],
  args: ['expected'],
  lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
  reply: isOne,
});

/** Sets a new lifetime (ms) on KEYS[1] only while it still holds ARGV[1]. */
export const pexpireIfEquals = script({
  name: 'gdprPexpireIfEquals',
  keys: ['key'],
  args: ['expected', 'ttlMs'],
  lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`,
  reply: isOne,
});

/** Replaces KEYS[1] with ARGV[2] only if it still holds ARGV[1] (`''` for "not set"); no lifetime. */
export const setIfEquals = script({
  name: 'gdprSetIfEquals',
  keys: ['key'],
  args: ['expected', 'next'],
  lua: `
local cur = redis.call('GET', KEYS[1])
if (cur or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1`,
  reply: isOne,
});

// ---- Rate limits (src/slack/rate-limit.ts) ----

/** INCR a fixed window's counter, giving it its lifetime (ms) on the first hit; replies the count and the ms left. */
export const windowHit = script({
  name: 'gdprWindowHit',
  keys: ['counter'],
  args: ['windowMs'],
  lua: `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
return {n, ttl}`,
  reply: (raw) => {
    const [count, ttl] = raw as [number, number];
    return { count, ttl };
  },
});

// ---- Audit log (src/audit/log.ts) ----

/** Counts a refusal in its window and, for the first one of the window, stages its entry, in one step; replies the count. */
export const auditCountRefusal = script({
  name: 'gdprAuditCountRefusal',
  keys: ['counts', 'windows', 'pending'],
  args: ['field', 'window', 'staged'],
  lua: `
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if n == 1 then
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
  redis.call('RPUSH', KEYS[3], ARGV[3])
end
return n`,
  reply: (raw) => raw as number,
});

/** Closes a refusal window if its count is still the one read, staging its summary (`''` for none); true when closed. */
export const auditCloseRefusalWindow = script({
  name: 'gdprAuditCloseRefusalWindow',
  keys: ['counts', 'windows', 'pending'],
  args: ['field', 'count', 'staged'],
  lua: `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if ARGV[3] ~= '' then redis.call('RPUSH', KEYS[3], ARGV[3]) end
return 1`,
  reply: isOne,
});

// ---- Compare-and-set stores ----

/**
 * The approvals kernel's versioned compare-and-set (src/approvals/store.ts; remediation and access
 * requests): writes the new record only while the stored one still has the version the change was
 * computed from (with a lifetime of `ttlMs`, `''` for none), applies up to two index hooks (`op` one of
 * `zadd` with its `score`, `zrem`, `sadd`, `srem`, or `''` for none; the member is `id`) and stages the
 * audit entries of the change (the extra arguments, onto the audit pending list), in one atomic step.
 * Replies 1 when written, 0 on a concurrent change (or a record that is not JSON), -1 when the record is gone.
 */
export const approvalCompareAndSet = script({
  name: 'gdprApprovalCompareAndSet',
  keys: ['record', 'auditPending', 'indexA', 'indexB'],
  args: ['expectedVersion', 'next', 'ttlMs', 'id', 'opA', 'scoreA', 'opB', 'scoreB'],
  lua: `
local cur = redis.call('GET', KEYS[1])
if not cur then return -1 end
local ok, parsed = pcall(cjson.decode, cur)
if not ok or type(parsed) ~= 'table' or tonumber(parsed['version']) ~= tonumber(ARGV[1]) then return 0 end
if ARGV[3] ~= '' then redis.call('SET', KEYS[1], ARGV[2], 'PX', tonumber(ARGV[3])) else redis.call('SET', KEYS[1], ARGV[2]) end
for i = 0, 1 do
  local key, op, score = KEYS[3 + i], ARGV[5 + 2 * i], ARGV[6 + 2 * i]
  if op == 'zadd' then redis.call('ZADD', key, tonumber(score), ARGV[4])
  elseif op == 'zrem' then redis.call('ZREM', key, ARGV[4])
  elseif op == 'sadd' then redis.call('SADD', key, ARGV[4])
  elseif op == 'srem' then redis.call('SREM', key, ARGV[4]) end
end
for i = 9, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
return 1
`,
  reply: (raw) => raw as number,
});

// ---- Posture results (src/checks/store.ts) ----

/**
 * Stores one write of the latest results: each field (`account|region|check`, the extra arguments as
 * field/value pairs) replaced, a fresh version token, and an entry in the change log naming the version,
 * the one it replaced and the fields written (the log keeps `kept` entries), so a process holding the
 * previous version reads only those fields. In one script: the entry's previous version is the one this
 * write replaced, never one another writer set in between.
 */
export const saveLatestResults = script({
  name: 'gdprSaveLatestResults',
  keys: ['latest', 'version', 'changes'],
  args: ['version', 'fields', 'kept'],
  lua: `
local previous = redis.call('GET', KEYS[2]) or ''
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('LPUSH', KEYS[3], ARGV[1] .. '\\n' .. previous .. '\\n' .. ARGV[2])
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[3]) - 1)
return 1
`,
  reply: isOne,
});

// ---- Waivers (src/waivers/store.ts) ----

/**
 * A new waiver: takes its target's slot (one active waiver per target; the slot lives as long as the
 * waiver can), stores the sealed record, indexes it by expiry, queues its notice and stages its audit
 * entries (the extra arguments), in one step. Replies 1, or 0 when another waiver holds the target.
 */
export const waiverCreate = script({
  name: 'gdprWaiverCreate',
  keys: ['record', 'active', 'target', 'notices', 'auditPending'],
  args: ['id', 'record', 'expiresAtMs', 'slotTtlMs', 'notice', 'noticeScore'],
  lua: `
if not redis.call('SET', KEYS[3], ARGV[1], 'PX', tonumber(ARGV[4]), 'NX') then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'NX')
redis.call('ZADD', KEYS[2], tonumber(ARGV[3]), ARGV[1])
redis.call('ZADD', KEYS[4], tonumber(ARGV[6]), ARGV[5])
for i = 7, #ARGV do redis.call('RPUSH', KEYS[5], ARGV[i]) end
return 1
`,
  reply: isOne,
});

/**
 * A waiver's change: writes the new record only if the stored one still has the version read; an ended
 * waiver (`ended` = 1) leaves the expiry index, frees its target's slot (when still its own) and keeps
 * its record `ttlMs` longer; a notice (`''` for none) is queued and the audit entries staged, in one
 * step. Replies 1 when written, 0 on a concurrent change, -1 when the record is gone.
 */
export const waiverCompareAndSet = script({
  name: 'gdprWaiverCompareAndSet',
  keys: ['record', 'active', 'target', 'notices', 'auditPending'],
  args: ['expectedVersion', 'next', 'id', 'ended', 'ttlMs', 'notice', 'noticeScore'],
  lua: `
local cur = redis.call('GET', KEYS[1])
if not cur then return -1 end
local ok, parsed = pcall(cjson.decode, cur)
if not ok or tonumber(parsed['version']) ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[4] == '1' then
  redis.call('ZREM', KEYS[2], ARGV[3])
  if redis.call('GET', KEYS[3]) == ARGV[3] then redis.call('DEL', KEYS[3]) end
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
end
if ARGV[6] ~= '' then redis.call('ZADD', KEYS[4], tonumber(ARGV[7]), ARGV[6]) end
for i = 8, #ARGV do redis.call('RPUSH', KEYS[5], ARGV[i]) end
return 1
`,
  reply: (raw) => raw as number,
});

// ---- Outbox delivery (src/slack/delivery.ts): a channel's list, changed only by the holder of its lock ----

/**
 * Lets go of a channel's lock (KEYS[1], held under ARGV[1]) only when its list (KEYS[2]) is empty, and
 * takes the channel (ARGV[2]) off the pending set (KEYS[3]), in one step: a message sent meanwhile keeps
 * the lock held. Replies 1 when released, 0 when the list is not empty, -1 when the lock is not ours.
 */
export const outboxReleaseIfEmpty = script({
  name: 'gdprOutboxReleaseIfEmpty',
  keys: ['lock', 'list', 'pending'],
  args: ['token', 'channel'],
  lua: `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call('LLEN', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[3], ARGV[2])
  return 1
end
return 0`,
  reply: (raw) => raw as number,
});

/** Removes the head of a channel's list (KEYS[2]) if it is still ARGV[2], while the lock (KEYS[1]) is ours (ARGV[1]). Replies 1, 0 (another head) or -1 (lock lost). */
export const outboxPopHead = script({
  name: 'gdprOutboxPopHead',
  keys: ['lock', 'list'],
  args: ['token', 'expected'],
  lua: `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call('LINDEX', KEYS[2], 0) == ARGV[2] then redis.call('LPOP', KEYS[2]) return 1 end
return 0`,
  reply: (raw) => raw as number,
});

/** Replaces the head of a channel's list (KEYS[2]) with ARGV[3] if it is still ARGV[2], while the lock (KEYS[1]) is ours (ARGV[1]). Replies 1, 0 (another head) or -1 (lock lost). */
export const outboxSetHead = script({
  name: 'gdprOutboxSetHead',
  keys: ['lock', 'list'],
  args: ['token', 'expected', 'next'],
  lua: `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call('LINDEX', KEYS[2], 0) == ARGV[2] then redis.call('LSET', KEYS[2], 0, ARGV[3]) return 1 end
return 0`,
  reply: (raw) => raw as number,
});

// ---- Breach assessments (src/breach/store.ts) ----

/**
 * Compare-and-set of one assessment: writes the new JSON only when the stored version is the one the
 * transition was computed from, keeps the open set in step (the `id` key slot carries the assessment id,
 * the open set's member) and stages the change's audit entries (the extra arguments, onto the audit
 * pending list), in one step. Replies 1 when written, 0 on a concurrent change, -1 when the record is gone.
 */
export const breachCompareAndSet = script({
  name: 'gdprBreachCompareAndSet',
  keys: ['record', 'open', 'auditPending', 'id'],
  args: ['expectedVersion', 'next', 'open'],
  lua: `
local cur = redis.call('GET', KEYS[1])
if not cur then return -1 end
if tonumber(cjson.decode(cur)['version']) ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] == '1' then redis.call('SADD', KEYS[2], KEYS[4]) else redis.call('SREM', KEYS[2], KEYS[4]) end
for i = 4, #ARGV do redis.call('RPUSH', KEYS[3], ARGV[i]) end
return 1
`,
  reply: (raw) => raw as number,
});
