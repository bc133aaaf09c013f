import {
  DescribeOrganizationConfigurationCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUARDDUTY_MAX_EMPTY_PAGES, guarddutyCollector } from '../../src/aws/collectors/guardduty.js';
import { guardduty_centrally_managed } from '../../src/checks/guardduty/guardduty_centrally_managed.js';
import { guardduty_no_open_high_findings } from '../../src/checks/guardduty/guardduty_no_open_high_findings.js';
import { guardduty_s3_protection_enabled } from '../../src/checks/guardduty/guardduty_s3_protection_enabled.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, regionOf } from '../helpers/collect-in.js';

const gd = mockClient(GuardDutyClient);
afterEach(() => gd.reset());
// By default the detector is a member of a GuardDuty administrator (tests of the administrator paths override it).
beforeEach(() => {
  gd.on(GetAdministratorAccountCommand).resolves({
    Administrator: { AccountId: '210987654321', RelationshipStatus: 'Enabled', InvitationId: 'inv', InvitedAt: '2025-01-01T00:00:00Z' },
  });
});

type ListInput = { DetectorId: string; NextToken?: string; MaxResults?: number; FindingCriteria?: { Criterion?: Record<string, unknown> } };

describe('the GuardDuty collector', () => {
  it('lists detectors on every page in each region and asks for open findings of severity 7 and up (high and critical)', async () => {
    const regions: string[] = [];
    gd.on(ListDetectorsCommand).callsFake(async (input: { NextToken?: string }, getClient) => {
      regions.push(await regionOf(getClient));
      return input.NextToken ? { DetectorIds: ['det-b'] } : { DetectorIds: ['det-a'], NextToken: 'more' };
    });
    gd.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'arn:role', CreatedAt: '2025-01-01T00:00:00Z' });
    const lists: ListInput[] = [];
    gd.on(ListFindingsCommand).callsFake(async (input: ListInput) => {
      lists.push(input);
      return { FindingIds: input.DetectorId === 'det-b' ? ['f-critical'] : [] };
    });
    for (const region of ['eu-west-1', 'eu-south-1']) {
      const { data } = await collectIn(guarddutyCollector, region, ['eu-west-1', 'eu-south-1']);
      if (!data.detectors.ok) throw new Error('not read');
      expect(data.detectors.value.map((d) => [d.id, d.arn, d.openHighFindings])).toEqual([
        ['det-a', `arn:aws:guardduty:${region}:123456789012:detector/det-a`, { ok: true, value: { ids: [], more: false } }],
        ['det-b', `arn:aws:guardduty:${region}:123456789012:detector/det-b`, { ok: true, value: { ids: ['f-critical'], more: false } }],
      ]);
    }
    expect(regions).toEqual(['eu-west-1', 'eu-west-1', 'eu-south-1', 'eu-south-1']);
    for (const l of lists) {
      expect(l.MaxResults).toBe(50);
      expect(l.FindingCriteria?.Criterion).toEqual({ severity: { GreaterThanOrEqual: 7 }, 'service.archived': { Equals: ['false'] } });
    }
  });

  it('keeps paging past empty ListFindings pages that carry a NextToken, and stops at the first page with a finding', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['det'] });
    gd.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'arn:role', CreatedAt: '2025-01-01T00:00:00Z' });
    const tokens: (string | undefined)[] = [];
    gd.on(ListFindingsCommand).callsFake(async (input: ListInput) => {
      tokens.push(input.NextToken);
      const n = Number(input.NextToken ?? 0);
      return n < 2 ? { FindingIds: [], NextToken: String(n + 1) } : { FindingIds: ['f1', 'f2'], NextToken: String(n + 1) };
    });
    const { data } = await collectIn(guarddutyCollector, 'eu-west-1');
    if (!data.detectors.ok) throw new Error('not read');
    expect(tokens).toEqual([undefined, '1', '2']);
    expect(data.detectors.value[0]!.openHighFindings).toEqual({ ok: true, value: { ids: ['f1', 'f2'], more: true } });
    const s = compliantSnapshot();
    s.data.guardduty = data;
    expect(guardduty_no_open_high_findings.evaluate(s)[0]!.status).toBe('fail');
  });

  it('gives up after a bounded number of empty pages and says the listing is unfinished (an error, not a pass)', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['det'] });
    gd.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'arn:role', CreatedAt: '2025-01-01T00:00:00Z' });
    gd.on(ListFindingsCommand).callsFake(async (input: ListInput) => ({ FindingIds: [], NextToken: `${input.NextToken ?? ''}x` }));
    const { data } = await collectIn(guarddutyCollector, 'eu-west-1');
    expect(gd.commandCalls(ListFindingsCommand)).toHaveLength(GUARDDUTY_MAX_EMPTY_PAGES);
    const s = compliantSnapshot();
    s.data.guardduty = data;
    const [f] = guardduty_no_open_high_findings.evaluate(s);
    expect(f!.status).toBe('error');
    expect(f!.message).toContain('guardduty:ListFindings');
  });

  it('reads a suspended detector as DISABLED', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['det'] });
    gd.on(GetDetectorCommand).resolves({ Status: 'DISABLED', ServiceRole: 'arn:role', CreatedAt: '2025-01-01T00:00:00Z' });
    gd.on(ListFindingsCommand).resolves({ FindingIds: [] });
    const { data } = await collectIn(guarddutyCollector, 'eu-west-1');
    expect(data.detectors.ok && data.detectors.value[0]!.status).toEqual({ ok: true, value: 'DISABLED' });
  });

  it("maps the protection plans of GetDetector Features and reads a member's administrator without asking for the organisation setting", async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['det'] });
    gd.on(GetDetectorCommand).resolves({
      Status: 'ENABLED',
      ServiceRole: 'arn:role',
      Features: [
        { Name: 'S3_DATA_EVENTS', Status: 'DISABLED', UpdatedAt: new Date('2025-01-01T00:00:00Z') },
        { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
      ],
    });
    gd.on(ListFindingsCommand).resolves({ FindingIds: [] });
    gd.on(GetAdministratorAccountCommand).resolves({
      Administrator: { AccountId: '210987654321', InvitationId: 'inv', RelationshipStatus: 'Enabled', InvitedAt: '2025-01-01T00:00:00Z' },
    });
    const { data, calls } = await collectIn(guarddutyCollector, 'eu-west-1');
    if (!data.detectors.ok) throw new Error('not read');
    const det = data.detectors.value[0]!;
    expect(det.features).toEqual({
      ok: true,
      value: [
        { name: 'S3_DATA_EVENTS', status: 'DISABLED' },
        { name: 'RDS_LOGIN_EVENTS', status: 'ENABLED' },
      ],
    });
    expect(det.management).toEqual({ ok: true, value: { administrator: { accountId: '210987654321', relationshipStatus: 'Enabled' }, organization: null } });
    expect(calls).not.toContain('guardduty:DescribeOrganizationConfiguration');
    const s = compliantSnapshot();
    s.data.guardduty = data;
    expect(guardduty_s3_protection_enabled.evaluate(s)[0]!.status).toBe('fail');
    const [managed] = guardduty_centrally_managed.evaluate(s);
    expect(managed!.status).toBe('pass');
    expect(managed!.message).toContain('can only be read in 210987654321');
  });

  it('reads the auto-enable setting in the delegated administrator, and takes a BadRequestException as "not the administrator" (a fail, not an error)', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['det'] });
    gd.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'arn:role' });
    gd.on(ListFindingsCommand).resolves({ FindingIds: [] });
    gd.on(GetAdministratorAccountCommand).resolves({});
    gd.on(DescribeOrganizationConfigurationCommand).resolves({ AutoEnableOrganizationMembers: 'ALL', MemberAccountLimitReached: false });
    const admin = await collectIn(guarddutyCollector, 'eu-west-1');
    if (!admin.data.detectors.ok) throw new Error('not read');
    expect(admin.data.detectors.value[0]!.management).toEqual({
      ok: true,
      value: { organization: { autoEnableMembers: 'ALL', memberAccountLimitReached: false } },
    });
    expect(admin.data.detectors.value[0]!.features).toEqual({ ok: true, value: [] });

    const refused = Object.assign(new Error('The request failed because you do not have required AWS Organization master permission.'), {
      name: 'BadRequestException',
    });
    gd.on(DescribeOrganizationConfigurationCommand).rejects(refused);
    const standalone = await collectIn(guarddutyCollector, 'eu-west-1');
    if (!standalone.data.detectors.ok) throw new Error('not read');
    expect(standalone.data.detectors.value[0]!.management).toEqual({ ok: true, value: { organization: null } });
    const s = compliantSnapshot();
    s.data.guardduty = standalone.data;
    expect(guardduty_centrally_managed.evaluate(s)[0]!.status).toBe('fail');
  });

  it('records a denied GetAdministratorAccount on that detector only: the other reads still answer', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['det'] });
    gd.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'arn:role', Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }] });
    gd.on(ListFindingsCommand).resolves({ FindingIds: [] });
    gd.on(GetAdministratorAccountCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const { data } = await collectIn(guarddutyCollector, 'eu-west-1');
    if (!data.detectors.ok) throw new Error('not read');
    const det = data.detectors.value[0]!;
    expect(det.management.ok ? undefined : det.management.error).toMatchObject({ call: 'guardduty:GetAdministratorAccount', kind: 'denied' });
    expect(det.status).toEqual({ ok: true, value: 'ENABLED' });
    const s = compliantSnapshot();
    s.data.guardduty = data;
    expect(guardduty_centrally_managed.evaluate(s)[0]!.status).toBe('error');
    expect(guardduty_s3_protection_enabled.evaluate(s)[0]!.status).toBe('pass');
  });
});
