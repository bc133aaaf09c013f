import { describe, expect, it } from 'vitest';
import { parseFindingEvent } from '../../src/findings/events.js';
import { findingMessage } from '../../src/findings/messages.js';
import { normalizeSecurityHubFinding, securityHubFindingId } from '../../src/findings/normalize.js';
import { toStored } from '../../src/findings/poll.js';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { asffFinding, body, guardDutyEvent, macieEvent, securityHubEvent } from '../helpers/finding-events.js';

const parse = (event: unknown, minSeverity: 'low' | 'medium' | 'high' | 'critical' = 'low') =>
  parseFindingEvent(typeof event === 'string' ? event : JSON.stringify(event), { minSeverity });

describe('EventBridge findings events', () => {
  it('reads a GuardDuty Finding event as the poll reads the same finding', () => {
    const parsed = parse(guardDutyEvent(1));
    expect(parsed).toMatchObject({ kind: 'findings', source: 'guardduty', skipped: { archived: 0, belowSeverity: 0, forwarded: 0 } });
    if (parsed.kind !== 'findings') return;
    const [f] = parsed.findings;
    expect(f).toMatchObject({
      id: 'gd000001',
      source: 'guardduty',
      type: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom',
      severity: 'high',
      score: 8,
      account: '111122223333',
      region: 'eu-west-1',
      updatedAt: '2026-01-01T00:00:01.000Z',
      detectorId: 'det-1',
      resource: { kind: 'AccessKey', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'alice', role: 'TARGET' },
    });
    expect(f!.details).toMatchObject({ 'Remote IP': '198.51.100.7', API: 'ListBuckets' });
    // The key of a user whose credentials are used by a malicious caller: the fix the poll would offer.
    expect(toStored(f!, 'C0FIND', 'finding:gd000001').fix).toMatchObject({ remediationId: 'iam-deactivate-access-key' });
  });

  it('reads a Macie Finding event', () => {
    const parsed = parse(macieEvent(2));
    if (parsed.kind !== 'findings') throw new Error(parsed.reason);
    expect(parsed.findings[0]).toMatchObject({
      id: 'mc000002',
      source: 'macie',
      severity: 'medium',
      level: 'Medium',
      resource: { bucket: 'customer-exports', objectKey: 'exports/2.csv' },
    });
    expect(parsed.findings[0]!.details['Sensitive data']).toBe('PERSONAL_INFORMATION (42)');
  });

  it('reads Security Hub ASFF findings (Inspector here) as a third source with a stable id of their own', () => {
    const asff = asffFinding(3);
    const parsed = parse(securityHubEvent([asff]));
    if (parsed.kind !== 'findings') throw new Error(parsed.reason);
    const [f] = parsed.findings;
    expect(f).toMatchObject({
      id: securityHubFindingId(String(asff.ProductArn), String(asff.Id)),
      source: 'securityhub',
      type: 'Software and Configuration Checks/Vulnerabilities/CVE',
      title: 'CVE-2026-1003 - openssl',
      severity: 'high',
      level: 'HIGH',
      resource: { kind: 'AwsEc2Instance', instanceId: 'i-00000003' },
    });
    expect(f!.id).toMatch(/^sh-[0-9a-f]{40}$/);
    expect(f!.details).toMatchObject({ 'Finding id': asff.Id, Product: 'Amazon Inspector', Recommendation: 'Update openssl.' });
    // No automatic fix for Security Hub findings; the message names its source.
    const message = findingMessage(toStored(f!, 'C0FIND', `finding:${f!.id}`));
    expect(JSON.stringify(message)).not.toContain('finding_fix');
    expect(message.text).toContain('Security Hub finding');
    // The same finding polled later has the same id (so dedup holds across paths).
    expect(normalizeSecurityHubFinding(asff as unknown as AwsSecurityFinding).id).toBe(f!.id);
  });

  it('leaves out what the poll would not have fetched, and says how many', () => {
    const archivedGd = parse(guardDutyEvent(4, { service: { ...(guardDutyEvent(4).detail as { service: object }).service, archived: true } }));
    expect(archivedGd).toMatchObject({ kind: 'findings', findings: [], skipped: { archived: 1 } });
    expect(parse(macieEvent(5, { archived: true }))).toMatchObject({ kind: 'findings', findings: [], skipped: { archived: 1 } });
    expect(parse(guardDutyEvent(6, { severity: 2 }), 'medium')).toMatchObject({ kind: 'findings', findings: [], skipped: { belowSeverity: 1 } });
    const sh = parse(
      securityHubEvent([
        asffFinding(7, { Workflow: { Status: 'RESOLVED' } }),
        asffFinding(8, { RecordState: 'ARCHIVED' }),
        asffFinding(9, { Severity: { Label: 'INFORMATIONAL', Normalized: 0 } }),
        // GuardDuty's own finding copied into Security Hub: it comes through its own event.
        asffFinding(10, { ProductArn: 'arn:aws:securityhub:eu-west-1::product/aws/guardduty' }),
        asffFinding(11, { Severity: { Normalized: 95 } }),
      ]),
    );
    expect(sh).toMatchObject({ kind: 'findings', skipped: { archived: 2, belowSeverity: 1, forwarded: 1 } });
    if (sh.kind === 'findings') expect(sh.findings.map((f) => f.severity)).toEqual(['critical']);
  });

  describe('is malformed, never "no findings", when', () => {
    const gd = guardDutyEvent(20);
    const gdDetail = gd.detail as Record<string, unknown>;
    it.each([
      ['the body is not JSON', 'not json {', /not JSON/],
      ['the body is a JSON array', '[1,2]', /not an EventBridge event/],
      ['another service', { ...gd, source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }, /not a findings event \(source aws\.ec2\)/],
      [
        'a GuardDuty event that is not a finding',
        { ...gd, 'detail-type': 'GuardDuty Malware Protection Object Scan Result' },
        /detail-type GuardDuty Malware Protection Object Scan Result/,
      ],
      ['a custom event posing as GuardDuty', { ...gd, source: 'com.example.guardduty' }, /not a findings event/],
      ['a source name from the prototype', { ...gd, source: 'constructor' }, /not a findings event/],
      ['no event id', { ...gd, id: undefined }, /no id/],
      ['an event id that is not an id', { ...gd, id: '<@U123> hi' }, /no id/],
      ['no detail', { ...gd, detail: 'x' }, /no detail/],
      ['no finding id', { ...gd, detail: { ...gdDetail, id: undefined } }, /finding id missing/],
      ['a finding id that is not an id', { ...gd, detail: { ...gdDetail, id: '<!channel> x' } }, /finding id missing or not an id/],
      ['no account', { ...gd, detail: { ...gdDetail, accountId: undefined } }, /account missing/],
      ['no region', { ...gd, detail: { ...gdDetail, region: '' } }, /region missing/],
      ['no updatedAt', { ...gd, detail: { ...gdDetail, updatedAt: undefined } }, /updatedAt missing/],
      ['an updatedAt that is not a time', { ...gd, detail: { ...gdDetail, updatedAt: 'yesterday' } }, /updatedAt missing/],
      ['no severity (it would be read as low and dropped)', { ...gd, detail: { ...gdDetail, severity: undefined } }, /severity missing/],
      ['a Macie finding without severity', macieEvent(21, { severity: {} }), /Macie finding: severity missing/],
      ['a Security Hub event without findings', securityHubEvent([]), /without findings/],
      ['a Security Hub finding without a severity', securityHubEvent([asffFinding(22, { Severity: undefined })]), /finding 1: severity missing/],
      ['a Security Hub finding without Id', securityHubEvent([asffFinding(23, { Id: undefined })]), /Id missing/],
      ['a Security Hub finding without ProductArn', securityHubEvent([asffFinding(24, { ProductArn: undefined })]), /ProductArn missing/],
    ])('%s', (_name, event, reason) => {
      const parsed = parse(event);
      expect(parsed.kind).toBe('malformed');
      if (parsed.kind === 'malformed') expect(parsed.reason).toMatch(reason);
    });

    it('one bad finding among good ones (the event is rejected whole, not half posted)', () => {
      expect(parse(securityHubEvent([asffFinding(25), asffFinding(26, { AwsAccountId: 'me' })]))).toMatchObject({
        kind: 'malformed',
        reason: expect.stringMatching(/finding 2: account/),
      });
    });

    it('does not quote attacker-chosen text in the reason', () => {
      const parsed = parse({ ...gd, source: 'aws.guardduty', 'detail-type': '<!channel> please approve' });
      expect(parsed.kind === 'malformed' && parsed.reason).toContain('(not shown)');
      expect(JSON.stringify(parsed)).not.toContain('<!channel>');
    });
  });

  it('a __proto__ key in the detail stays a plain key', () => {
    const parsed = parseFindingEvent(body(guardDutyEvent(30)).replace('"schemaVersion"', '"__proto__":{"polluted":true},"schemaVersion"'), {
      minSeverity: 'low',
    });
    expect(parsed.kind).toBe('findings');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
