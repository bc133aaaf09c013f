import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BreachStore } from '../../src/breach/store.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { interactions, until } from '../helpers/interactions.js';
import { startWorkerProcess, workerEnv, type WorkerProcess } from '../helpers/worker-process.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'breach-worker.ts');
const BREACH_CHANNEL = 'C0000BRCH';
const APPROVER = 'U0000APPR1';

describe('fault: the worker running the breach clock is killed with SIGKILL', () => {
  let t: TestBot;
  let env: Record<string, string>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-breach-kill-'));
    const config = join(dir, 'gdpr-bot.yml');
    writeFileSync(
      config,
      stringify({
        approvers: { users: [APPROVER], usergroups: [] },
        channels: { approvals: 'C0000APPR' },
        slack: { postInterval: '10ms' },
        breach: { channel: BREACH_CHANNEL, dpo: { users: ['U0000DPO1'] }, reminders: ['4s', '8s'], deadlineHours: '12s' },
      }),
    );
    // The web role only: every job runs in the worker processes below.
    t = await startTestBot({ env: { ROLE: 'web', GDPR_BOT_CONFIG: config } });
    env = workerEnv(t, config);
  });
  afterAll(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    await t?.close();
  });

  it('a second worker picks up the clock: no reminder lost or doubled, the missed ones sent late with a note', async () => {
    const ui = interactions(t);
    const thread = () =>
      t.slack
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === BREACH_CHANNEL && c.args.thread_ts)
        .map((c) => String(c.args.text));
    const first = await startWorkerProcess(FIXTURE, env);
    workers.push(first);

    const opened = await t.ask('breach open Laptop with the HR export stolen', { user: APPROVER });
    const id = /`(BR-[0-9a-f]{8})`/.exec(String(opened.text))?.[1];
    expect(id, String(opened.text)).toBeDefined();
    const breach = (await new BreachStore(t.bot.services.redis, t.bot.services.keys).get(id!))!;

    await until('the first reminder from the first worker', () => thread().length === 1, 20_000);
    expect(thread()[0]).toMatch(/4s since awareness/);
    expect(thread()[0]).not.toMatch(/sent late/);
    // Killed once Slack delivery of that reminder is over (a drainer killed between Slack's answer and
    // taking the message off its list posts it again: delivery is at least once; the clock is what is tested).
    const redis = t.bot.services.redis;
    const delivered = async (channel: string) =>
      (await redis.exists(t.bot.services.keys.key('slack', 'out-lock', channel))) === 0 &&
      (await redis.llen(t.bot.services.keys.key('slack', 'out', channel))) === 0;
    await until('the reminder to be delivered everywhere', async () => (await delivered(BREACH_CHANNEL)) && (await delivered('D0000DPO1')), 10_000);
    expect(await first.stop('SIGKILL')).toBeNull();

    // Nobody runs the clock while the second and the deadline mark come due (and well past).
    await until('the deadline to be well past', () => Date.now() > breach.awareAt + breach.deadlineMs + 6000, 30_000);
    expect(thread()).toHaveLength(1);

    const second = await startWorkerProcess(FIXTURE, env);
    workers.push(second);
    await until('the missed reminder and the deadline from the second worker', () => thread().length >= 3, 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    const texts = thread();
    expect(texts, texts.join('\n---\n')).toHaveLength(3);
    expect(texts[1]).toMatch(/8s since awareness/);
    expect(texts[1]).toMatch(/sent late: gdpr-bot was not running/);
    expect(texts[2]).toMatch(/deadline has passed/);
    expect(texts[2]).toMatch(/sent late/);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'D0000DPO1')).toHaveLength(3);
    const actions = await ui.auditActions(id!);
    expect(actions.filter((a) => a === 'breach.reminded')).toHaveLength(2);
    expect(actions.filter((a) => a === 'breach.deadline_passed')).toHaveLength(1);
    expect(await second.stop('SIGTERM')).toBe(0);
  }, 120_000); // two worker processes start (tsx) and the clock runs its marks: slow on a loaded machine
});
