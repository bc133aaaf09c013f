import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_THREAD_NICE } from '../../src/queues/worker-thread.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';

const APPROVER = 'U0000APPR1';

/** The nice value of each thread of this process, by thread id (Linux: /proc/self/task/<tid>/stat, field 19). */
function niceByThread(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    out.set(Number(tid), Number(fields[16]));
  }
  return out;
}

const jobsCompleted = (metrics: string, queue: string) =>
  Number(new RegExp(`gdpr_bot_jobs_total\\{queue="${queue}",outcome="completed"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);

/** `npm start` (ROLE=all) runs the workers on a thread of their own; the Slack listeners keep this one. */
describe('ROLE=all with the workers on their own thread', () => {
  let t: TestBot;
  const lost: number[] = [];
  beforeAll(async () => {
    t = await startTestBot({ start: { workerThread: true, onWorkersLost: (code) => lost.push(code) } });
  }, 30_000);
  afterAll(async () => {
    await t?.close();
  });

  it('runs a job a command queued on the workers thread, and the user gets its answer', async () => {
    await t.bot.services.audit.append({ actor: 'U0000USER', action: 'access.requested', subject: 'REQ-1', detail: { hours: 1 } });
    expect(String((await t.ask('audit verify', { user: APPROVER })).text)).toMatch(/intact: 1 entr/);
    // Not on this thread: its own registry counted no audit job; /metrics, which adds the thread's, did.
    expect(jobsCompleted(await t.bot.services.metrics.registry.metrics(), 'audit')).toBe(0);
    expect(jobsCompleted(await (await fetch(`${t.baseUrl}/metrics`)).text(), 'audit')).toBeGreaterThanOrEqual(1);
    // The thread's log lines reach the bot's log destination, tagged with the thread.
    for (let i = 0; i < 50 && !t.logs.entries().some((e) => e.thread === 'workers' && e.job === 'verify'); i++) await new Promise((r) => setTimeout(r, 40));
    expect(t.logs.entries().find((e) => e.thread === 'workers' && e.job === 'verify')).toMatchObject({ msg: 'job completed', queue: 'audit' });
  });

  it("reports the thread's workers on /healthz and keeps the acks' figures on /metrics", async () => {
    const health = (await (await fetch(`${t.baseUrl}/healthz`)).json()) as { status: string; dependencies: { workers: { status: string; total: number } } };
    expect(health.status).toBe('ok');
    expect(health.dependencies.workers.status).toBe('running');
    expect(health.dependencies.workers.total).toBeGreaterThan(0);
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/gdpr_bot_slack_ack_seconds_count\{status="200"\} [1-9]/);
    // The process's own metrics once, not once per thread.
    expect(metrics.match(/^gdpr_bot_process_start_time_seconds /gm)).toHaveLength(1);
    expect(metrics.match(/^gdpr_bot_queue_jobs\{queue="audit",state="waiting"\} /gm)).toHaveLength(1);
  });

  it.runIf(process.platform === 'linux')('runs the workers thread at a lower CPU priority than the thread that answers Slack', () => {
    const self = Number(readlinkSync('/proc/thread-self').split('/').pop());
    const nice = niceByThread();
    // Relative to this process's own nice value (the suite may run under `nice`).
    const lowered = Math.min(19, nice.get(self)! + WORKER_THREAD_NICE);
    expect(lowered).toBeGreaterThan(nice.get(self)!);
    expect([...nice.values()].filter((n) => n === lowered)).toHaveLength(1);
  });

  it('says so loudly when the workers thread stops: /healthz is down and the log has an error', async () => {
    await t.bot.workerThread!.thread.terminate();
    const res = await fetch(`${t.baseUrl}/healthz`);
    expect(res.status).toBe(503);
    const health = (await res.json()) as { dependencies: { workers: { ok: boolean; status: string } } };
    expect(health.dependencies.workers).toMatchObject({ ok: false, status: 'stopped' });
    expect(t.logs.text()).toContain('the workers thread stopped: no job runs in this process');
    // `npm start` exits on this (so its supervisor restarts it): the bot's owner is told, once.
    expect(lost).toEqual([1]);
  });
});

describe('ROLE=all with WORKERS=inline', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { WORKERS: 'inline' }, start: { workerThread: true } });
  }, 30_000);
  afterAll(async () => {
    await t?.close();
  });

  it('keeps the workers on the thread that answers Slack, and they run the jobs', async () => {
    expect(t.bot.workerThread).toBeUndefined();
    await t.bot.services.audit.append({ actor: 'U0000USER', action: 'access.requested', subject: 'REQ-1', detail: { hours: 1 } });
    expect(String((await t.ask('audit verify', { user: APPROVER })).text)).toMatch(/intact: 1 entr/);
    expect(jobsCompleted(await t.bot.services.metrics.registry.metrics(), 'audit')).toBeGreaterThanOrEqual(1);
  });
});
