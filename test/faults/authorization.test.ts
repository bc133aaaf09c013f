import { encodeFixValue } from '../../src/checks/messages.js';
import { EC2Client, EnableEbsEncryptionByDefaultCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessFlow } from '../../src/access/flow.js';
import { FindingStore } from '../../src/findings/store.js';
import type { FixResolver, FixVerifier } from '../../src/remediations/engine.js';
import { requestStore } from '../../src/remediations/requests.js';
import { FakeFindingServices, gdFinding } from '../helpers/aws-findings.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { interactions, until } from '../helpers/interactions.js';

/**
 * The authorization matrix of issue 7: every approve / reject of a remediation request, approve / deny /
 * revoke of an access request or grant, and archive of a GuardDuty finding, clicked by each kind of
 * actor. Only the allowed clicks may change anything: the state in Redis, the AWS calls seen on the
 * mocks and the audit log; refused clicks get an ephemeral `:no_entry:` answer and change none of them.
 */

const REQUESTER = 'U0000REQ1';
const GUEST = 'U0000GUEST';
const ACTORS = {
  /** Asked for the thing, and is listed as an approver too. */
  requester: REQUESTER,
  'non-approver': 'U0000NOBODY',
  /** A guest account (is_restricted) listed as an approver. */
  guest: GUEST,
  approver: 'U0000APPR1',
  'second approver': 'U0000APPR2',
} as const;
type Actor = keyof typeof ACTORS;
const ROLE_ARN = 'arn:aws:iam::123456789012:role/gdpr-jit-readonly';

/** A Fix on `ebs_default_encryption` for `<account>/<name>` → the EBS fix, one distinct target per name (so rows do not share a request). */
const resolver: FixResolver = {
  resolve: (request) =>
    Promise.resolve(
      request.checkId === 'ebs_default_encryption'
        ? { remediationId: 'ebs-enable-default-encryption', target: { region: request.resource!.split('/')[1] } }
        : { error: `no fix for ${request.checkId}` },
    ),
};
const fixValue = (name: string) =>
  encodeFixValue({ checkId: 'ebs_default_encryption', accountId: '123456789012', region: 'eu-west-1', resource: `123456789012/${name}` })!;
const verifier: FixVerifier = { verify: (_id, target) => Promise.resolve({ status: 'pass', message: `EBS encryption by default is on in ${target.region}.` }) };

/** What an allowed click leads to, or the refusal the clicker must see. */
type Outcome = { allowed: true; answer: RegExp; status: string } | { allowed: false; answer: RegExp };

interface Row {
  actor: Actor;
  /** Clicks made (and settled) before the one under test, on the same subject. */
  before?: { actor: Actor; action: string }[];
  outcome: Outcome;
  /** Extra subject options (e.g. the access role). */
  variant?: string;
}

/** What one kind of subject (a remediation request, an access request, a grant, a finding) offers the matrix. */
interface Subject {
  create(variant?: string): Promise<string>;
  click(id: string, action: string, userId: string): Promise<Record<string, unknown>>;
  status(id: string): Promise<string>;
  /** Everything an allowed click could change, as one comparable value. */
  effects(id: string): Promise<unknown>;
}

describe('fault: the authorization matrix (every decision button, every kind of actor)', () => {
  let t: TestBot;
  let ui: ReturnType<typeof interactions>;
  const ec2 = mockClient(EC2Client);
  const sts = mockClient(STSClient);
  const iam = mockClient(IAMClient);
  let findings: FakeFindingServices;
  let n = 0;

  /** Waits until no job is waiting or running on the queues a decision can start. */
  async function settle(): Promise<void> {
    const queues = ['remediation', 'access-lifecycle', 'access-revoke', 'findings-archive'] as const;
    await until('the jobs started by the clicks to finish', async () => {
      for (const q of queues) {
        const counts = (await t.bot.services.queues.get(q).getJobCounts('waiting', 'active', 'prioritized')) as Record<string, number>;
        if (Object.values(counts).some((c) => c > 0)) return false;
      }
      return true;
    });
  }

  const auditWithoutRefusals = async (id: string) => (await ui.auditActions(id)).filter((a) => !/refused/.test(a));

  const remediation: Subject = {
    async create() {
      const answer = await ui.click('remediation_fix', fixValue(`authz-${++n}`), REQUESTER, { channelId: 'C0000STAT', messageTs: `1700000${n}.000100` });
      const id = /`(R[0-9A-F]{10})`/.exec(String(answer.text))?.[1];
      expect(id, String(answer.text)).toBeDefined();
      await until('the plan', async () => (await remediation.status(id!)) === 'pending');
      await settle();
      return id!;
    },
    click: (id, action, userId) => ui.click(action === 'approve' ? 'remediation_approve' : 'remediation_reject', id, userId, { channelId: 'C0000APPR' }),
    status: async (id) => (await requestStore(t.bot.services).get(id))?.status ?? 'missing',
    async effects(id) {
      const r = await requestStore(t.bot.services).get(id);
      return {
        status: r?.status,
        approvals: r?.approvals.map((a) => a.by),
        rejectedBy: r?.rejectedBy,
        writes: ec2.commandCalls(EnableEbsEncryptionByDefaultCommand).length,
        audit: await auditWithoutRefusals(id),
      };
    },
  };

  const flow = () => new AccessFlow(t.bot.services);
  const accessStatus = async (id: string) => (await flow().store.get(id))?.status ?? 'missing';
  async function accessEffects(id: string) {
    const r = await flow().store.get(id);
    return {
      status: r?.status,
      approvals: r?.approvals.map((a) => a.by),
      decidedBy: r?.decidedBy,
      roleWrites: iam.commandCalls(PutRolePolicyCommand).length,
      revokeJob: Boolean(await t.bot.services.queues.get('access-revoke').getJob(`revoke-${id}`)),
      audit: await auditWithoutRefusals(id),
    };
  }
  async function fileAccess(role: string): Promise<string> {
    const answer = await t.ask(`access ${role} 30m authorization matrix ${++n}`, { user: REQUESTER });
    const id = /ax-[0-9a-f]{8}/.exec(String(answer.text))?.[0];
    expect(id, String(answer.text)).toBeDefined();
    return id!;
  }
  const accessClick = (id: string, action: string, userId: string) => ui.click(`access_${action}`, id, userId, { channelId: 'C0000APPR' });

  const accessRequest: Subject = {
    create: (variant) => fileAccess(variant ?? 'prod-admin'),
    click: accessClick,
    status: accessStatus,
    effects: accessEffects,
  };

  /** An active grant of prod-readonly, approved by the second approver (so the approver row is not its approver). */
  const grant: Subject = {
    async create() {
      const id = await fileAccess('prod-readonly');
      expect(String((await accessClick(id, 'approve', ACTORS['second approver'])).text)).toMatch(/opens now/);
      await until('the grant to open', async () => (await accessStatus(id)) === 'active');
      // The grant is active a moment before its activation is on the trail: what a click changes is
      // compared with a trail that no longer moves by itself.
      await until('the activation on the trail', async () => (await auditWithoutRefusals(id)).includes('access.activated'));
      await settle();
      return id;
    },
    click: accessClick,
    status: accessStatus,
    effects: accessEffects,
  };

  let nextFinding = 0;
  const finding: Subject = {
    create: () => Promise.resolve(`gd${String(++nextFinding).padStart(6, '0')}`),
    click: (id, _action, userId) => ui.click('finding_archive', id, userId, { channelId: 'C0000FIND' }),
    status: async (id) => ((await new FindingStore(t.bot.services.redis, t.bot.services.keys).get(id))?.archived ? 'archived' : 'open'),
    async effects(id) {
      return { status: await finding.status(id), archiveCalls: findings.archived.length, audit: await auditWithoutRefusals(id) };
    },
  };

  beforeAll(async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
    sts.on(AssumeRoleCommand).rejects(new Error('no session is minted in this test'));
    // The roles exist under their names, and a deny written reads back (the revoke job checks both).
    const written = new Map<string, string>();
    iam
      .on(GetRoleCommand)
      .callsFake(async (input: { RoleName: string }) => ({ Role: { RoleName: input.RoleName, Arn: `arn:aws:iam::123456789012:role/${input.RoleName}` } }));
    iam.on(GetRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyName: string }) => {
      const doc = written.get(input.RoleName);
      if (!doc) throw Object.assign(new Error('not found'), { name: 'NoSuchEntityException' });
      return { RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(doc) };
    });
    iam.on(PutRolePolicyCommand).callsFake(async (input: { RoleName: string; PolicyDocument: string }) => {
      written.set(input.RoleName, input.PolicyDocument);
      return {};
    });
    findings = new FakeFindingServices();
    findings.addGuardDuty(...[1, 2, 3, 4, 5, 6].map((i) => gdFinding(i, { Severity: 8 })));
    t = await startTestBot({
      overrides: { fixResolver: resolver, fixVerifier: verifier },
      config: {
        approvers: { users: [ACTORS.approver, ACTORS['second approver'], GUEST, REQUESTER], usergroups: [] },
        remediation: { minApprovals: 2 },
        access: {
          revokers: [{ account: '123456789012', roleArn: 'arn:aws:iam::123456789012:role/gdpr-bot-jit-revoker' }],
          roles: [
            { name: 'prod-readonly', arn: ROLE_ARN, maxDuration: '4h' },
            { name: 'prod-admin', arn: 'arn:aws:iam::123456789012:role/gdpr-jit-admin', maxDuration: '2h', minApprovals: 2 },
          ],
        },
        findings: { pollInterval: '1h', minSeverity: 'low' },
      },
    });
    t.slack.users.set(GUEST, { id: GUEST, is_restricted: true });
    ui = interactions(t);
    await until('the findings to be posted', async () => (await new FindingStore(t.bot.services.redis, t.bot.services.keys).listOpen()).length === 6, 15_000);
  });
  afterAll(async () => {
    await t?.close();
    ec2.restore();
    sts.restore();
    iam.restore();
    findings?.restore();
  });

  const refused = (answer: RegExp): Outcome => ({ allowed: false, answer });
  const allowed = (answer: RegExp, status: string): Outcome => ({ allowed: true, answer, status });

  const MATRIX: { label: string; subject: () => Subject; action: string; rows: Row[] }[] = [
    {
      label: 'a remediation request',
      subject: () => remediation,
      action: 'approve',
      rows: [
        { actor: 'requester', outcome: refused(/you cannot approve your own request/) },
        { actor: 'non-approver', outcome: refused(/you are not an approver/) },
        { actor: 'guest', outcome: refused(/guest accounts cannot approve/) },
        { actor: 'approver', outcome: allowed(/You approved request R[0-9A-F]{10}; it needs 1 more approval/, 'pending') },
        {
          actor: 'second approver',
          before: [{ actor: 'approver', action: 'approve' }],
          outcome: allowed(/You approved request R[0-9A-F]{10}; the fix is queued/, 'succeeded'),
        },
        { actor: 'second approver', before: [{ actor: 'approver', action: 'reject' }], outcome: refused(/already rejected/) },
      ],
    },
    {
      label: 'a remediation request',
      subject: () => remediation,
      action: 'reject',
      rows: [
        // The requester may withdraw their own request (a rejection changes nothing in AWS).
        { actor: 'requester', outcome: allowed(/You rejected request/, 'rejected') },
        { actor: 'non-approver', outcome: refused(/you are not an approver/) },
        { actor: 'guest', outcome: refused(/guest accounts cannot approve/) },
        { actor: 'approver', outcome: allowed(/You rejected request/, 'rejected') },
        { actor: 'second approver', before: [{ actor: 'approver', action: 'approve' }], outcome: allowed(/You rejected request/, 'rejected') },
      ],
    },
    {
      label: 'an access request',
      subject: () => accessRequest,
      action: 'approve',
      rows: [
        { actor: 'requester', outcome: refused(/You cannot approve your own request/) },
        { actor: 'non-approver', outcome: refused(/you are not an approver/) },
        { actor: 'guest', outcome: refused(/guest accounts cannot approve/) },
        { actor: 'approver', outcome: allowed(/\(1\/2\); it needs another approver/, 'pending') },
        { actor: 'approver', variant: 'prod-readonly', outcome: allowed(/access for <@U0000REQ1> opens now/, 'active') },
        { actor: 'second approver', before: [{ actor: 'approver', action: 'approve' }], outcome: allowed(/access for <@U0000REQ1> opens now/, 'active') },
        { actor: 'second approver', before: [{ actor: 'approver', action: 'deny' }], outcome: refused(/is denied; it cannot be approved/) },
      ],
    },
    {
      label: 'an access request',
      subject: () => accessRequest,
      action: 'deny',
      rows: [
        // The requester's own Deny withdraws the request.
        { actor: 'requester', outcome: allowed(/is now cancelled/, 'cancelled') },
        { actor: 'non-approver', outcome: refused(/you are not an approver/) },
        { actor: 'guest', outcome: refused(/guest accounts cannot approve/) },
        { actor: 'approver', outcome: allowed(/is now denied/, 'denied') },
        { actor: 'second approver', before: [{ actor: 'approver', action: 'approve' }], outcome: allowed(/is now denied/, 'denied') },
      ],
    },
    {
      label: 'an access grant',
      subject: () => grant,
      action: 'revoke',
      rows: [
        { actor: 'requester', outcome: allowed(/is now revoked/, 'revoked') },
        { actor: 'non-approver', outcome: refused(/Only the requester, an approver for this role or an admin can revoke/) },
        { actor: 'guest', outcome: refused(/Only the requester, an approver for this role or an admin can revoke/) },
        { actor: 'approver', outcome: allowed(/is now revoked/, 'revoked') },
        { actor: 'second approver', before: [{ actor: 'approver', action: 'revoke' }], outcome: refused(/is revoked; it cannot be revoked/) },
      ],
    },
    {
      // A finding has no requester: the rows are the other four actors.
      label: 'a GuardDuty finding',
      subject: () => finding,
      action: 'archive',
      rows: [
        { actor: 'non-approver', outcome: refused(/Only an approver can archive findings: you are not an approver/) },
        { actor: 'guest', outcome: refused(/Only an approver can archive findings: guest accounts cannot approve/) },
        { actor: 'approver', outcome: allowed(/Archiving GuardDuty finding `gd0000\d\d`/, 'archived') },
        { actor: 'second approver', before: [{ actor: 'approver', action: 'archive' }], outcome: refused(/already archived/) },
      ],
    },
  ];

  const cases = MATRIX.flatMap(({ label, subject, action, rows }) =>
    rows.map((row) => ({
      name: `${action} of ${label} by the ${row.actor}${row.before ? ` after ${row.before.map((b) => `${b.actor} ${b.action}`).join(', ')}` : ''}${row.variant ? ` (${row.variant})` : ''}`,
      subject,
      action,
      row,
    })),
  );

  it.each(cases)('$name', async ({ subject: get, action, row }) => {
    const subject = get();
    const id = await subject.create(row.variant);
    for (const step of row.before ?? []) {
      await subject.click(id, step.action, ACTORS[step.actor]);
      await settle();
    }
    const before = await subject.effects(id);

    const answer = await subject.click(id, action, ACTORS[row.actor]);
    expect(answer.response_type).toBe('ephemeral');
    expect(String(answer.text)).toMatch(row.outcome.answer);
    await settle();

    if (row.outcome.allowed) {
      const wanted = row.outcome.status;
      await until(`the ${action} to take effect`, async () => (await subject.status(id)) === wanted);
      expect(await subject.effects(id)).not.toEqual(before);
    } else {
      expect(String(answer.text)).toMatch(/^:no_entry:|already archived/);
      await new Promise((r) => setTimeout(r, 150));
      expect(await subject.effects(id)).toEqual(before);
    }
  });

  it('an allowed decision leaves the trail and the AWS calls it should, and no more', async () => {
    // The one remediation applied was approved by two distinct people, neither of them its requester.
    const entries = await t.bot.services.audit.tail(2000);
    const applied = entries.filter((e) => e.action === 'remediation.applied');
    expect(applied).toHaveLength(1);
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand)).toHaveLength(1);
    const approvals = entries.filter((e) => e.action === 'remediation.approved' && e.subject === applied[0]!.subject).map((e) => e.actor);
    expect(approvals).toEqual([ACTORS.approver, ACTORS['second approver']]);
    // Every access grant was given by approvers other than the requester, never by the guest.
    for (const e of entries.filter((x) => x.action === 'access.granted')) {
      expect(e.detail.approvers).not.toContain(REQUESTER);
      expect(e.detail.approvers).not.toContain(GUEST);
    }
    // Three revocations were allowed (the requester's, the approver's, and the approver's before the second
    // approver's refused one): three deny statements written.
    expect(
      entries
        .filter((e) => e.action === 'access.revoked')
        .map((e) => e.actor)
        .sort(),
    ).toEqual([ACTORS.approver, ACTORS.approver, REQUESTER].sort());
    await until('the revocations to be applied', () => iam.commandCalls(PutRolePolicyCommand).length === 3);
    // Two findings archived (the approver's row, and the approver's click before the second approver's), one call each.
    expect(findings.archived).toHaveLength(2);
    expect(entries.filter((e) => e.action === 'finding.archived').map((e) => e.actor)).toEqual([ACTORS.approver, ACTORS.approver]);
    expect(entries.filter((e) => e.action === 'finding.archive_refused').map((e) => e.actor)).toEqual([ACTORS['non-approver'], GUEST]);
    // Refused access clicks are on the trail too, with who tried and why.
    const refusedAccess = entries.filter((e) => e.action === 'access.refused');
    expect(refusedAccess.map((e) => e.actor)).toEqual(expect.arrayContaining([REQUESTER, ACTORS['non-approver'], GUEST]));
    expect(refusedAccess.every((e) => typeof e.detail.reason === 'string' && e.detail.reason.length > 0)).toBe(true);
    expect((await t.bot.services.audit.verify()).ok).toBe(true);
  });
});
