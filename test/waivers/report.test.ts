import { describe, expect, it } from 'vitest';
import { getCheck } from '../../src/checks/registry.js';
import { renderReport, type ReportInput } from '../../src/checks/report.js';
import { summarize } from '../../src/checks/summary.js';
import { CheckStatus, type CheckResult } from '../../src/checks/types.js';
import { detailsMessages, postureMessage } from '../../src/checks/messages.js';
import { resourceToken, scopeToken } from '../../src/waivers/flow.js';
import { noticeMessage, targetOptions, waiverModal } from '../../src/waivers/messages.js';
import { applyWaivers, type Waiver } from '../../src/waivers/types.js';

const ACCOUNT = '111122223333';
const NOW = new Date('2026-12-02T10:00:00Z');
const r = (resource: string, status: CheckResult['status'], checkId = 's3_bucket_tls_only'): CheckResult => ({
  checkId,
  accountId: ACCOUNT,
  region: 'eu-west-1',
  status,
  resource,
  message: `${checkId} is ${status} for ${resource}`,
});

const RESULTS: CheckResult[] = [
  r('arn:aws:s3:::static-assets', CheckStatus.Fail),
  r('arn:aws:s3:::unreadable', CheckStatus.Error),
  r(`${ACCOUNT}/eu-west-1`, CheckStatus.Fail, 'ebs_default_encryption'),
  r('arn:aws:s3:::fine', CheckStatus.Pass, 's3_bucket_default_encryption'),
];
const WAIVER: Waiver = {
  id: 'w-0000abcd',
  checkId: 's3_bucket_tls_only',
  accountId: ACCOUNT,
  region: 'eu-west-1',
  resource: '*',
  justification: 'Static assets, no personal data; <!channel> "quoted", reviewed by DPO',
  grantedBy: 'U0000APPR1',
  grantedAt: '2026-11-30T09:00:00.000Z',
  expiresAt: '2027-02-28T09:00:00.000Z',
  status: 'active',
  version: 1,
};
const SHOWN = applyWaivers(RESULTS, [WAIVER], NOW);
const INPUT: ReportInput = { generatedAt: NOW, scannedAt: '2026-12-02T09:59:00Z', accounts: [ACCOUNT], results: SHOWN };

describe('waived results in the summary, the status message and every report format', () => {
  it('a waived failure is never a pass: the score is what it is without the waiver; an error stays an error', () => {
    expect(SHOWN.find((x) => x.status === CheckStatus.Error)!.waiver).toBeUndefined();
    const waived = summarize(SHOWN);
    const plain = summarize(RESULTS);
    expect(waived.score).toBe(plain.score);
    expect(waived.checks).toMatchObject({ passed: 1, failed: 1, waived: 0, errors: 1 }); // the TLS check has an error too: it stays `error`
    expect(waived.resources).toMatchObject({ passed: 1, failed: 1, waived: 1, errors: 1 });
    const onlyWaived = summarize(SHOWN.filter((x) => x.status !== CheckStatus.Error));
    expect(onlyWaived.checks).toMatchObject({ passed: 1, failed: 1, waived: 1 });
    expect(onlyWaived.score).toBe(33); // 1 of 3 evaluated checks passes: the waived one counts against it
  });

  it('status says "waived" apart from passed and failed, and the worst failures leave the waived one out', () => {
    const message = postureMessage({ results: Object.freeze(SHOWN.filter((x) => x.status !== CheckStatus.Error)), now: NOW });
    const text = JSON.stringify(message.blocks);
    expect(text).toMatch(/13\. Encryption in transit\*: 0 passed · 0 failed · 1 waived/);
    expect(text).toContain(':shield: *13.');
    expect(text).not.toContain('static-assets'); // not among the failures to act on
  });

  it('Details show who waived it, why (escaped) and until when', () => {
    const text = JSON.stringify(detailsMessages(SHOWN).map((m) => m.blocks));
    expect(text).toMatch(
      /:shield: \*waived\* s3_bucket_tls_only is fail for arn:aws:s3:::static-assets \(by <@U0000APPR1> until 2027-02-28: Static assets, no personal data; &lt;!channel&gt;/,
    );
    expect(text).not.toContain('<!channel>');
  });

  it('CSV, JSON and Markdown show the result as waived with who, why and until', () => {
    const csv = renderReport('csv', INPUT).split('\n');
    expect(csv[0]).toBe(
      'article,check_id,title,action_item,severity,account_id,region,resource,status,message,scanned_at,waiver_id,waived_by,waived_at,waived_until,waiver_justification,personal_data',
    );
    const row = csv.find((l) => l.includes('static-assets'))!;
    expect(row).toContain(',waived,');
    expect(row).toContain(
      ',w-0000abcd,U0000APPR1,2026-11-30T09:00:00.000Z,2027-02-28T09:00:00.000Z,"Static assets, no personal data; <!channel> ""quoted"", reviewed by DPO"',
    );
    expect(csv.find((l) => l.includes('unreadable'))).toContain(',error,');
    expect(csv.some((l) => l.includes(',pass,') && l.includes('static-assets'))).toBe(false);

    const json = JSON.parse(renderReport('json', INPUT)) as {
      summary: { resources: { waived: number } };
      results: { resource: string; status: string; waiver?: { grantedBy: string; expiresAt: string; justification: string } }[];
    };
    expect(json.summary.resources.waived).toBe(1);
    const waived = json.results.find((x) => x.resource.endsWith('static-assets'))!;
    expect(waived).toMatchObject({
      status: 'waived',
      waiver: { grantedBy: 'U0000APPR1', expiresAt: '2027-02-28T09:00:00.000Z', justification: WAIVER.justification },
    });
    expect(json.results.find((x) => x.resource.endsWith('unreadable'))).toMatchObject({ status: 'error' });
    expect(json.results.find((x) => x.resource.endsWith('unreadable'))!.waiver).toBeUndefined();

    const md = renderReport('md', INPUT);
    expect(md).toContain('| WAIVED (accepted risk, not a pass) | 111122223333 | eu-west-1 | arn:aws:s3:::static-assets |');
    expect(md).toContain('## Waivers (accepted risks)');
    expect(md).toContain(
      '| s3_bucket_tls_only | 111122223333 | eu-west-1 | arn:aws:s3:::static-assets | w-0000abcd | U0000APPR1 | 2026-11-30T09:00:00.000Z | 2027-02-28T09:00:00.000Z |',
    );
  });

  it('SARIF keeps a waived failure as a failure, with an accepted suppression carrying the justification', () => {
    const sarif = JSON.parse(renderReport('sarif', INPUT)) as {
      runs: {
        results: {
          kind: string;
          level: string;
          locations: { logicalLocations: { fullyQualifiedName: string }[] }[];
          suppressions?: { kind: string; status: string; justification: string; properties: Record<string, string> }[];
        }[];
      }[];
    };
    const results = sarif.runs[0]!.results;
    const at = (name: string) => results.find((x) => x.locations[0]!.logicalLocations[0]!.fullyQualifiedName.endsWith(name))!;
    const waived = at('static-assets');
    expect(waived.kind).toBe('fail');
    expect(waived.level).not.toBe('none');
    expect(waived.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: WAIVER.justification,
        properties: { waiverId: 'w-0000abcd', grantedBy: 'U0000APPR1', grantedAt: '2026-11-30T09:00:00.000Z', expiresAt: '2027-02-28T09:00:00.000Z' },
      },
    ]);
    expect(at('unreadable')).toMatchObject({ kind: 'open', level: 'none' });
    expect(at('unreadable').suppressions).toBeUndefined();
    expect(at(`${ACCOUNT}/eu-west-1`).suppressions).toBeUndefined();
  });

  it('an expired or revoked waiver marks nothing', () => {
    expect(applyWaivers(RESULTS, [{ ...WAIVER, expiresAt: '2026-12-02T10:00:00.000Z' }], NOW)).toBe(RESULTS);
    expect(applyWaivers(RESULTS, [{ ...WAIVER, status: 'revoked' }], NOW)).toBe(RESULTS);
  });
});

describe('the Waive… form', () => {
  it('fits Block Kit for 1 and 1,000 failing resources: at most 100 options of at most 75 characters, short values, the whole scope first', () => {
    const check = getCheck('s3_bucket_tls_only')!;
    for (const n of [1, 1000]) {
      const results = Array.from({ length: n }, (_, i) =>
        r(`arn:aws:s3:::a-very-long-bucket-name-that-goes-on-and-on-and-on-${String(i).padStart(4, '0')}`, CheckStatus.Fail),
      );
      const options = targetOptions([...results, r('arn:aws:s3:::unreadable', CheckStatus.Error)], check.id, { resource: resourceToken, scope: scopeToken });
      expect(options.length).toBe(Math.min(100, n + 1));
      expect(options[0]!.text.text).toBe(`All of it in ${ACCOUNT}/eu-west-1`);
      for (const o of options) {
        expect(o.text.text.length).toBeLessThanOrEqual(75);
        expect(o.value!.length).toBeLessThanOrEqual(150);
      }
      expect(options.some((o) => o.text.text.includes('unreadable'))).toBe(false);
      const modal = waiverModal(check, options, 365 * 86_400_000);
      expect(modal.title.text.length).toBeLessThanOrEqual(24);
      expect(modal.blocks.length).toBeLessThanOrEqual(100);
      expect(modal.private_metadata!.length).toBeLessThanOrEqual(3000);
    }
  });
});

describe('what the approvals channel is told about a waiver', () => {
  it('escapes the justification and the resource, and says an expired waiver leaves plain failures', () => {
    const hostile = { ...WAIVER, resource: 'arn:aws:s3:::<!here>', justification: '<!channel> accepted by <@U0000BOSS> & co' };
    for (const notice of ['granted', 'warning', 'expired', 'revoked'] as const) {
      const text = JSON.stringify(noticeMessage(notice, hostile, 2));
      expect(text).not.toMatch(/<!channel>|<!here>|<@U0000BOSS>/);
      expect(text).toContain('&lt;!channel&gt; accepted by &lt;@U0000BOSS&gt; &amp; co');
    }
    expect(noticeMessage('expired', hostile, 2).text).toMatch(/2 result\(s\) it covered fail and count as \*failures\* again/);
    expect(noticeMessage('expired', hostile, 0).text).toMatch(/Nothing it covered fails/);
  });
});
