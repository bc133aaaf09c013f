import type { Job } from 'bullmq';
import type { ChainableCommander } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { makeBreachProcessor } from '../../jobs/breach.js';
import { AuditLog } from '../../src/audit/log.js';
import { BreachFlow } from '../../src/breach/flow.js';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import type { OutboundMessage } from '../../src/notify/outbox.js';
import { Keys } from '../../src/redis/keys.js';
import type { Services } from '../../src/services.js';
import { testAuditKey } from '../helpers/audit-key.js';
import { LogCapture } from '../helpers/bot.js';
import { cleanupPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const H = 3_600_000;

/**
 * The clock's jobs with a fake clock: a delayed job lost (or never run) is made good by the sweep, late
 * and with a note; the job that comes after finds the mark sent; nothing is sent for a closed assessment.
 */
describe('breach jobs (fake clock, real Redis)', () => {
  const prefix = uniquePrefix('breach-jobs');
  const keys = new Keys(prefix);
  const redis = testRedis();
  let now = Date.UTC(2026, 11, 1, 9);
  const sent: OutboundMessage[] = [];
  const removed: string[] = [];
  const jobs: { name: string; data: unknown; opts: { jobId?: string; delay?: number } }[] = [];
  const audit = new AuditLog(redis, keys, { key: testAuditKey(), now: () => new Date(now) });
  const services = {
    config: configSchema.parse({
      approvers: { users: ['U0000APPR1'] },
      breach: { channel: 'C0000BRCH', responders: { users: ['U0000RESP1'] }, dpo: { users: ['U0000DPO1'] } },
    }),
    log: createLogger('warn', new LogCapture()),
    redis,
    keys,
    audit,
    now: () => new Date(now),
    approvers: {
      check: async (user: string, rules: { users: string[] }) =>
        rules.users.includes(user) ? { allowed: true, via: 'user' } : { allowed: false, reason: 'you are not an approver for this' },
    },
    slack: { conversations: { open: async ({ users }: { users: string }) => ({ channel: { id: `D${users.slice(1)}` } }) } },
    queues: {
      get: () => ({
        addBulk: async (list: typeof jobs) => void jobs.push(...list),
        add: async () => undefined,
        remove: async (jobId: string) => void removed.push(jobId),
      }),
    },
    outbox: {
      send: async (...m: OutboundMessage[]) => void sent.push(...m),
      sendWith: async (m: OutboundMessage[], also?: (tx: ChainableCommander) => void) => {
        const tx = redis.multi();
        also?.(tx);
        await tx.exec();
        sent.push(...m);
      },
    },
  } as unknown as Services;
  const run = makeBreachProcessor(services);
  const job = (name: 'mark' | 'sweep', data: Record<string, string> = {}) => run({ name, data } as unknown as Job<never, never, never>);

  afterAll(async () => {
    await audit.close();
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  it('schedules one delayed job per mark with stable ids', async () => {
    const { breach } = await new BreachFlow(services).open('U0000RESP1', { title: 'Laptop stolen' });
    expect(jobs.map((j) => [j.opts.jobId, j.opts.delay])).toEqual([
      [`breach-${breach.id}-r86400000`, 24 * H],
      [`breach-${breach.id}-r172800000`, 48 * H],
      [`breach-${breach.id}-r216000000`, 60 * H],
      [`breach-${breach.id}-deadline`, 72 * H],
    ]);
    expect(JSON.stringify(jobs.map((j) => j.data))).not.toContain('Laptop'); // ids only
  });

  it('sends a reminder on time once; the sweep sends a missed one late with a note; a job after it sends nothing', async () => {
    const flow = new BreachFlow(services);
    const [breach] = await flow.store.all();
    const id = breach!.id;
    const thread = () => sent.filter((m) => m.kind === 'post' && m.channel === 'C0000BRCH' && m.thread).map((m) => m.text);
    now = breach!.awareAt + 24 * H + 2000;
    expect(await job('mark', { breachId: id, mark: 'r86400000' })).toEqual({ outcome: 'sent' });
    expect(await job('mark', { breachId: id, mark: 'r86400000' })).toEqual({ outcome: 'already-sent' });
    expect(thread()).toHaveLength(1);
    expect(thread()[0]).not.toMatch(/late/);
    expect(sent.filter((m) => m.kind === 'post' && (m.channel === 'D0000DPO1' || m.channel === 'D0000RESP1'))).toHaveLength(2);

    // The 48 h job never ran (the workers were down); at 50 h the sweep finds it due.
    now = breach!.awareAt + 50 * H;
    expect(await job('sweep')).toMatchObject({ fired: 1 });
    expect(thread()).toHaveLength(2);
    expect(thread()[1]).toMatch(/48 h since awareness/);
    expect(thread()[1]).toMatch(/sent late/);
    expect(await job('mark', { breachId: id, mark: 'r172800000' })).toEqual({ outcome: 'already-sent' });
    expect(await job('sweep')).toMatchObject({ fired: 0 });
    expect(thread()).toHaveLength(2);

    // A job that runs before its time (another clock ahead) is retried, not dropped.
    await expect(job('mark', { breachId: id, mark: 'deadline' })).rejects.toThrow(/due in/);

    await audit.drain();
    const actions = (await audit.tail(50)).filter((e) => e.subject === id).map((e) => [e.action, e.detail.late]);
    expect(actions).toEqual([
      ['breach.opened', undefined],
      ['breach.reminded', false],
      ['breach.reminded', true],
    ]);
  });

  it('sends nothing for a closed assessment', async () => {
    const flow = new BreachFlow(services);
    const [breach] = await flow.store.all();
    await flow.assess(breach!.id, 'U0000RESP1', { decision: 'no-risk', decisionReason: 'disk encrypted' });
    await flow.close(breach!.id, 'U0000APPR1', 'encrypted laptop, documented');
    now = breach!.awareAt + 80 * H;
    const before = sent.length;
    expect(await job('mark', { breachId: breach!.id, mark: 'deadline' })).toEqual({ outcome: 'closed' });
    expect(await job('sweep')).toEqual({ fired: 0, refreshed: 0 });
    expect(sent.length).toBe(before);
    expect(removed).toEqual(jobs.map((j) => j.opts.jobId)); // the closed clock's jobs do not wait for days
  });
});
