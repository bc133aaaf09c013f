import { describe, expect, it } from 'vitest';
import { ACCESS_ACTIONS } from '../../src/access/messages.js';
import type { AccessRequest } from '../../src/access/state.js';
import { configSchema } from '../../src/config/schema.js';
import { CHECKS } from '../../src/checks/registry.js';
import { summarize, worstFailures } from '../../src/checks/summary.js';
import { CheckStatus, type CheckResult } from '../../src/checks/types.js';
import { HOME_LIMITS, HOME_MAX_BLOCKS, homeView, restrictedHomeView } from '../../src/home/messages.js';
import { setupChecklist } from '../../src/home/setup.js';
import type { HomeInput, PendingApproval } from '../../src/home/types.js';
import { fixOf } from '../../src/remediations/catalog/index.js';
import { ACTIONS as REMEDIATION_ACTIONS } from '../../src/remediations/messages.js';
import { LIMITS } from '../../src/slack/limits.js';
import { decodeFixValue, POSTURE_ACTIONS } from '../../src/checks/messages.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const ACCOUNT = '123456789012';
const config = configSchema.parse({});

/** `n` failing results spread over the checks (resources with long ARNs), plus one passing result per check. */
function results(n: number): CheckResult[] {
  const out: CheckResult[] = CHECKS.map((c) => ({
    checkId: c.id,
    accountId: ACCOUNT,
    region: 'eu-west-1',
    status: CheckStatus.Pass,
    resource: `arn:aws:s3:::ok-${c.id}`,
    message: 'fine',
  }));
  for (let i = 0; i < n; i++) {
    const check = CHECKS[i % CHECKS.length]!;
    out.push({
      checkId: check.id,
      accountId: ACCOUNT,
      region: 'eu-west-1',
      status: CheckStatus.Fail,
      resource: `arn:aws:s3:::bucket-${i}-${'x'.repeat(150)}`,
      message: `Bucket bucket-${i} <!channel> is ${'not compliant '.repeat(30)}`,
    });
  }
  return out;
}

function approval(i: number, over: Partial<PendingApproval> = {}): PendingApproval {
  return {
    id: `R${String(i).padStart(10, '0')}`,
    title: 'Block public access on the bucket',
    where: `arn:aws:s3:::b${i} · account ${ACCOUNT}`,
    risk: 'medium',
    requestedBy: 'U0000USER',
    expiresAt: '2026-12-02T12:00:00Z',
    approvals: 0,
    minApprovals: 1,
    ...over,
  };
}

function grant(i: number): AccessRequest {
  return {
    id: `ax-0000000${i}`,
    kind: 'grant',
    requester: 'U0000APPR1',
    role: 'readonly',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/readonly`,
    durationMs: 3600_000,
    justification: 'x',
    breakglass: false,
    minApprovals: 1,
    status: 'active',
    createdAt: NOW.getTime() - 600_000,
    pendingUntil: NOW.getTime(),
    approvals: [],
    grantStart: NOW.getTime() - 600_000,
    grantEnd: NOW.getTime() + 45 * 60_000,
    version: 3,
  };
}

function input(failures: number, over: Partial<HomeInput> = {}): HomeInput {
  const r = results(failures);
  return {
    now: NOW,
    userId: 'U0000APPR1',
    approver: true,
    posture: {
      summary: summarize(r),
      failures: worstFailures(r),
      lastScanAt: NOW.toISOString(),
      scanId: 'scan-1',
      trend: { scans: 12, firstScore: 40, firstAt: '2026-09-05T06:00:00Z', lastScore: 71, lastAt: NOW.toISOString(), days: 90 },
    },
    approvals: Array.from({ length: 20 }, (_, i) => approval(i)),
    grants: Array.from({ length: 12 }, (_, i) => grant(i)),
    setup: setupChecklist(config, r, undefined),
    charts: [
      { fileId: 'F0000000001', title: 'GDPR posture, last 90 days', altText: 'Posture score over the last 90 days: 40% … 71%' },
      { fileId: 'F0000000002', title: 'Checks per action item', altText: '1: 2 passed, 1 failed' },
    ],
    ...over,
  };
}

type AnyBlock = Record<string, unknown>;
const buttonsOf = (blocks: readonly unknown[]) =>
  (blocks as AnyBlock[])
    .flatMap((b) => [...((b.elements as Record<string, unknown>[] | undefined) ?? []), ...(b.accessory ? [b.accessory as Record<string, unknown>] : [])])
    .filter((e) => e.type === 'button') as { action_id: string; value: string; text: { text: string } }[];
const textOf = (blocks: readonly unknown[]) => JSON.stringify(blocks);

/** Every Block Kit limit of a Home tab the view could break. */
function expectWithinLimits(blocks: readonly unknown[]): void {
  expect(blocks.length).toBeLessThanOrEqual(HOME_MAX_BLOCKS);
  for (const b of blocks as AnyBlock[]) {
    const text = (b.text as { text?: string } | undefined)?.text;
    if (b.type === 'section' && text) expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (b.type === 'header') expect(text!.length).toBeLessThanOrEqual(150);
    if (b.type === 'image') expect(String(b.alt_text).length).toBeLessThanOrEqual(2000);
    if (b.block_id) expect(String(b.block_id).length).toBeLessThanOrEqual(LIMITS.actionId);
  }
  for (const btn of buttonsOf(blocks)) {
    expect(btn.value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
    expect(btn.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    expect(btn.action_id.length).toBeLessThanOrEqual(LIMITS.actionId);
  }
  const blockIds = (blocks as AnyBlock[]).map((b) => b.block_id).filter(Boolean);
  expect(new Set(blockIds).size).toBe(blockIds.length);
}

describe('the Home tab view', () => {
  it.each([1, 1000])('stays within the Home tab limits with %i failure(s), and says how many there are', (n) => {
    const view = homeView(input(n));
    expect(view.type).toBe('home');
    expectWithinLimits(view.blocks);
    const text = textOf(view.blocks);
    expect(text).toContain(`*Riskiest failures* (${n} in all)`);
    const fixes = buttonsOf(view.blocks).filter((b) => b.action_id === POSTURE_ACTIONS.fix);
    expect(fixes.length).toBeGreaterThan(0);
    expect(fixes.length).toBeLessThanOrEqual(Math.min(n, HOME_LIMITS.failures));
    // Each Fix carries a value the existing Fix listener reads back.
    for (const f of fixes) expect(decodeFixValue(f.value)?.accountId).toBe(ACCOUNT);
    if (n > HOME_LIMITS.failures) expect(text).toContain(`…and ${n - HOME_LIMITS.failures} more`);
  });

  it('lists failures on resources that hold personal data first, marked as personal data', () => {
    const r = results(30);
    // A low-severity failure on a bucket the data map says holds personal data outranks every other.
    const lowCheck = CHECKS.find((c) => c.severity === 'low')!;
    const personalBucket = 'arn:aws:s3:::customer-exports';
    r.push({
      checkId: lowCheck.id,
      accountId: ACCOUNT,
      region: 'eu-west-1',
      status: CheckStatus.Fail,
      resource: personalBucket,
      message: 'customer-exports fails',
    });
    const failures = worstFailures(r, new Set([personalBucket]));
    const view = homeView(input(0, { posture: { ...input(0).posture!, failures } }));
    const text = textOf(view.blocks);
    const first = text.indexOf('customer-exports fails');
    expect(first).toBeGreaterThan(-1);
    expect(text.indexOf('Bucket bucket-')).toBeGreaterThan(first);
    expect(text.slice(0, first)).toContain(':lock: *personal data*');
    expect(text.match(/:lock: \*personal data\*/g)).toHaveLength(1);
  });

  it('escapes AWS text: a resource message cannot ping the channel', () => {
    const text = textOf(homeView(input(3)).blocks);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('shows the score, its trend and the charts as image blocks of the uploaded files', () => {
    const view = homeView(input(5));
    const text = textOf(view.blocks);
    expect(text).toMatch(/GDPR posture: \d+%/);
    expect(text).toContain('+31 points over the last 90 days (40% on 2026-09-05 → 71% on 2026-12-01, 12 scans)');
    const images = (view.blocks as unknown as AnyBlock[]).filter((b) => b.type === 'image');
    expect(images.map((i) => i.slack_file)).toEqual([{ id: 'F0000000001' }, { id: 'F0000000002' }]);
    expect(images[0]!.alt_text).toContain('40%');
  });

  it('an approver sees the pending approvals with Approve / Reject; a non-approver sees none', () => {
    const asApprover = homeView(input(2));
    const approve = buttonsOf(asApprover.blocks).filter((b) => b.action_id === REMEDIATION_ACTIONS.approve);
    expect(approve).toHaveLength(HOME_LIMITS.approvals);
    expect(approve[0]!.value).toBe('R0000000000');
    expect(textOf(asApprover.blocks)).toContain(`…and ${20 - HOME_LIMITS.approvals} more in the approval channel`);
    const asMember = homeView(input(2, { approver: false }));
    expect(buttonsOf(asMember.blocks).filter((b) => b.action_id === REMEDIATION_ACTIONS.approve || b.action_id === REMEDIATION_ACTIONS.reject)).toEqual([]);
    expect(textOf(asMember.blocks)).not.toContain('waiting for your approval');
  });

  it("lists the person's own grants with the time left and End access now (the revoke action)", () => {
    const view = homeView(input(1));
    const ends = buttonsOf(view.blocks).filter((b) => b.action_id === ACCESS_ACTIONS.revoke);
    expect(ends).toHaveLength(HOME_LIMITS.grants);
    expect(ends[0]!.value).toBe('ax-00000000');
    expect(textOf(view.blocks)).toContain('45m left');
    expect(textOf(homeView(input(1, { grants: [] })).blocks)).not.toContain('Your AWS access');
  });

  it('lists open breach assessments with their clocks, the most urgent first, titles escaped; none when there are none', () => {
    const view = homeView(
      input(1, {
        breaches: [
          { id: 'BR-0000000a', title: 'Public bucket <!here> customer-exports', clock: 'overdue by 3 h', overdue: true },
          { id: 'BR-0000000b', title: 'Leaked key', clock: '41 h left', overdue: false, decision: 'notify' },
        ],
      }),
    );
    const text = textOf(view.blocks);
    expect(text).toContain('*Open breach assessments* (2;');
    expect(text).toMatch(/:rotating_light: `BR-0000000a` Public bucket &lt;!here&gt; customer-exports: \*overdue by 3 h\* · no decision yet/);
    expect(text).toContain('`BR-0000000b` Leaked key: *41 h left* · decision: notify');
    expect(text).not.toContain('<!here>');
    expectWithinLimits(view.blocks);
    expect(textOf(homeView(input(1, { breaches: [] })).blocks)).not.toContain('Open breach assessments');
  });

  it('a waived failure shows as waived, never as passing, and has no Fix', () => {
    const check = CHECKS.find((c) => fixOf(c.id))!;
    const r: CheckResult[] = [
      {
        checkId: check.id,
        accountId: ACCOUNT,
        region: 'eu-west-1',
        status: CheckStatus.Fail,
        resource: 'arn:aws:s3:::accepted',
        message: 'accepted risk',
        waiver: { id: 'W1', grantedBy: 'U0000APPR2', grantedAt: NOW.toISOString(), expiresAt: '2026-12-31T00:00:00Z', justification: 'legacy' },
      },
    ];
    const text = textOf(homeView(input(0, { posture: { summary: summarize(r), failures: worstFailures(r) } })).blocks);
    expect(text).toContain('1 waived (accepted risk, not passing)');
    expect(text).not.toContain('Every action item passes');
    expect(text).not.toContain(POSTURE_ACTIONS.fix);
  });

  it('before any scan: says so, and the checklist leads with the first scan', () => {
    const view = homeView(input(0, { posture: undefined, setup: setupChecklist(config, [], undefined), charts: [] }));
    const text = textOf(view.blocks);
    expect(text).toContain('GDPR posture: no scan yet');
    expect(text).toContain('*Not set up yet* (0 of 10 done)');
    expect(text).toContain('*A first scan*: Run `/gdpr scan`');
    expect((view.blocks as unknown as AnyBlock[]).some((b) => b.type === 'image')).toBe(false);
    expectWithinLimits(view.blocks);
  });

  it('a scan that could read nothing is never shown as a score', () => {
    const denied: CheckResult[] = CHECKS.slice(0, 5).map((c) => ({
      checkId: c.id,
      accountId: ACCOUNT,
      region: 'eu-west-1',
      status: CheckStatus.Error,
      resource: ACCOUNT,
      message: 'AccessDenied: not allowed',
    }));
    const view = homeView(input(0, { posture: { summary: summarize(denied), failures: [] }, setup: setupChecklist(config, denied, undefined) }));
    const text = textOf(view.blocks);
    expect(text).toContain('GDPR posture: nothing could be checked');
    expect(text).not.toContain('Every action item passes');
    expect(text).toContain('*Read access to AWS*: 5 result(s) could not be read');
  });

  it('the restricted view (guests, other organisations) shows no posture', () => {
    const text = textOf(restrictedHomeView().blocks);
    expect(text).toContain('members of this workspace only');
    expect(text).not.toMatch(/\d+%/);
  });
});
