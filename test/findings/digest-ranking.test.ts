import { describe, expect, it } from 'vitest';
import { digestMessage } from '../../src/findings/messages.js';
import type { StoredFinding } from '../../src/findings/types.js';

const finding = (id: string, severity: StoredFinding['severity'], bucket: string): StoredFinding => ({
  id,
  source: 'macie',
  type: 'Policy:IAMUser/S3BucketPublic',
  title: `Bucket ${bucket} is public`,
  severity,
  account: '123456789012',
  region: 'eu-west-1',
  resource: { kind: 'S3Bucket', bucket },
  firstSeen: '2026-12-02T09:00:00Z',
  lastSeen: '2026-12-02T09:00:00Z',
  updatedAt: '2026-12-02T09:00:00Z',
  count: 1,
  archived: false,
  channel: 'C0000FIND',
  ref: `finding:${id}`,
});

describe('the findings digest', () => {
  it('lists findings on buckets holding personal data first, marked, before more severe ones elsewhere', () => {
    const findings = [finding('a', 'critical', 'build-logs'), finding('b', 'high', 'build-cache'), finding('c', 'low', 'customer-data')];
    const scope = { source: 'macie' as const, account: '123456789012', region: 'eu-west-1' };
    const ranked = JSON.stringify(digestMessage(findings, scope, new Set(['arn:aws:s3:::customer-data'])).blocks);
    expect(ranked.indexOf('customer-data')).toBeLessThan(ranked.indexOf('build-logs'));
    expect(ranked).toMatch(/:lock: \*personal data\* [^•]*customer-data/);
    expect(ranked).not.toMatch(/:lock: \*personal data\* [^•]*build-logs/);
    const plain = JSON.stringify(digestMessage(findings, scope).blocks);
    expect(plain.indexOf('build-logs')).toBeLessThan(plain.indexOf('customer-data'));
    expect(plain).not.toContain('personal data');
  });
});
