import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditLog } from '../../src/audit/log.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { buttonClick, slashCommand } from '../helpers/slack-request.js';

const REQUESTER = 'U0000REQ1';
const APPROVER = 'U0000APPR1';
const GUEST = 'U0000GUEST';
const OUTSIDER = 'U0000NOBODY';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/gdpr-jit-readonly';

/**
 * Issue 13, part 3: the audit entry of a state change is written in the same Redis transaction as the
 * change. Before, the entry was appended after the change: a process that died (or a Redis write that
 * failed) between the two kept the approval and lost its record for good.
 */
describe('fault: the process dies between a state change and its audit entry', () => {
  let t: TestBot;
  const sts = mockClient(STSClient);
  let clicks = 0;

  const click = (actionId: string, value: string, userId: string, responseId: string) =>
    t.post(
      buttonClick({
        actionId,
        value,
        userId,
        responseUrl: t.slack.responseUrl(responseId),
        channelId: 'C0000APPR',
        messageTs: `1700000000.${String(++clicks).padStart(6, '0')}`,
      }),
    );
  const response = async (id: string) => {
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === id), `the response ${id}`);
    return t.slack.responses.find((r) => r.id === id)!.body;
  };
  const chain = async () => (await t.bot.services.audit.tail(1000)).map((e) => ({ action: e.action, subject: e.subject, actor: e.actor, detail: e.detail }));
  /** Files an access request as REQUESTER and returns its id. */
  const file = async (n: number) => {
    await t.command('access prod-readonly 1h atomic audit test', { user: REQUESTER, responseId: `req-${n}` });
    const id = /ax-[0-9a-f]{8}/.exec(String((await response(`req-${n}`)).text))?.[0] ?? '';
    expect(id).not.toBe('');
    return id;
  };
  /**
   * Makes the next write of an entry into the chain fail, as when the process is killed right after the
   * state change was committed: the old code appended the entry (`append`), the new one chains what the
   * change staged (`drain`).
   */
  const killNextChainWrite = (audit: AuditLog) => {
    const crash = () => Promise.reject(new Error('process killed (injected)'));
    const spies: { mockRestore: () => void }[] = [vi.spyOn(audit, 'append').mockImplementationOnce(crash)];
    if ('drain' in audit) spies.push(vi.spyOn(audit as AuditLog & { drain: () => Promise<number> }, 'drain').mockImplementationOnce(crash));
    return () => spies.forEach((s) => s.mockRestore());
  };

  beforeAll(async () => {
    sts
      .on(AssumeRoleCommand)
      .resolves({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'x', SessionToken: 'y', Expiration: new Date(Date.now() + 3600_000) } });
    t = await startTestBot({
      config: {
        approvers: { users: [APPROVER, 'U0000APPR2', GUEST], usergroups: [] },
        access: { roles: [{ name: 'prod-readonly', arn: ROLE_ARN, maxDuration: '4h' }] },
      },
    });
    t.slack.users.set(GUEST, { id: GUEST, is_restricted: true });
  });
  afterAll(async () => {
    await t?.close();
    sts.restore();
  });

  it('an approval whose audit write fails after the state change is still on the trail once the log is next written or verified', async () => {
    const id = await file(1);
    const restore = killNextChainWrite(t.bot.services.audit);
    try {
      await click('access_approve', id, APPROVER, 'approve-crash');
      await response('approve-crash');
    } finally {
      restore();
    }
    // The approval took effect…
    const stored = await t.bot.services.redis.get(`${t.prefix}:access:req:${id}`);
    expect(JSON.parse(stored!).approvals).toEqual([expect.objectContaining({ by: APPROVER })]);
    // …and after the "crash", the next verification (any process) finds its record in the chain, intact.
    const verified = await t.bot.services.audit.verify();
    expect(verified.ok).toBe(true);
    const trail = await chain();
    expect(trail.filter((e) => e.subject === id).map((e) => e.action)).toEqual(
      expect.arrayContaining(['access.requested', 'access.approved', 'access.granted']),
    );
    expect(trail.find((e) => e.subject === id && e.action === 'access.approved')?.actor).toBe(APPROVER);
  });

  it('a request filed while the chain write fails is on the trail all the same', async () => {
    const restore = killNextChainWrite(t.bot.services.audit);
    let id = '';
    try {
      id = await file(2);
    } catch {
      // The old code failed the command; what matters is the trail below.
    } finally {
      restore();
    }
    await t.bot.services.audit.verify();
    const requests = (await chain()).filter((e) => e.action === 'access.requested');
    expect(requests).toHaveLength(2);
    if (id) expect(requests.map((e) => e.subject)).toContain(id);
  });

  it('refused clicks are on the trail, one entry per user and action per minute however often they click, with the count', async () => {
    const id = await file(3);
    const before = (await chain()).length;
    for (let i = 0; i < 12; i++) {
      await click('access_approve', id, GUEST, `guest-${i}`);
      await click('access_approve', id, OUTSIDER, `outsider-${i}`);
    }
    await click('access_approve', id, REQUESTER, 'self');
    expect(String((await response('guest-11')).text)).toMatch(/guest/i);
    expect(String((await response('outsider-11')).text)).toMatch(/no_entry/);
    expect(String((await response('self')).text)).toMatch(/cannot approve your own request/);

    const firsts = (await chain()).slice(before).filter((e) => e.action === 'access.refused' && e.detail.coalesced === true);
    // One entry per user (two if the clicks straddled a minute boundary), with who and why, not 25.
    const perActor = (list: typeof firsts) => list.reduce<Record<string, number>>((m, e) => ({ ...m, [e.actor]: (m[e.actor] ?? 0) + 1 }), {});
    expect(Object.keys(perActor(firsts)).sort()).toEqual([GUEST, OUTSIDER, REQUESTER].sort());
    expect(Object.values(perActor(firsts)).every((n) => n <= 2)).toBe(true);
    expect(firsts.every((e) => typeof e.detail.reason === 'string' && String(e.detail.reason).length > 0)).toBe(true);

    // When the minute is over, the repeats are written as one entry with their count.
    const audit = t.bot.services.audit as unknown as { now: () => Date };
    const realNow = audit.now;
    audit.now = () => new Date(Date.now() + 2 * 60_000);
    try {
      await t.bot.services.audit.flushRefusals();
    } finally {
      audit.now = realNow;
    }
    const after = (await chain()).slice(before).filter((e) => e.action === 'access.refused');
    const total = (actor: string) =>
      after.filter((e) => e.actor === actor).reduce((n, e) => n + (typeof e.detail.repeated === 'number' ? e.detail.repeated : 1), 0);
    expect({ guest: total(GUEST), outsider: total(OUTSIDER), self: total(REQUESTER) }).toEqual({ guest: 12, outsider: 12, self: 1 });
    expect(after.length).toBeLessThanOrEqual(3 * 2 + 2 * 2);
    expect((await t.bot.services.audit.verify()).ok).toBe(true);
  });
  it('refused commands are on the trail too (guests, Slack Connect requests, non-approvers), coalesced per user and minute', async () => {
    const before = (await chain()).length;
    const ask = async (text: string, user: string) => String((await t.ask(text, { user })).text);
    for (let i = 0; i < 6; i++) expect(await ask(i % 2 ? 'scan' : 'findings', GUEST)).toMatch(/Guest accounts cannot use/);
    for (let i = 0; i < 3; i++) expect(await ask('report', OUTSIDER)).toMatch(/Only approvers can use/);
    const shared = await t.post(
      slashCommand({ text: 'status', user_id: 'U0000SHARED', team_id: 'T0000OTHER', response_url: t.slack.responseUrl('cmd-shared') }),
    );
    expect(String((await t.answer(shared, 'cmd-shared')).text)).toMatch(/another organisation/);

    // A click from another organisation is refused in front of every listener, and audited there too.
    await t.post(
      buttonClick({
        actionId: 'access_approve',
        value: 'ax-00000000',
        userId: 'U0000SHARED',
        userTeamId: 'T0000OTHER',
        responseUrl: t.slack.responseUrl('click-shared'),
        channelId: 'C0000APPR',
      }),
    );
    expect(String((await response('click-shared')).text)).toMatch(/another organisation/);
    expect((await chain()).slice(before).filter((e) => e.action === 'click.refused' && e.actor === 'U0000SHARED')).toMatchObject([
      { subject: 'access_approve', detail: { reason: expect.stringMatching(/another organisation/) } },
    ]);

    // `/gdpr access revoke` of someone else's request is refused like the button, and audited like it.
    const victim = await file(4);
    const refusal = await ask(`access revoke ${victim}`, OUTSIDER);
    expect(refusal).toMatch(/^:no_entry: /);
    expect((await chain()).slice(before).filter((e) => e.action === 'access.refused' && e.actor === OUTSIDER)).toMatchObject([
      { subject: victim, detail: { reason: refusal.replace(/^:no_entry: /, '') } },
    ]);

    const firsts = (await chain()).slice(before).filter((e) => e.action === 'command.refused' && e.detail.coalesced === true);
    const of = (actor: string) => firsts.filter((e) => e.actor === actor);
    expect(of(GUEST).length).toBeGreaterThanOrEqual(1);
    expect(of(GUEST).length).toBeLessThanOrEqual(2); // (two if the commands straddled a minute boundary)
    expect(of(GUEST)[0]).toMatchObject({
      subject: expect.stringMatching(/^\/gdpr (scan|findings)$/),
      detail: { reason: expect.stringMatching(/Guest accounts cannot use/) },
    });
    expect(of(OUTSIDER)[0]).toMatchObject({ subject: '/gdpr report', detail: { reason: expect.stringMatching(/Only approvers/) } });
    expect(of('U0000SHARED')[0]).toMatchObject({ subject: '/gdpr status', detail: { reason: expect.stringMatching(/another organisation/) } });

    const audit = t.bot.services.audit as unknown as { now: () => Date };
    const realNow = audit.now;
    audit.now = () => new Date(Date.now() + 2 * 60_000);
    try {
      await t.bot.services.audit.flushRefusals();
    } finally {
      audit.now = realNow;
    }
    const after = (await chain()).slice(before).filter((e) => e.action === 'command.refused');
    const total = (actor: string) =>
      after.filter((e) => e.actor === actor).reduce((n, e) => n + (typeof e.detail.repeated === 'number' ? e.detail.repeated : 1), 0);
    expect({ guest: total(GUEST), outsider: total(OUTSIDER), shared: total('U0000SHARED') }).toEqual({ guest: 6, outsider: 3, shared: 1 });
    expect((await t.bot.services.audit.verify()).ok).toBe(true);
  });
});
