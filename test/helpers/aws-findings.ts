import {
  GetFindingsCommand as GdGetFindings,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand as GdListFindings,
  ArchiveFindingsCommand,
  type Finding as GdFinding,
  type ListFindingsCommandInput as GdListInput,
} from '@aws-sdk/client-guardduty';
import {
  GetFindingsCommand as MacieGetFindings,
  GetMacieSessionCommand,
  ListFindingsCommand as MacieListFindings,
  Macie2Client,
  type Finding as MacieFinding,
  type ListFindingsCommandInput as MacieListInput,
} from '@aws-sdk/client-macie2';
import { mockClient } from 'aws-sdk-client-mock';

export const ACCOUNT = '111122223333';

/** A synthetic GuardDuty finding. */
export function gdFinding(n: number, overrides: Partial<GdFinding> & { updatedAtMs?: number } = {}): GdFinding {
  const { updatedAtMs, ...rest } = overrides;
  const updated = new Date(updatedAtMs ?? Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
  return {
    AccountId: ACCOUNT,
    Arn: `arn:aws:guardduty:eu-west-1:${ACCOUNT}:detector/det-1/finding/${n}`,
    CreatedAt: updated,
    Id: `gd${String(n).padStart(6, '0')}`,
    Region: 'eu-west-1',
    Resource: { ResourceType: 'Instance', InstanceDetails: { InstanceId: `i-${String(n).padStart(8, '0')}` } },
    SchemaVersion: '2.0',
    Service: { Archived: false, Count: 1, DetectorId: 'det-1', EventFirstSeen: updated, EventLastSeen: updated, ServiceName: 'guardduty' },
    Severity: 5,
    Title: `Synthetic finding ${n}`,
    Type: 'Recon:EC2/PortProbeUnprotectedPort',
    UpdatedAt: updated,
    ...rest,
  };
}

/** A synthetic Macie finding. */
export function macieFinding(n: number, overrides: Partial<MacieFinding> = {}): MacieFinding {
  const updated = new Date(Date.UTC(2026, 0, 1, 0, 0, n));
  return {
    accountId: ACCOUNT,
    archived: false,
    category: 'CLASSIFICATION',
    count: 1,
    createdAt: updated,
    id: `mc${String(n).padStart(6, '0')}`,
    region: 'eu-west-1',
    resourcesAffected: { s3Bucket: { name: `bucket-${n}`, publicAccess: { effectivePermission: 'NOT_PUBLIC' } }, s3Object: { key: `people/${n}.csv` } },
    severity: { description: 'High', score: 3 },
    title: `Personal data in object ${n}`,
    type: 'SensitiveData:S3Object/Personal',
    updatedAt: updated,
    ...overrides,
  };
}

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

/**
 * GuardDuty and Macie as aws-sdk-client-mock fakes that honour the criteria, the sort order and the
 * page size the collectors send, and record every call.
 */
export class FakeFindingServices {
  readonly guardduty = new Map<string, GdFinding>();
  readonly macie = new Map<string, MacieFinding>();
  detectors = ['det-1'];
  macieEnabled = true;
  readonly gdListCalls: GdListInput[] = [];
  readonly gdGetCalls: string[][] = [];
  readonly macieListCalls: MacieListInput[] = [];
  readonly macieGetCalls: string[][] = [];
  readonly archived: string[][] = [];
  readonly gdMock = mockClient(GuardDutyClient);
  /** Bumped on every change, so a listing is computed once per query rather than once per page. */
  private version = 0;
  private listed: { key: string; ids: string[] } | undefined;
  readonly macieMock = mockClient(Macie2Client);

  constructor() {
    this.gdMock.on(ListDetectorsCommand).callsFake(() => ({ DetectorIds: [...this.detectors] }));
    this.gdMock.on(GdListFindings).callsFake((input: GdListInput) => {
      this.gdListCalls.push(input);
      const c = input.FindingCriteria?.Criterion ?? {};
      const since = c.updatedAt?.GreaterThanOrEqual ?? 0;
      const minScore = c.severity?.GreaterThanOrEqual ?? 0;
      const key = `${this.version}|${since}|${minScore}`;
      if (this.listed?.key !== key) {
        const ids = [...this.guardduty.values()]
          .filter((f) => !f.Service?.Archived && (f.Severity ?? 0) >= minScore && Date.parse(f.UpdatedAt!) >= since)
          .sort((a, b) => Date.parse(a.UpdatedAt!) - Date.parse(b.UpdatedAt!))
          .map((f) => f.Id!);
        this.listed = { key, ids };
      }
      const ids = this.listed.ids;
      const start = Number(input.NextToken ?? 0);
      const size = Math.min(input.MaxResults ?? 50, 50);
      const page = ids.slice(start, start + size);
      return { FindingIds: page, NextToken: start + size < ids.length ? String(start + size) : undefined };
    });
    this.gdMock.on(GdGetFindings).callsFake((input: { FindingIds: string[] }) => {
      if (input.FindingIds.length > 50) throw awsError('BadRequestException', 'at most 50 finding ids');
      this.gdGetCalls.push(input.FindingIds);
      return { Findings: input.FindingIds.map((id) => this.guardduty.get(id)).filter(Boolean) };
    });
    this.gdMock.on(ArchiveFindingsCommand).callsFake((input: { FindingIds: string[] }) => {
      this.archived.push(input.FindingIds);
      this.version++;
      for (const id of input.FindingIds) {
        const f = this.guardduty.get(id);
        if (f) f.Service = { ...f.Service, Archived: true };
      }
      return {};
    });
    this.macieMock.on(GetMacieSessionCommand).callsFake(() => {
      if (!this.macieEnabled) throw awsError('AccessDeniedException', 'Macie is not enabled.');
      return { status: 'ENABLED' };
    });
    this.macieMock.on(MacieListFindings).callsFake((input: MacieListInput) => {
      this.macieListCalls.push(input);
      const c = input.findingCriteria?.criterion ?? {};
      const since = c.updatedAt?.gte ?? 0;
      const levels = c['severity.description']?.eq;
      const ids = [...this.macie.values()]
        .filter((f) => !f.archived && (!levels || levels.includes(f.severity!.description!)) && f.updatedAt!.getTime() >= since)
        .sort((a, b) => a.updatedAt!.getTime() - b.updatedAt!.getTime())
        .map((f) => f.id!);
      const start = Number(input.nextToken ?? 0);
      const size = Math.min(input.maxResults ?? 50, 50);
      return { findingIds: ids.slice(start, start + size), nextToken: start + size < ids.length ? String(start + size) : undefined };
    });
    this.macieMock.on(MacieGetFindings).callsFake((input: { findingIds: string[] }) => {
      if (input.findingIds.length > 50) throw awsError('ValidationException', 'at most 50 finding ids');
      this.macieGetCalls.push(input.findingIds);
      return { findings: input.findingIds.map((id) => this.macie.get(id)).filter(Boolean) };
    });
  }

  addGuardDuty(...findings: GdFinding[]): void {
    for (const f of findings) this.guardduty.set(f.Id!, f);
    this.version++;
  }
  addMacie(...findings: MacieFinding[]): void {
    for (const f of findings) this.macie.set(f.id!, f);
  }

  restore(): void {
    this.gdMock.restore();
    this.macieMock.restore();
  }
}
