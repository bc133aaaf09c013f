import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAuditArgs } from '../../../commands/gdpr/audit.js';
import { GENESIS_HASH, macEntry, type AuditEntry } from '../../../src/audit/log.js';
import { startTestBot, type TestBot } from '../../helpers/bot.js';
import { buttonClick } from '../../helpers/slack-request.js';

const APPROVER = 'U0000APPR1';
const OUTSIDER = 'U0000OTHER';

describe('parseAuditArgs', () => {
  it.each([
    [[], { kind: 'tail', n: 10 }],
    [['5'], { kind: 'tail', n: 5 }],
    [['50'], { kind: 'tail', n: 50 }],
    [['VERIFY'], { kind: 'verify' }],
    [['export'], { kind: 'export' }],
  ])('%j → %j', (args, expected) => {
    expect(parseAuditArgs(args)).toEqual(expected);
  });
  it.each([[['0']], [['51']], [['-3']], [['1e3']], [['verify', 'now']], [['<!channel>']]])('%j is refused with a reason', (args) => {
    const result = parseAuditArgs(args);
    expect(result.kind).toBe('invalid');
    expect(JSON.stringify(result)).not.toContain('<!channel>');
  });
});

describe('/gdpr audit', () => {
  let t: TestBot;
  const ask = (text: string, user = APPROVER) => t.ask(text, { user });

  beforeAll(async () => {
    t = await startTestBot();
    const audit = t.bot.services.audit;
    await audit.append({ actor: 'system', action: 'scan.completed', subject: 'account 123456789012' });
    await audit.append({ actor: 'U0000USER', action: 'access.requested', subject: '<!channel> please', detail: { justification: '<@U0000BOSS> `rm -rf`' } });
    await audit.append({ actor: APPROVER, action: 'access.approved', subject: 'REQ-1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses someone who is not an approver, for every form of the command', async () => {
    for (const text of ['audit', 'audit 5', 'audit verify', 'audit export']) {
      const reply = await ask(text, OUTSIDER);
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toMatch(/Only approvers can read the audit log/);
      expect(JSON.stringify(reply)).not.toContain('REQ-1');
    }
    // Nothing was queued for them (the recurring `anchor` job is the bot's own).
    const jobs = await t.bot.services.queues.get('audit').getJobs(['waiting', 'active', 'completed', 'delayed']);
    expect(jobs.filter((j) => j.name !== 'anchor')).toEqual([]);
    // The refusals are on the trail: one entry for the four attempts of the minute.
    const refused = (await t.bot.services.audit.tail(10)).filter((e) => e.action === 'audit.read_refused');
    expect(refused).toEqual([expect.objectContaining({ actor: OUTSIDER, detail: expect.objectContaining({ coalesced: true }) })]);
  });

  it('shows an approver the last n entries, oldest first, with user text escaped, in the acknowledgement', async () => {
    const res = await t.command('audit 3', { user: APPROVER, responseId: 'audit-tail' });
    const reply = (await res.json()) as Record<string, unknown>;
    expect(reply.response_type).toBe('ephemeral');
    const shown = JSON.stringify(reply.blocks);
    expect(reply.text).toBe('Audit log: the last 3 of 4 entries, oldest first.');
    expect(shown).not.toContain('scan.completed');
    expect(shown.indexOf('access.requested')).toBeLessThan(shown.indexOf('access.approved'));
    expect(shown.indexOf('access.approved')).toBeLessThan(shown.indexOf('audit.read_refused'));
    expect(shown).toContain('&lt;!channel&gt; please');
    expect(shown).not.toContain('<!channel>');
    expect(shown).not.toContain('<@U0000BOSS>');
    expect(shown).toContain(`<@${APPROVER}>`);
  });

  it('answers a bad argument with the usage', async () => {
    const reply = await ask('audit lots');
    expect(reply.text).toMatch(/is not a number/);
    expect(reply.text).toMatch(/Usage: `\/gdpr audit \[n\]`/);
  });

  it('verifies the hash chain', async () => {
    const reply = await ask('audit verify');
    expect(reply.text).toMatch(/hash chain is intact: 4 entries/);
  });

  it('exports the log as JSON Lines to the approver in a direct message, and records the export', async () => {
    const reply = await ask('audit export');
    expect(reply.text).toMatch(/Exporting 4 audit entries as JSON Lines/);
    await t.slack.waitFor(() => t.slack.uploads.some((u) => u.channel), 'the completed upload');
    const upload = t.slack.uploads[0]!;
    expect(upload.filename).toMatch(/^gdpr-bot-audit-.*\.jsonl$/);
    expect(upload.channel).toBe('D0000APPR1');
    expect(upload.initialComment).toMatch(/4 entries.*hash chain is intact/);
    const entries = upload.content
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    // The exported lines are the stored entries: the chain can be checked offline, with the audit key.
    let prev = GENESIS_HASH;
    for (const { hash, ...body } of entries) {
      expect(body.prevHash).toBe(prev);
      expect(macEntry(t.bot.services.auditKey, body)).toBe(hash);
      prev = hash;
    }
    // The export is recorded once the upload went through.
    let last: AuditEntry | undefined;
    await t.slack.waitFor(() => {
      void t.bot.services.audit.tail(1).then(([e]) => (last = e));
      return last?.action === 'audit.exported';
    }, 'the audit.exported entry');
    expect(last).toMatchObject({ actor: APPROVER, action: 'audit.exported', detail: { entries: 4, intact: true } });
  });

  it('checks authorization again when a button under the listing is clicked', async () => {
    const click = async (actionId: string, userId: string, id: string) => {
      const res = await t.post(buttonClick({ actionId, value: 'verify', userId, responseUrl: t.slack.responseUrl(id) }));
      expect(res.status).toBe(200);
      await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), `the answer to ${actionId}`);
      return t.slack.responses.find((r) => r.id === id)!.body;
    };
    expect((await click('audit.verify', OUTSIDER, 'click-1')).text).toMatch(/Only approvers/);
    expect((await click('audit.export', OUTSIDER, 'click-2')).text).toMatch(/Only approvers/);
    expect((await click('audit.verify', APPROVER, 'click-3')).text).toMatch(/hash chain is intact: 5 entries/);
  });

  it('still answers a verify click when its response_url refuses the first try (through the outbox)', async () => {
    t.slack.failNext('response:verify-retry', { times: 1, status: 503 });
    const res = await t.post(buttonClick({ actionId: 'audit.verify', value: 'verify', userId: APPROVER, responseUrl: t.slack.responseUrl('verify-retry') }));
    expect(res.status).toBe(200);
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === 'verify-retry'), 'the verify answer after a 503');
    const answers = t.slack.responses.filter((r) => r.id === 'verify-retry');
    expect(answers).toHaveLength(1);
    expect(String(answers[0]!.body.text)).toMatch(/hash chain is intact: \d+ entries/);
    expect(t.logs.entries().some((e) => e.msg === 'answer not delivered at once; queued for the outbox')).toBe(true);
  });
});
