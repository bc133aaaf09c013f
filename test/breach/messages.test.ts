import { describe, expect, it } from 'vitest';
import { registerEntry, registerMarkdown, renderHtml, renderMarkdown } from '../../src/breach/document.js';
import type { KnownFacts } from '../../src/breach/facts.js';
import { parseOpenArgs } from '../../src/breach/flow.js';
import { assessmentModal, readAssessmentModal, registerText, reminderMessage, statusMessage } from '../../src/breach/messages.js';
import { markOf, type Breach } from '../../src/breach/state.js';
import { LIMITS } from '../../src/slack/limits.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 9);
const HOSTILE = '<!channel> <@U0000BOSS> <https://evil.example|click> & \u202Edevorppa';

function breach(overrides: Partial<Breach> = {}): Breach {
  return {
    id: 'BR-0000abcd',
    title: HOSTILE,
    openedBy: 'U0000RESP1',
    openedAt: T0,
    awareAt: T0,
    awareReason: HOSTILE,
    findings: ['mc000007'],
    resources: [`111122223333/eu-west-1: bucket ${HOSTILE}`],
    reminders: [24 * H, 48 * H, 60 * H],
    deadlineMs: 72 * H,
    status: 'open',
    assessment: { nature: HOSTILE, decision: 'no-risk', decisionReason: HOSTILE, delayReason: HOSTILE },
    phases: [{ n: 1, by: 'U0000RESP1', at: T0 + H, changed: ['nature'] }],
    channel: 'C0000BRCH',
    version: 2,
    ...overrides,
  };
}

const facts: KnownFacts = {
  findings: [
    {
      id: 'mc000007',
      source: 'macie',
      type: 'SensitiveData:S3Object/Personal',
      title: HOSTILE,
      resource: `bucket ${HOSTILE}`,
      account: '111122223333',
      region: 'eu-west-1',
      firstSeen: '2026-12-01T08:00:00.000Z',
    },
  ],
  macie: [{ finding: 'mc000007', bucket: HOSTILE, public: true, sensitiveData: `PERSONAL_INFORMATION (1200), ${HOSTILE}` }],
  fixes: [
    {
      at: '2026-12-01T10:00:00.000Z',
      request: 'R0000000001',
      remediation: 's3-bucket-block-public-access',
      target: HOSTILE,
      outcome: 'applied',
      actor: 'system',
    },
  ],
  revocations: [{ at: '2026-12-01T11:00:00.000Z', grant: 'ax-00000001', actor: 'U0000APPR1' }],
};

function expectEscaped(json: string): void {
  expect(json).not.toContain('<!channel>');
  expect(json).not.toContain('<@U0000BOSS>');
  expect(json).not.toContain('<https://evil');
  expect(json).not.toContain('\u202E');
}

describe('breach messages', () => {
  it('escape user and AWS text in the status message, reminders and the register, within Block Kit limits', () => {
    const status = statusMessage(breach(), { r86400000: T0 + 24 * H }, T0 + 31 * H);
    expectEscaped(JSON.stringify(status));
    expect(JSON.stringify(status.blocks)).toContain('41 h left');
    expect(JSON.stringify(status.blocks)).toContain('&lt;!channel&gt;');
    expect(status.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    const overdue = statusMessage(breach(), {}, T0 + 80 * H);
    expect(JSON.stringify(overdue.blocks)).toMatch(/overdue by 8 h/);
    expect(JSON.stringify(overdue.blocks)).toMatch(/reasons for the delay \(Art\. 33\(1\)\)/);
    const reminder = reminderMessage(breach(), markOf(breach(), 'r86400000')!, T0 + 30 * H, true, '<@U0000RESP1>');
    expectEscaped(JSON.stringify(reminder).replace('<@U0000RESP1>', ''));
    expect(reminder.text).toMatch(/sent late/);
    const many = Array.from({ length: 200 }, (_, i) => breach({ id: `BR-${String(i).padStart(8, '0')}` }));
    const register = registerText(many, T0);
    expectEscaped(register);
    expect(register.length).toBeLessThanOrEqual(LIMITS.sectionText);
  });

  it('build a modal within the limits that cites what is known, escaped, and read back what was submitted', () => {
    const modal = assessmentModal(breach({ assessment: {} }), facts, { dpoContact: 'Jane Doe' }, T0);
    const json = JSON.stringify(modal.blocks);
    expect(modal.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerModal);
    expect(modal.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
    expect(modal.private_metadata!.length).toBeLessThanOrEqual(LIMITS.privateMetadata);
    // The mrkdwn sections are escaped; plain_text prefills carry the text as it is (Slack shows it as typed).
    const mrkdwn = JSON.stringify(modal.blocks.filter((b) => b.type === 'section'));
    expectEscaped(mrkdwn);
    expect(json).toContain('s3-bucket-block-public-access');
    expect(json).toContain('Jane Doe');
    const read = readAssessmentModal({
      nature: { value: { value: '  what happened ' } },
      subjects: { value: { value: '' } },
      decision: { value: { selected_option: { value: 'notify' } } },
      notifySubjects: { value: { selected_options: [{ value: 'yes' }] } },
    });
    expect(read).toEqual({ nature: '  what happened ', decision: 'notify', notifySubjects: true });
    expect(readAssessmentModal({ decision: { value: { selected_option: { value: 'approve-all' } } } })).toEqual({});
  });

  it('lay the draft out as the Art. 33(3) notification, escaped for Markdown and HTML', () => {
    const draft = { breach: breach(), sent: { r86400000: T0 + 24 * H }, facts, timeline: [], generatedAt: new Date(T0 + 80 * H) };
    const md = renderMarkdown(draft);
    const html = renderHtml(draft);
    for (const doc of [md, html]) {
      for (const s of ['Art. 33(3)(a)', 'Art. 33(3)(b)', 'Art. 33(3)(c)', 'Art. 33(3)(d)', 'Reasons for the delay', 'What Macie reports'])
        expect(doc).toContain(s);
      expect(doc).toContain('2026-12-01T09:00:00Z'); // aware
      expect(doc).toContain('2026-12-04T09:00:00Z'); // deadline
      expect(doc).not.toContain('<!channel>');
      expect(doc).not.toContain('<https://evil');
    }
    expect(html).not.toMatch(/<(?!\/?(html|head|meta|title|style|body|h1|h2|section|p|br)\b|!doctype)/);
    expect(md).toContain('PERSONAL_INFORMATION (1200)');
  });
});

describe('the register in the evidence report', () => {
  it('lists every assessment with its decision and reason, escaped for Markdown', () => {
    const closed = breach({ id: 'BR-0000beef', status: 'closed', closedAt: T0 + 5 * H, closeReason: 'documented' });
    const md = registerMarkdown([breach(), closed]);
    expect(md).toContain('Breach register (GDPR Art. 33(5))');
    expect(md).toContain('BR-0000abcd');
    expect(md).toMatch(/BR-0000beef.*closed 2026-12-01T14:00:00Z \(documented\); decision: no-risk/);
    expect(md).not.toContain('<!channel>');
    expect(registerMarkdown([])).toContain('No breach assessment has been opened.');
    expect(registerEntry(closed)).toMatchObject({ id: 'BR-0000beef', status: 'closed', decision: 'no-risk', deadline: '2026-12-04T09:00:00Z' });
  });
});

describe('/gdpr breach open arguments', () => {
  const now = Date.UTC(2026, 11, 3, 12);
  it('takes a title, and an earlier awareness time only with a reason', () => {
    expect(parseOpenArgs('Laptop stolen', now)).toEqual({ ok: true, value: { title: 'Laptop stolen' } });
    expect(parseOpenArgs('Laptop stolen --aware 6h --reason reported by HR this morning', now)).toEqual({
      ok: true,
      value: { title: 'Laptop stolen', awareAt: now - 6 * H, awareReason: 'reported by HR this morning' },
    });
    expect(parseOpenArgs('Laptop stolen --aware 2026-12-02T08:00Z --reason call from the police', now)).toMatchObject({
      ok: true,
      value: { awareAt: Date.UTC(2026, 11, 2, 8) },
    });
    expect(parseOpenArgs('Laptop stolen —aware 6h —reason auto-corrected dashes', now)).toMatchObject({ ok: true, value: { awareAt: now - 6 * H } });
    expect(parseOpenArgs('Laptop stolen --aware 6h', now)).toMatchObject({ ok: false, problem: expect.stringMatching(/needs a reason/) });
    expect(parseOpenArgs('Laptop stolen --aware 2027-01-01T00:00Z --reason x', now)).toMatchObject({ ok: false, problem: expect.stringMatching(/future/) });
    expect(parseOpenArgs('Laptop stolen --aware yesterday --reason x', now)).toMatchObject({ ok: false, problem: expect.stringMatching(/not a time/) });
    expect(parseOpenArgs('', now)).toMatchObject({ ok: false });
    expect(parseOpenArgs('x'.repeat(151), now)).toMatchObject({ ok: false, problem: expect.stringMatching(/too long/) });
  });
});
