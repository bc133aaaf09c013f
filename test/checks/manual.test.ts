import { describe, expect, it } from 'vitest';
import { evaluateChecks } from '../../src/checks/engine.js';
import { MANUAL_CONTROLS, manualStatuses } from '../../src/checks/manual.js';
import { CHECKS } from '../../src/checks/registry.js';
import { toCsv, toJson, toMarkdown } from '../../src/checks/report.js';
import { ConfigError, parseConfig, parseConfigText } from '../../src/config/load.js';
import { postureMessage } from '../../src/checks/messages.js';
import { ACCOUNT, compliantSnapshot } from './fixtures.js';

const NOW = new Date('2026-06-01T12:00:00Z');
/** Every check passes on the compliant snapshot: what a manual control changes is then all there is to see. */
const results = await evaluateChecks(compliantSnapshot(), CHECKS);

function text(content: ReturnType<typeof postureMessage>): string {
  return (content.blocks ?? []).map((b) => JSON.stringify(b)).join('\n');
}
/** The `/gdpr status` line of one action item. */
function itemLine(content: ReturnType<typeof postureMessage>, item: number): string {
  const section = (content.blocks ?? []).find((b) => b.type === 'section' && JSON.stringify(b).includes('*1. IAM')) as { text: { text: string } };
  return section.text.text.split('\n').find((l) => l.includes(`*${item}. `))!;
}

describe('controls no API can answer', () => {
  it('are read from manualAnswers in the configuration, a typo in an id or an answer other than yes/no refused', () => {
    const config = parseConfigText(
      'manualAnswers:\n  ec2_instance_store_encrypted: { answer: yes, by: U0123ABCD, date: 2026-03-31, note: "no instance stores" }\n  kms_key_custody_decided: { answer: no, by: DPO, date: 2026-05-01 }\n',
    );
    expect(config.manualAnswers.ec2_instance_store_encrypted).toEqual({ answer: 'yes', by: 'U0123ABCD', date: '2026-03-31', note: 'no instance stores' });
    expect(() => parseConfig({ manualAnswers: { ec2_instance_store_encypted: { answer: 'yes', by: 'me', date: '2026-01-01' } } })).toThrow(ConfigError);
    expect(() => parseConfig({ manualAnswers: { ec2_instance_store_encrypted: { answer: 'maybe', by: 'me', date: '2026-01-01' } } })).toThrow(ConfigError);
    expect(() => parseConfig({ manualAnswers: { ec2_instance_store_encrypted: { answer: 'yes', by: 'me', date: '2026-02-30' } } })).toThrow(/calendar date/);
    expect(() => parseConfig({ manualAnswers: { ec2_instance_store_encrypted: { answer: 'yes', by: '', date: '2026-02-01' } } })).toThrow(ConfigError);
    expect(parseConfig({}).manualAnswers).toEqual({});
  });

  it('unanswered: /gdpr status shows the action item as needing a manual answer, never as passing, and asks the question', () => {
    const msg = postureMessage({ results, now: NOW, manual: manualStatuses({}, NOW) });
    const line = itemLine(msg, 12);
    expect(line).toContain('1 needs a manual answer');
    expect(line).toMatch(/^:grey_question:/);
    expect(line).not.toContain(':white_check_mark:');
    expect(text(msg)).toContain(`No API can answer these* (${MANUAL_CONTROLS.length})`);
    expect(text(msg)).toContain('ec2_instance_store_encrypted: needs a manual answer: Is every file with personal data on an EC2 instance store encrypted');
    // The score is the API checks' alone: self-attested answers neither raise nor lower it.
    expect(msg.text).toMatch(/^GDPR posture 100%/);
  });

  it('answered no: the action item fails, with who answered and when', () => {
    const manual = manualStatuses({ kms_key_custody_decided: { answer: 'no', by: 'Jane (DPO)', date: '2026-05-20' } }, NOW);
    const msg = postureMessage({ results, now: NOW, manual });
    const line = itemLine(msg, 14);
    expect(line).toMatch(/^:x: \*14\. Encryption tools \(KMS\)\*: \d+ passed · 1 failed/);
    expect(text(msg)).toContain('kms_key_custody_decided: answered no by Jane (DPO) on 2026-05-20');
  });

  it('answered yes within a year: the item passes and the control is not listed; older than a year it needs answering again', () => {
    const fresh = postureMessage({
      results,
      now: NOW,
      manual: manualStatuses({ ec2_instance_store_encrypted: { answer: 'yes', by: 'ops', date: '2026-01-15' } }, NOW),
    });
    expect(itemLine(fresh, 12)).toMatch(/^:white_check_mark:/);
    expect(itemLine(fresh, 12)).not.toContain('manual answer');
    expect(text(fresh)).not.toContain('ec2_instance_store_encrypted');

    const stale = postureMessage({
      results,
      now: NOW,
      manual: manualStatuses({ ec2_instance_store_encrypted: { answer: 'yes', by: 'ops', date: '2025-05-01' } }, NOW),
    });
    expect(itemLine(stale, 12)).toContain('1 needs a manual answer');
    expect(text(stale)).toContain('ec2_instance_store_encrypted: needs a manual answer again: answered yes by ops on 2025-05-01, more than a year ago');
  });

  it('the evidence report lists every control: unanswered and stale as needing a manual answer, a no as a failure', () => {
    const manual = manualStatuses(
      {
        ec2_instance_store_encrypted: { answer: 'yes', by: 'ops', date: '2025-01-01' },
        kms_key_custody_decided: { answer: 'no', by: 'DPO', date: '2026-05-01', note: 'CloudHSM decision pending' },
        records_of_processing_kept: { answer: 'yes', by: 'DPO', date: '2026-04-01' },
      },
      NOW,
    );
    const input = { generatedAt: NOW, accounts: [ACCOUNT], results, manual };
    const md = toMarkdown(input);
    expect(md).toContain('- Controls no API can answer: 3 need a manual answer, 1 answered no');
    expect(md).toContain('| NEEDS A MANUAL ANSWER (answer older than a year) | ec2_instance_store_encrypted | 12 |');
    expect(md).toContain('| FAIL (answered no) | kms_key_custody_decided | 14 | Art. 32 |');
    expect(md).toMatch(/\| NEEDS A MANUAL ANSWER \| siem_alerts_reviewed \| 8 \| Art\. 33 \|/);
    expect(md).toContain('| PASS (answered yes) | records_of_processing_kept | 7 | Art. 30 |');
    const json = JSON.parse(toJson(input)) as { manual: { id: string; status: string }[] };
    expect(json.manual.map((m) => [m.id, m.status])).toEqual([
      ['ec2_instance_store_encrypted', 'needs_manual_answer'],
      ['kms_key_custody_decided', 'fail'],
      ['records_of_processing_kept', 'pass'],
      ['siem_alerts_reviewed', 'needs_manual_answer'],
      ['kms_enclave_keys_require_attestation', 'needs_manual_answer'],
    ]);
    expect(toCsv(input)).toMatch(/^Art\. 33,siem_alerts_reviewed,.*,manual,manual answer,needs_manual_answer,/m);
  });

  it('every control says why no API can answer it and belongs to a real action item', () => {
    for (const c of MANUAL_CONTROLS) {
      expect(c.id).toMatch(/^[a-z0-9]+_[a-z0-9_]+$/);
      expect(c.whyManual.length).toBeGreaterThan(40);
      expect(c.actionItem).toBeGreaterThanOrEqual(1);
      expect(c.actionItem).toBeLessThanOrEqual(14);
      expect(CHECKS.some((k) => k.id === c.id)).toBe(false);
    }
  });
});
