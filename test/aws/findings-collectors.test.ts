import {
  GetFindingsCommand as GdGetFindings,
  ListDetectorsCommand,
  ListFindingsCommand as GdListFindings,
  type Finding as GdFinding,
} from '@aws-sdk/client-guardduty';
import { GetFindingsCommand as MacieGetFindings } from '@aws-sdk/client-macie2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { collectGuardDutyFindings } from '../../src/aws/collectors/guardduty-findings.js';
import { collectMacieFindings } from '../../src/aws/collectors/macie-findings.js';
import type { Finding, FindingsCollection } from '../../src/findings/types.js';
import { FakeFindingServices, gdFinding, macieFinding } from '../helpers/aws-findings.js';

const clients = () => new AwsClients({ defaultRegion: 'eu-west-1' });
const T0 = Date.UTC(2026, 0, 1);
/** `count` findings, the i-th (0-based) updated at `at(i)`. */
const gd = (count: number, at: (i: number) => number) => Array.from({ length: count }, (_, i) => gdFinding(i + 1, { updatedAtMs: at(i) }));
const mc = (count: number, at: (i: number) => number) => Array.from({ length: count }, (_, i) => macieFinding(i + 1, { updatedAt: new Date(at(i)) }));
const distinct = (i: number) => T0 + i * 1000;
/** Findings 20–70 share one updatedAt; the others are distinct, before and after it. */
const tied = (i: number) => (i < 20 ? T0 + i * 1000 : i <= 70 ? T0 + 20_000 : T0 + 20_000 + (i - 70) * 1000);

function found(c: FindingsCollection): Finding[] {
  if (c.status !== 'ok') throw new Error(`collection is ${c.status}: ${c.reason}`);
  return c.findings;
}
const ms = (f: { updatedAt: string }) => Date.parse(f.updatedAt);

/**
 * What a limited read must be for the poll's cut and watermark to be right: every finding of the
 * service older than the newest one returned is returned (those at that time may be listed again).
 */
function expectCompleteBelowNewest(returned: Finding[], all: { id: string; at: number }[]) {
  const newest = Math.max(...returned.map(ms));
  const ids = new Set(returned.map((f) => f.id));
  expect(all.filter((f) => f.at < newest && !ids.has(f.id)).map((f) => f.id)).toEqual([]);
}

describe('the GuardDuty findings collector with a limit', () => {
  let aws: FakeFindingServices;
  beforeEach(() => {
    aws = new FakeFindingServices();
  });
  afterEach(() => aws.restore());
  const all = () => [...aws.guardduty.values()].map((f) => ({ id: f.Id!, at: Date.parse(f.UpdatedAt!) }));
  const fetched = () => new Set(aws.gdGetCalls.flat());

  it('reads one page for a limit of 30 out of 120 findings, two for a limit of 60, everything without a limit', async () => {
    aws.addGuardDuty(...gd(120, distinct));
    const thirty = found(await collectGuardDutyFindings(clients(), 'eu-west-1', { minSeverity: 'low', limit: 30 }));
    expect(aws.gdListCalls).toHaveLength(1);
    expect(aws.gdGetCalls.map((ids) => ids.length)).toEqual([50]);
    // The 30 oldest, and the oldest newer one (which lets a poll whose 30 were all seen move on); only fetched ones.
    expect(thirty.map((f) => f.id)).toEqual(Array.from({ length: 31 }, (_, i) => gdFinding(i + 1).Id));
    expect(thirty.every((f) => fetched().has(f.id))).toBe(true);
    expectCompleteBelowNewest(thirty, all());

    aws.gdListCalls.length = 0;
    aws.gdGetCalls.length = 0;
    const sixty = found(await collectGuardDutyFindings(clients(), 'eu-west-1', { minSeverity: 'low', limit: 60 }));
    expect(aws.gdListCalls).toHaveLength(2);
    expect(aws.gdGetCalls.map((ids) => ids.length)).toEqual([50, 50]);
    expect(sixty).toHaveLength(61);
    expectCompleteBelowNewest(sixty, all());

    aws.gdListCalls.length = 0;
    aws.gdGetCalls.length = 0;
    expect(found(await collectGuardDutyFindings(clients(), 'eu-west-1', { minSeverity: 'low' }))).toHaveLength(120);
    expect(aws.gdListCalls).toHaveLength(3);
    expect(aws.gdGetCalls.map((ids) => ids.length)).toEqual([50, 50, 20]);
  });

  it('sorts what GetFindings answers before counting: it need not come in the order of the ids', async () => {
    aws.addGuardDuty(...gd(120, distinct));
    aws.gdMock.on(GdGetFindings).callsFake((input: { FindingIds: string[] }) => {
      aws.gdGetCalls.push(input.FindingIds);
      return { Findings: input.FindingIds.map((id) => aws.guardduty.get(id)).reverse() };
    });
    const findings = found(await collectGuardDutyFindings(clients(), 'eu-west-1', { minSeverity: 'low', limit: 30 }));
    expect(aws.gdListCalls).toHaveLength(1);
    expect(findings.map((f) => f.id)).toEqual(Array.from({ length: 31 }, (_, i) => gdFinding(i + 1).Id));
  });

  it('keeps reading while findings tie with the limit-th: none of the tied ones is missing', async () => {
    aws.addGuardDuty(...gd(80, tied));
    const findings = found(await collectGuardDutyFindings(clients(), 'eu-west-1', { minSeverity: 'low', limit: 25 }));
    expect(aws.gdListCalls).toHaveLength(2);
    expect(aws.gdGetCalls).toHaveLength(2);
    const tie = all().filter((f) => f.at === T0 + 20_000);
    expect(tie).toHaveLength(51);
    const ids = new Set(findings.map((f) => f.id));
    expect(tie.filter((f) => !ids.has(f.id))).toEqual([]);
    expectCompleteBelowNewest(findings, all());
  });

  it('after a tie that runs into a second page, stops with more pages left and returns nothing newer than the oldest newer one', async () => {
    aws.addGuardDuty(...gd(200, tied));
    const findings = found(await collectGuardDutyFindings(clients(), 'eu-west-1', { minSeverity: 'low', limit: 25 }));
    expect(aws.gdListCalls).toHaveLength(2);
    expect(aws.gdGetCalls).toHaveLength(2);
    // 0–19, the 51 tied, and the first one after them (index 71).
    expect(findings.map((f) => f.id)).toEqual(Array.from({ length: 72 }, (_, i) => gdFinding(i + 1).Id));
    expectCompleteBelowNewest(findings, all());
  });

  it('with two detectors, returns nothing newer than what both were read to', async () => {
    const byDetector: Record<string, GdFinding[]> = {
      'det-a': gd(120, (i) => T0 + (i + 1) * 1000).map((f) => ({ ...f, Id: `a${f.Id}`, Service: { ...f.Service, DetectorId: 'det-a' } })),
      'det-b': gd(120, (i) => T0 + (i + 61) * 1000).map((f) => ({ ...f, Id: `b${f.Id}`, Service: { ...f.Service, DetectorId: 'det-b' } })),
    };
    aws.gdMock.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-a', 'det-b'] });
    aws.gdMock.on(GdListFindings).callsFake((input: { DetectorId: string; NextToken?: string }) => {
      aws.gdListCalls.push(input);
      const ids = byDetector[input.DetectorId]!.map((f) => f.Id!);
      const start = Number(input.NextToken ?? 0);
      return { FindingIds: ids.slice(start, start + 50), NextToken: start + 50 < ids.length ? String(start + 50) : undefined };
    });
    aws.gdMock.on(GdGetFindings).callsFake((input: { DetectorId: string; FindingIds: string[] }) => {
      aws.gdGetCalls.push(input.FindingIds);
      return { Findings: byDetector[input.DetectorId]!.filter((f) => input.FindingIds.includes(f.Id!)) };
    });
    const findings = found(await collectGuardDutyFindings(clients(), 'eu-west-1', { minSeverity: 'low', limit: 30 }));
    expect(aws.gdListCalls).toHaveLength(2);
    expect(aws.gdGetCalls).toHaveLength(2);
    // det-a was read to its 31st finding (second 31); det-b's findings from second 61 on are newer than that.
    expect(findings).toHaveLength(31);
    expect(findings.every((f) => f.id.startsWith('a'))).toBe(true);
    const every = Object.values(byDetector)
      .flat()
      .map((f) => ({ id: f.Id!, at: Date.parse(f.UpdatedAt!) }));
    expectCompleteBelowNewest(findings, every);
  });

  it('reports a failed GetFindings as an error with the reason, not as fewer findings', async () => {
    aws.addGuardDuty(...gd(120, distinct));
    aws.gdMock.on(GdGetFindings).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException', $metadata: {} }));
    expect(await collectGuardDutyFindings(clients(), 'eu-west-1', { minSeverity: 'low', limit: 30 })).toEqual({
      status: 'error',
      reason: 'AccessDeniedException: not allowed',
    });
  });
});

describe('the Macie findings collector with a limit', () => {
  let aws: FakeFindingServices;
  beforeEach(() => {
    aws = new FakeFindingServices();
  });
  afterEach(() => aws.restore());
  const all = () => [...aws.macie.values()].map((f) => ({ id: f.id!, at: f.updatedAt!.getTime() }));

  it('reads one page for a limit of 30 out of 120 findings, everything without a limit', async () => {
    aws.addMacie(...mc(120, distinct));
    const findings = found(await collectMacieFindings(clients(), 'eu-west-1', { minSeverity: 'low', limit: 30 }));
    expect(aws.macieListCalls).toHaveLength(1);
    expect(aws.macieGetCalls.map((ids) => ids.length)).toEqual([50]);
    expect(findings.map((f) => f.id)).toEqual(Array.from({ length: 31 }, (_, i) => macieFinding(i + 1).id));
    const fetched = new Set(aws.macieGetCalls.flat());
    expect(findings.every((f) => fetched.has(f.id))).toBe(true);
    expectCompleteBelowNewest(findings, all());

    aws.macieListCalls.length = 0;
    aws.macieGetCalls.length = 0;
    expect(found(await collectMacieFindings(clients(), 'eu-west-1', { minSeverity: 'low' }))).toHaveLength(120);
    expect(aws.macieListCalls).toHaveLength(3);
    expect(aws.macieGetCalls.map((ids) => ids.length)).toEqual([50, 50, 20]);
  });

  it('sorts what GetFindings answers before counting', async () => {
    aws.addMacie(...mc(120, distinct));
    aws.macieMock.on(MacieGetFindings).callsFake((input: { findingIds: string[] }) => {
      aws.macieGetCalls.push(input.findingIds);
      return { findings: input.findingIds.map((id) => aws.macie.get(id)).reverse() };
    });
    const findings = found(await collectMacieFindings(clients(), 'eu-west-1', { minSeverity: 'low', limit: 30 }));
    expect(aws.macieListCalls).toHaveLength(1);
    expect(findings.map((f) => f.id)).toEqual(Array.from({ length: 31 }, (_, i) => macieFinding(i + 1).id));
  });

  it('keeps reading while findings tie with the limit-th: none of the tied ones is missing', async () => {
    aws.addMacie(...mc(80, tied));
    const findings = found(await collectMacieFindings(clients(), 'eu-west-1', { minSeverity: 'low', limit: 25 }));
    expect(aws.macieListCalls).toHaveLength(2);
    expect(aws.macieGetCalls).toHaveLength(2);
    const tie = all().filter((f) => f.at === T0 + 20_000);
    expect(tie).toHaveLength(51);
    const ids = new Set(findings.map((f) => f.id));
    expect(tie.filter((f) => !ids.has(f.id))).toEqual([]);
    expectCompleteBelowNewest(findings, all());
  });

  it('after a tie that runs into a second page, stops with more pages left', async () => {
    aws.addMacie(...mc(200, tied));
    const findings = found(await collectMacieFindings(clients(), 'eu-west-1', { minSeverity: 'low', limit: 25 }));
    expect(aws.macieListCalls).toHaveLength(2);
    expect(aws.macieGetCalls).toHaveLength(2);
    expect(findings.map((f) => f.id)).toEqual(Array.from({ length: 72 }, (_, i) => macieFinding(i + 1).id));
    expectCompleteBelowNewest(findings, all());
  });
});
