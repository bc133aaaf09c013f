import { describe, expect, it } from 'vitest';
import { renderReport, type ReportInput } from '../../src/checks/report.js';
import { CheckStatus } from '../../src/checks/types.js';

/** A narrowed scan: eu-west-1 scanned, two enabled regions left out; a second account whose regions could not be listed. */
const INPUT: ReportInput = {
  generatedAt: new Date('2026-12-02T10:00:00Z'),
  scannedAt: '2026-12-02T09:59:00Z',
  accounts: ['111122223333', '444455556666'],
  results: [
    {
      checkId: 'ebs_default_encryption',
      accountId: '111122223333',
      region: 'eu-west-1',
      status: CheckStatus.Pass,
      resource: 'arn:aws:ec2:eu-west-1:111122223333:account',
      message: 'EBS encryption by default is on.',
    },
  ],
  coverage: [
    { accountId: '111122223333', regions: ['eu-west-1'], notChecked: ['eu-central-1', 'us-east-1'], skipped: [] },
    { accountId: '444455556666', regions: ['eu-west-1'], skipped: [], error: 'AccessDenied on ec2:DescribeRegions' },
  ],
};

describe('the evidence report says which enabled regions it does not cover', () => {
  it('Markdown and JSON name the regions not checked and the account whose regions are unknown', () => {
    const md = renderReport('md', INPUT);
    expect(md).toContain('Not checked: eu-central-1 (1 account), us-east-1 (1 account)');
    expect(md).toContain('Account 444455556666: its enabled regions could not be listed (AccessDenied on ec2:DescribeRegions)');
    const json = JSON.parse(renderReport('json', INPUT)) as { coverage: { notChecked: { region: string }[]; errors: { accountId: string }[] } };
    expect(json.coverage.notChecked.map((n) => n.region)).toEqual(['eu-central-1', 'us-east-1']);
    expect(json.coverage.errors.map((e) => e.accountId)).toEqual(['444455556666']);
  });

  it('CSV has a not_checked row per region left out and an error row for the account whose regions are unknown, never a pass', () => {
    const rows = renderReport('csv', INPUT).trim().split('\n').slice(1);
    const gaps = rows.filter((r) => !r.includes('ebs_default_encryption'));
    expect(gaps.filter((r) => r.includes(',not_checked,')).map((r) => r.split(',')[6])).toEqual(['eu-central-1', 'us-east-1']);
    expect(gaps.filter((r) => r.includes(',not_checked,')).every((r) => r.includes('111122223333'))).toBe(true);
    const unknown = gaps.filter((r) => r.includes('444455556666'));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toContain(',error,');
    expect(unknown[0]).toContain('AccessDenied on ec2:DescribeRegions');
    expect(gaps.some((r) => r.includes(',pass,'))).toBe(false);
  });
});
