import type { ChainableCommander } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditInput } from '../../src/audit/log.js';
import type { AwsClients } from '../../src/aws/clients.js';
import { configSchema } from '../../src/config/schema.js';
import { archiveFinding, type ArchiveFlowDeps } from '../../src/findings/archive.js';
import type { StoredFinding } from '../../src/findings/types.js';
import type { OutboundMessage } from '../../src/notify/outbox.js';
import { StopRetrying } from '../../src/queues/retry.js';

const APPROVER = 'U0APPROVER';
const FIRST_TRY = { made: 0, max: 3 };
const LAST_TRY = { made: 2, max: 3 };

const finding = (over: Partial<StoredFinding> = {}): StoredFinding => ({
  id: 'gd-1',
  source: 'guardduty',
  type: 'Recon:EC2/PortProbeUnprotectedPort',
  title: 'Unprotected port probed',
  severity: 'high',
  account: '111122223333',
  region: 'eu-west-1',
  resource: { kind: 'Instance', instanceId: 'i-0abc' },
  firstSeen: '2026-02-28T09:00:00Z',
  lastSeen: '2026-02-28T09:00:00Z',
  updatedAt: '2026-02-28T09:00:00Z',
  count: 1,
  archived: false,
  detectorId: 'det-1',
  channel: 'C0FINDINGS',
  ref: 'finding:gd-1',
  ...over,
});

describe('archiveFinding (fakes, a fake clock)', () => {
  let clock: Date;
  let stored: Map<string, StoredFinding>;
  let staged: StoredFinding[];
  let sent: OutboundMessage[];
  let audited: AuditInput[];
  let calls: { account: string; region: string; input: unknown }[];
  let fail: Error | undefined;

  const aws = (account: string): AwsClients =>
    ({
      get: (_client: unknown, region: string) => ({
        send: async (command: { input: unknown }) => {
          calls.push({ account, region, input: command.input });
          if (fail) throw fail;
          return {};
        },
      }),
      forAccount: (target: { accountId: string }) => aws(target.accountId),
    }) as unknown as AwsClients;

  const deps = (config = configSchema.parse({})): ArchiveFlowDeps => ({
    config,
    store: {
      get: async (id) => stored.get(id),
      stage: (_tx, states) => void staged.push(...states),
    },
    outbox: {
      send: async (...m) => void sent.push(...m),
      sendWith: async (m, also) => {
        sent.push(...m);
        also?.({} as ChainableCommander);
      },
    },
    audit: { append: async (entry) => (audited.push(entry), {}) as never },
    aws: aws('self'),
    now: () => clock,
  });

  beforeEach(() => {
    clock = new Date('2026-03-01T09:00:00Z');
    stored = new Map([['gd-1', finding()]]);
    staged = [];
    sent = [];
    audited = [];
    calls = [];
    fail = undefined;
  });

  it('archives in GuardDuty, stamps who and when (the clock), audits and updates the message in one hand-over', async () => {
    expect(await archiveFinding(deps(), { findingId: 'gd-1', requestedBy: APPROVER }, FIRST_TRY)).toEqual({ archived: true });
    expect(calls).toEqual([{ account: 'self', region: 'eu-west-1', input: { DetectorId: 'det-1', FindingIds: ['gd-1'] } }]);
    expect(staged).toEqual([{ ...finding(), archived: true, archivedBy: APPROVER, archivedAt: '2026-03-01T09:00:00.000Z' }]);
    expect(audited).toEqual([
      {
        actor: APPROVER,
        action: 'finding.archived',
        subject: 'gd-1',
        detail: { source: 'guardduty', type: finding().type, account: '111122223333', region: 'eu-west-1' },
      },
    ]);
    expect(sent).toEqual([expect.objectContaining({ kind: 'update', channel: 'C0FINDINGS', ref: 'finding:gd-1' })]);
  });

  it('archives a member account finding with that account role', async () => {
    const config = configSchema.parse({
      channels: { findings: 'C0FINDINGS' },
      findings: { accounts: [{ id: '111122223333', roleArn: 'arn:aws:iam::111122223333:role/gdpr-bot' }] },
    });
    await archiveFinding(deps(config), { findingId: 'gd-1', requestedBy: APPROVER }, FIRST_TRY);
    expect(calls.map((c) => c.account)).toEqual(['111122223333']);
  });

  it('does nothing for a finding already archived, and stops retrying for one it cannot archive', async () => {
    stored.set('gd-1', finding({ archived: true }));
    expect(await archiveFinding(deps(), { findingId: 'gd-1', requestedBy: APPROVER }, FIRST_TRY)).toEqual({ archived: true });
    await expect(archiveFinding(deps(), { findingId: 'nope', requestedBy: APPROVER }, FIRST_TRY)).rejects.toThrow(new StopRetrying('unknown finding nope'));
    stored.set('mc-1', finding({ id: 'mc-1', source: 'macie', detectorId: undefined }));
    await expect(archiveFinding(deps(), { findingId: 'mc-1', requestedBy: APPROVER }, FIRST_TRY)).rejects.toThrow(StopRetrying);
    expect([calls, staged, audited, sent]).toEqual([[], [], [], []]);
  });

  it('retries a passing failure before the last attempt; on the last one, or at once for AccessDenied, audits it and tells the approver', async () => {
    fail = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    await expect(archiveFinding(deps(), { findingId: 'gd-1', requestedBy: APPROVER }, FIRST_TRY)).rejects.toThrow(fail);
    expect([audited, sent]).toEqual([[], []]);
    await expect(archiveFinding(deps(), { findingId: 'gd-1', requestedBy: APPROVER }, LAST_TRY)).rejects.toThrow(
      new StopRetrying('ThrottlingException: Rate exceeded'),
    );
    fail = Object.assign(new Error('not the administrator'), { name: 'AccessDeniedException' });
    await expect(archiveFinding(deps(), { findingId: 'gd-1', requestedBy: APPROVER }, FIRST_TRY)).rejects.toThrow(StopRetrying);
    expect(audited.map((a) => [a.action, (a.detail as { reason: string }).reason])).toEqual([
      ['finding.archive_failed', 'ThrottlingException: Rate exceeded'],
      ['finding.archive_failed', 'AccessDeniedException: not the administrator'],
    ]);
    expect(sent).toEqual([
      {
        kind: 'ephemeral',
        channel: 'C0FINDINGS',
        user: APPROVER,
        text: expect.stringMatching(/^:x: Archiving GuardDuty finding `gd-1` failed: ThrottlingException: Rate exceeded\./),
      },
      {
        kind: 'ephemeral',
        channel: 'C0FINDINGS',
        user: APPROVER,
        text: expect.stringContaining("Only GuardDuty's administrator account can archive findings."),
      },
    ]);
    expect(staged).toEqual([]);
  });
});
