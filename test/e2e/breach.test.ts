import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BreachStore } from '../../src/breach/store.js';
import { outboundKeys } from '../../src/slack/outbound.js';
import { FakeFindingServices, macieFinding } from '../helpers/aws-findings.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { interactions, until } from '../helpers/interactions.js';
import { buttonClick, viewSubmission } from '../helpers/slack-request.js';

const BREACH_CHANNEL = 'C0000BRCH';
const RESPONDER = 'U0000RESP1';
const DPO = 'U0000DPO1';
const APPROVER = 'U0000APPR1';
/** Listed as a responder, but a guest account: never allowed. */
const GUEST = 'U0000GST1';

describe('the breach clock through the real app: Macie finding → assessment → reminders → export', () => {
  let t: TestBot;
  let aws: FakeFindingServices;
  const sts = mockClient(STSClient);
  let ui: ReturnType<typeof interactions>;
  let id = '';
  /** The ts of the status message, as pins.add was given it. */
  let pinnedTs = '';
  const statusVersions = () =>
    t.slack.calls.filter(
      (c) =>
        (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
        c.args.channel === BREACH_CHANNEL &&
        !c.args.thread_ts &&
        JSON.stringify(c.args).includes(id),
    );
  const threadPosts = () => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === BREACH_CHANNEL && c.args.thread_ts);
  const dmsTo = (user: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${user.slice(1)}`);

  beforeAll(async () => {
    aws = new FakeFindingServices();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
    aws.addMacie(
      macieFinding(7, {
        title: 'Personal data in <!channel> export',
        resourcesAffected: {
          s3Bucket: { name: 'customer-exports', publicAccess: { effectivePermission: 'PUBLIC' } },
          s3Object: { key: 'exports/2026-11.csv' },
        },
        classificationDetails: {
          result: {
            sensitiveData: [
              { category: 'PERSONAL_INFORMATION', totalCount: 1200 },
              { category: 'FINANCIAL_INFORMATION', totalCount: 40 },
            ],
          },
        },
      }),
    );
    t = await startTestBot({
      config: {
        findings: { pollInterval: '1h', minSeverity: 'low' },
        breach: {
          responders: { users: [RESPONDER, GUEST] },
          dpo: { users: [DPO], contact: 'Jane Doe, dpo@example.com' },
          channel: BREACH_CHANNEL,
          reminders: ['3s', '6s'],
          deadlineHours: '9s',
        },
      },
    });
    ui = interactions(t);
    t.slack.users.set(GUEST, { id: GUEST, is_restricted: true });
    await t.slack.waitFor(
      () => t.slack.callsTo('chat.postMessage').some((c) => JSON.stringify(c.args.blocks ?? []).includes('finding_breach')),
      'the Macie finding with its Start breach assessment button',
    );
  }, 30_000);
  afterAll(async () => {
    await t?.close();
    aws?.restore();
    sts.restore();
  });

  it('refuses a member who is neither an approver nor a responder, and a guest listed as a responder, and audits it', async () => {
    const answer = await ui.click('finding_breach', 'mc000007', 'U0000USER', { channelId: 'C0000FIND' });
    expect(String(answer.text)).toMatch(/only approvers and breach responders/);
    expect(String((await ui.click('finding_breach', 'mc000007', GUEST, { channelId: 'C0000FIND' })).text)).toMatch(
      /guest accounts cannot handle breach assessments/,
    );
    expect(String((await t.ask('breach open Something happened', { user: GUEST })).text)).toMatch(/Guest accounts cannot use/);
    expect(await new BreachStore(t.bot.services.redis, t.bot.services.keys).all()).toEqual([]);
    expect((await t.bot.services.audit.tail(50)).some((e) => e.action === 'breach.refused' && e.actor === 'U0000USER')).toBe(true);
  });

  it('a responder starts the assessment from the finding: status message, clock, one assessment per finding', async () => {
    const answer = await ui.click('finding_breach', 'mc000007', RESPONDER, { channelId: 'C0000FIND' });
    id = /`(BR-[0-9a-f]{8})`/.exec(String(answer.text))?.[1] ?? '';
    expect(id, String(answer.text)).not.toBe('');
    expect(String(answer.text)).toMatch(/72-hour clock runs from/);
    await t.slack.waitFor(() => statusVersions().length > 0, 'the status message');
    const status = JSON.stringify(statusVersions()[0]!.args.blocks);
    expect(status).toContain('left');
    expect(status).toContain('mc000007');
    expect(status).toContain('customer-exports');
    expect(status).not.toContain('<!channel>'); // the AWS title is escaped
    expect(status).toContain('&lt;!channel&gt;');
    // Pinned in its channel once posted.
    await t.slack.waitFor(() => t.slack.callsTo('pins.add').some((c) => c.args.channel === BREACH_CHANNEL), 'the status message pinned');
    pinnedTs = String(t.slack.callsTo('pins.add')[0]!.args.timestamp);
    expect(pinnedTs).toBe(t.slack.history.get(BREACH_CHANNEL)![0]!.ts);
    expect(t.slack.callsTo('pins.add')).toHaveLength(1);
    const again = await ui.click('finding_breach', 'mc000007', APPROVER, { channelId: 'C0000FIND' });
    expect(String(again.text)).toContain(`already open: \`${id}\``);
    expect((await ui.auditActions(id)).filter((a) => a === 'breach.opened')).toHaveLength(1);
  });

  it('Edit assessment opens the Art. 33(3) form, prefilled with what Macie says and the fix applied', async () => {
    // A fix applied since awareness, as the remediation job records it.
    await t.bot.services.audit.append({
      actor: 'system',
      action: 'remediation.applied',
      subject: 'R0000000001',
      detail: {
        remediation: 's3-bucket-block-public-access',
        target: { accountId: '111122223333', region: 'eu-west-1', resource: 'customer-exports' },
        outcome: 'applied',
      },
    });
    // The modal opens inline (views.open with the click's trigger_id); nothing is answered on the response_url.
    expect(
      (
        await t.post(
          buttonClick({ actionId: 'breach_assess', value: id, userId: RESPONDER, responseUrl: t.slack.responseUrl('assess-1'), channelId: BREACH_CHANNEL }),
        )
      ).status,
    ).toBe(200);
    await t.slack.waitFor(() => t.slack.callsTo('views.open').length > 0, 'views.open');
    const view = t.slack.callsTo('views.open')[0]!.args.view as { callback_id: string; blocks: unknown[]; private_metadata: string };
    expect(view.callback_id).toBe('breach_assessment_modal');
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('PERSONAL_INFORMATION (1200)');
    expect(json).toContain('s3-bucket-block-public-access');
    expect(json).toContain('Jane Doe, dpo@example.com');
    expect(json).toContain('Art. 33(3)(d)');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('a saved phase is audited and shown on the status message, escaped', async () => {
    const v = (value: string) => ({ value: { type: 'plain_text_input', value } });
    const values = {
      nature: v('Export bucket was public; <!channel> could read it'),
      categories: v('Customers: names, addresses, IBANs'),
      subjects: v('about 1200'),
      records: v('1240'),
      consequences: v('Fraud, phishing'),
      measures: v('Public access blocked; keys rotated'),
      decision: { value: { type: 'radio_buttons', selected_option: { value: 'notify' } } },
      decisionReason: v('Financial data exposed publicly'),
      notifySubjects: { value: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } },
    };
    const res = await t.post(viewSubmission({ userId: RESPONDER, callbackId: 'breach_assessment_modal', values, privateMetadata: JSON.stringify({ id }) }));
    expect(res.status).toBe(200);
    await t.slack.waitFor(() => dmsTo(RESPONDER).some((c) => String(c.args.text).includes('saved (phase 1)')), 'the saved confirmation');
    await t.slack.waitFor(
      () => JSON.stringify(statusVersions().at(-1)?.args.blocks ?? []).includes('notify the supervisory authority'),
      'the status message with the decision',
    );
    expect(await ui.auditActions(id)).toContain('breach.assessed');
    // A guest-free member who is not a responder cannot save over it.
    const refused = await t.post(
      viewSubmission({
        userId: 'U0000USER',
        callbackId: 'breach_assessment_modal',
        values: { nature: v('nothing happened') },
        privateMetadata: JSON.stringify({ id }),
      }),
    );
    expect(refused.status).toBe(200);
    await t.slack.waitFor(() => dmsTo('U0000USER').some((c) => /nothing was saved/.test(String(c.args.text))), 'the refusal');
    expect((await new BreachStore(t.bot.services.redis, t.bot.services.keys).get(id))!.assessment.nature).toMatch(/^Export bucket/);
  });

  it('sends each reminder and the deadline once, to the thread, the responders and the DPO; the status turns overdue', async () => {
    await until('both reminders and the deadline in the thread', () => threadPosts().length >= 3, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    const texts = threadPosts().map((c) => String(c.args.text));
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/3s since awareness/);
    expect(texts[1]).toMatch(/6s since awareness/);
    expect(texts[2]).toMatch(/deadline has passed/);
    expect(texts[2]).toMatch(/reasons for the delay/);
    expect(texts.every((x) => x.includes(`<@${RESPONDER}>`) && x.includes(`<@${DPO}>`))).toBe(true);
    expect(dmsTo(DPO)).toHaveLength(3);
    await t.slack.waitFor(() => JSON.stringify(statusVersions().at(-1)?.args.blocks ?? []).includes('overdue by'), 'the overdue status');
    expect(JSON.stringify(statusVersions().at(-1)!.args.blocks)).toContain('Art. 33(1)');
    const updates = statusVersions().filter((c) => c.method === 'chat.update');
    expect(new Set(updates.map((c) => c.args.ts))).toEqual(new Set([pinnedTs])); // always the pinned message, updated in place
    const actions = await ui.auditActions(id);
    expect(actions.filter((a) => a === 'breach.reminded')).toHaveLength(2);
    expect(actions.filter((a) => a === 'breach.deadline_passed')).toHaveLength(1);
  }, 30_000);

  it('exports the notification draft with the Art. 33(3) sections, the finding, the fix and the times', async () => {
    const answer = await t.ask(`breach export ${id}`, { user: RESPONDER });
    expect(String(answer.text)).toMatch(/direct message/);
    await t.slack.waitFor(() => t.slack.uploads.filter((u) => u.channel === `D${RESPONDER.slice(1)}`).length === 2, 'the two files');
    const md = t.slack.uploads.find((u) => u.filename.endsWith('.md'))!.content;
    const html = t.slack.uploads.find((u) => u.filename.endsWith('.html'))!.content;
    const breach = (await new BreachStore(t.bot.services.redis, t.bot.services.keys).get(id))!;
    for (const doc of [md, html]) {
      for (const section of ['Art. 33(3)(a)', 'Art. 33(3)(b)', 'Art. 33(3)(c)', 'Art. 33(3)(d)', 'Reasons for the delay', 'Timeline'])
        expect(doc).toContain(section);
      expect(doc).toContain('mc000007');
      expect(doc).toContain('s3-bucket-block-public-access');
      expect(doc).toContain('PERSONAL_INFORMATION (1200)');
      expect(doc).toContain(new Date(breach.awareAt).toISOString().replace(/\.\d{3}Z$/, 'Z'));
      expect(doc).toContain(new Date(breach.awareAt + breach.deadlineMs).toISOString().replace(/\.\d{3}Z$/, 'Z'));
      expect(doc).toContain('about 1200');
      expect(doc).toContain('breach.reminded');
      expect(doc).not.toContain('<!channel>');
    }
    expect(html).toContain('&lt;!channel&gt;');
    expect(md).toContain('REQUIRED'); // overdue without reasons for the delay
    await until('the export to be audited', async () => (await ui.auditActions(id)).includes('breach.exported'));
  });

  it('is listed in /gdpr help', async () => {
    expect(JSON.stringify((await t.ask('help')).blocks)).toContain('/gdpr breach');
  });

  it('lists the register, and only an approver closes', async () => {
    const list = await t.ask('breach list', { user: RESPONDER });
    expect(String(list.text)).toContain(id);
    expect(String(list.text)).toContain('notify the supervisory authority');
    expect(String((await t.ask(`breach close ${id} notified the authority`, { user: RESPONDER })).text)).toMatch(/only approvers can close/);
    expect(String((await t.ask(`breach close ${id} notified the authority on day 4`, { user: APPROVER })).text)).toMatch(/closed/);
    expect(String((await t.ask('breach list', { user: APPROVER })).text)).toMatch(/closed/);
    expect(String((await t.ask('breach list', { user: 'U0000USER' })).text)).toMatch(/cannot read the breach register/);
    // Closed: no longer pinned.
    await t.slack.waitFor(
      () => t.slack.callsTo('pins.remove').some((c) => c.args.channel === BREACH_CHANNEL && c.args.timestamp === pinnedTs),
      'the status message unpinned',
    );
  });

  it('a pin Slack refuses is logged; the status message, its updates and the clock go on', async () => {
    t.slack.failNext('pins.add', { times: 1, status: 200, error: 'missing_scope' });
    const answer = await t.ask('breach open Laptop stolen', { user: APPROVER });
    const second = /`(BR-[0-9a-f]{8})`/.exec(String(answer.text))?.[1] ?? '';
    expect(second, String(answer.text)).not.toBe('');
    await t.slack.waitFor(() => t.slack.refused.some((c) => c.method === 'pins.add' && c.args.channel === BREACH_CHANNEL), 'the refused pin');
    await t.slack.waitFor(
      () => t.logs.entries().some((e) => e.msg === 'Slack refused to pin the message; it stays unpinned' && e.reason === 'missing_scope'),
      'the log line',
    );
    const statusTs = t.slack.history.get(BREACH_CHANNEL)!.find((m) => m.text.includes(second))?.ts;
    expect(statusTs).toBeDefined();
    // The first reminder (3 s) still comes, in the status message's thread, and the status is updated in place.
    await until(
      'the reminder of the second assessment',
      () => t.slack.callsTo('chat.postMessage').some((c) => c.args.thread_ts === statusTs && /3s since awareness/.test(String(c.args.text))),
      15_000,
    );
    await t.slack.waitFor(() => t.slack.callsTo('chat.update').some((c) => c.args.ts === statusTs), 'the status update');
    expect(await t.bot.services.redis.lrange(outboundKeys(t.bot.services.keys).dead, 0, -1)).toEqual([]);
  }, 30_000);
});
