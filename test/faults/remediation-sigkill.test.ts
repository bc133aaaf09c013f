import { encodeFixValue } from '../../src/checks/messages.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixResolver } from '../../src/remediations/engine.js';
import { requestStore } from '../../src/remediations/requests.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { interactions, until } from '../helpers/interactions.js';
import { startWorkerProcess, workerEnv, type WorkerProcess } from '../helpers/worker-process.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'remediation-worker.ts');
const APPROVALS = 'C0000APPR';
const STATUS_CHANNEL = 'C0000STAT';
const REGION = 'eu-west-3';

const resolver: FixResolver = {
  resolve: (request) =>
    Promise.resolve(
      request.checkId === 'ebs_default_encryption'
        ? { remediationId: 'ebs-enable-default-encryption', target: { region: request.region } }
        : { error: `no fix for ${request.checkId}` },
    ),
};

describe('fault: a worker killed with SIGKILL in the middle of a remediation apply', () => {
  let t: TestBot;
  let env: Record<string, string>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-remediation-kill-'));
    const config = join(dir, 'gdpr-bot.yml');
    writeFileSync(
      config,
      stringify({
        approvers: { users: ['U0000APPR1', 'U0000APPR2'], usergroups: [] },
        channels: { approvals: APPROVALS },
        slack: { postInterval: '10ms' },
      }),
    );
    // The web role only: every job runs in the worker processes below.
    t = await startTestBot({ env: { ROLE: 'web', GDPR_BOT_CONFIG: config }, overrides: { fixResolver: resolver } });
    env = workerEnv(t, config);
    await t.bot.services.redis.set(`${t.prefix}:fault:aws:ebs`, 'off');
  });
  afterAll(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    await t?.close();
  });

  it('is taken over after the stall interval; the fix is applied exactly once and the message ends in one final state', async () => {
    const ui = interactions(t);
    const redis = t.bot.services.redis;
    const store = requestStore(t.bot.services);
    const first = await startWorkerProcess(FIXTURE, { ...env, FAULT_EC2: 'hang' });
    workers.push(first);

    const asked = await ui.click(
      'remediation_fix',
      encodeFixValue({ checkId: 'ebs_default_encryption', accountId: '123456789012', region: REGION, resource: `123456789012/${REGION}` })!,
      'U0000USER',
      { channelId: STATUS_CHANNEL, messageTs: '1700000500.000100' },
    );
    const id = /`(R[0-9A-F]{10})`/.exec(String(asked.text))?.[1];
    expect(id, String(asked.text)).toBeDefined();
    const approval = () => ui.latestMessage(APPROVALS, id!);
    await t.slack.waitFor(() => JSON.stringify(approval()?.args.blocks ?? []).includes('remediation_approve'), 'the approval buttons');
    expect(String((await ui.click('remediation_approve', id!, 'U0000APPR1', { channelId: APPROVALS })).text)).toMatch(/the fix is queued/);

    // The first worker's write reaches "AWS" and takes effect, but its answer never comes back.
    await until('the first worker to write to AWS', async () => (await redis.llen(`${t.prefix}:fault:aws:writes`)) === 1);
    expect((await store.get(id!))?.status).toBe('running');
    // Killed once the approval message shows the fix running (so the kill lands inside the AWS call, not
    // inside a Slack delivery: a drainer killed mid-post holds its channel until its lock expires).
    await t.slack.waitFor(() => /: running/.test(String(approval()?.args.text)), 'the approval message to show the fix running');
    await until(
      'the approvals channel to be released by its drainer',
      async () => (await redis.exists(t.bot.services.keys.key('slack', 'out-lock', APPROVALS))) === 0,
    );
    expect(await first.stop('SIGKILL')).toBeNull();
    const job = await t.bot.services.queues.get('remediation').getJob(`apply-${id}`);
    expect(await job!.getState()).toBe('active'); // owned by a dead process
    expect(JSON.stringify(approval()?.args.blocks)).not.toContain('Fixed and verified');

    const second = await startWorkerProcess(FIXTURE, env);
    workers.push(second);
    await until('the second worker to finish the request', async () => (await store.get(id!))?.status === 'succeeded', 8000);

    // Exactly one effective write, by the killed process: the retry found the setting already on.
    expect(await redis.lrange(`${t.prefix}:fault:aws:writes`, 0, -1)).toEqual([`pid ${first.pid}`]);
    const request = (await store.get(id!))!;
    expect(request.result?.outcome).toBe('already-compliant');
    expect(request.verification?.status).toBe('pass');
    await until('the apply job to complete', async () => (await job!.getState()) === 'completed');
    const actions = await ui.auditActions(id!);
    expect(actions.filter((a) => a === 'remediation.approved')).toHaveLength(1);
    expect(actions.filter((a) => a === 'remediation.applied')).toHaveLength(1);
    expect(actions.filter((a) => a === 'remediation.verified')).toHaveLength(1);
    expect(actions).not.toContain('remediation.failed');

    // One final state on the approval message, and the requester told once.
    await t.slack.waitFor(() => JSON.stringify(approval()?.args.blocks ?? []).includes('Fixed and verified'), 'the approval message to show the outcome');
    await t.slack.waitFor(() => t.slack.callsTo('chat.postMessage').some((c) => c.args.channel === STATUS_CHANNEL), 'the requester to be told');
    await new Promise((r) => setTimeout(r, 300));
    const versions = t.slack.calls.filter(
      (c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === APPROVALS && JSON.stringify(c.args).includes(id!),
    );
    const finals = versions.filter((c) => /Fixed and verified|Failed|Rejected|Expired/.test(JSON.stringify(c.args.blocks)));
    expect(finals).toHaveLength(1);
    expect(versions.at(-1)).toBe(finals[0]);
    expect(new Set(versions.filter((c) => c.method === 'chat.update').map((c) => c.args.ts)).size).toBe(1); // always the same message
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === STATUS_CHANNEL)).toHaveLength(1);

    expect(await second.stop('SIGTERM')).toBe(0);
  }, 60_000); // two worker processes start (tsx) and one waits out a stall interval: slow on a loaded machine
});
