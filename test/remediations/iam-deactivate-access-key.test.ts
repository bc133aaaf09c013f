import { GetAccessKeyLastUsedCommand, IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand, type AccessKeyMetadata } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { remediationSettings } from '../../src/config/schema.js';
import { isAccessDenied } from '../../src/remediations/aws-errors.js';
import { iamDeactivateAccessKey as fix } from '../../src/remediations/catalog/iam-deactivate-access-key.js';
import { describeTarget } from '../../src/remediations/messages.js';
import { transition, type RemediationRequest } from '../../src/remediations/state.js';
import type { RemediationContext, RemediationTarget } from '../../src/remediations/types.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000 - 3_600_000);
const USER = 'arn:aws:iam::111122223333:user/ops/alice';

const OLD = 'AKIAOLDOLDEXAMPLE001'; // created 400 days ago, used yesterday
const FRESH = 'AKIAFRESHFEXAMPLE002'; // created 10 days ago, never used
const STALE = 'AKIASTALESEXAMPLE003'; // created 200 days ago, last used 120 days ago
const OFF = 'AKIAINACTIVEEXAMPLE4'; // created 500 days ago, inactive

const iam = mockClient(IAMClient);
let keys: AccessKeyMetadata[];

function key(AccessKeyId: string, ageDays: number, Status: 'Active' | 'Inactive' = 'Active'): AccessKeyMetadata {
  return { UserName: 'alice', AccessKeyId, Status, CreateDate: daysBefore(ageDays) };
}

function ctx(): RemediationContext {
  return { aws: new AwsClients({ defaultRegion: 'eu-west-1' }), region: 'eu-west-1', settings: remediationSettings.parse({}), now: () => NOW };
}

const LAST_USED: Record<string, Date | undefined> = { [OLD]: daysBefore(1), [FRESH]: undefined, [STALE]: daysBefore(120), [OFF]: daysBefore(499) };

beforeEach(() => {
  iam.reset();
  keys = [key(OLD, 400), key(FRESH, 10), key(STALE, 200), key(OFF, 500, 'Inactive')];
  // Two pages, as ListAccessKeys may return.
  iam
    .on(ListAccessKeysCommand)
    .callsFake((input: { Marker?: string }) =>
      input.Marker ? { AccessKeyMetadata: keys.slice(2), IsTruncated: false } : { AccessKeyMetadata: keys.slice(0, 2), IsTruncated: true, Marker: 'page-2' },
    );
  iam.on(GetAccessKeyLastUsedCommand).callsFake((input: { AccessKeyId: string }) => {
    const at = LAST_USED[input.AccessKeyId];
    return { UserName: 'alice', AccessKeyLastUsed: at ? { LastUsedDate: at, ServiceName: 's3', Region: 'eu-west-1' } : { ServiceName: 'N/A', Region: 'N/A' } };
  });
  iam.on(UpdateAccessKeyCommand).callsFake((input: { AccessKeyId: string; Status: 'Active' | 'Inactive' }) => {
    keys = keys.map((k) => (k.AccessKeyId === input.AccessKeyId ? { ...k, Status: input.Status } : k));
    return {};
  });
});
afterAll(() => iam.restore());

const updated = () => iam.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input);

/** The request as the state machine stores it once `plan` is done: what the plan resolved is on the target. */
function planned(target: RemediationTarget, plan: Awaited<ReturnType<typeof fix.plan>>): RemediationTarget {
  const request = {
    id: 'R1',
    remediation: fix.id,
    target,
    requestedBy: 'U1',
    source: { kind: 'check', id: 'iam_user_access_keys_rotated' },
    createdAt: NOW.toISOString(),
    expiresAt: new Date(NOW.getTime() + 3_600_000).toISOString(),
    updatedAt: NOW.toISOString(),
    minApprovals: 1,
    status: 'planning',
    approvals: [],
    version: 1,
  } satisfies RemediationRequest;
  return transition(request, { type: 'planned', plan }, NOW).request.target;
}

describe('iam-deactivate-access-key with a key selector (the Fix button of the access key checks)', () => {
  it('older-than: the plan picks exactly the active keys older than the threshold, shows their ids, ages and last use, and changes nothing', async () => {
    const target: RemediationTarget = { resource: USER, keySelector: { kind: 'older-than', days: 90 } };
    expect(fix.validate(target)).toBeUndefined();
    const plan = await fix.plan(ctx(), target);
    expect(plan.compliant).toBe(false);
    expect(plan.resolved).toEqual({ accessKeyIds: [OLD, STALE] });
    expect(plan.calls).toEqual([
      { action: 'iam:UpdateAccessKey', params: { UserName: 'alice', AccessKeyId: OLD, Status: 'Inactive' } },
      { action: 'iam:UpdateAccessKey', params: { UserName: 'alice', AccessKeyId: STALE, Status: 'Inactive' } },
    ]);
    expect(plan.current).toContain('2 active access keys of alice are older than 90 days');
    expect(plan.current).toContain(
      `${OLD} (created ${daysBefore(400).toISOString().slice(0, 10)}, 400 days ago; last used ${daysBefore(1).toISOString().slice(0, 10)}, 1 day ago, s3 in eu-west-1)`,
    );
    expect(plan.notes?.join('\n')).toContain(`Stays active: ${FRESH} (created`);
    expect(plan.notes?.join('\n')).not.toContain(OFF);
    expect(updated()).toEqual([]);
  });

  it('unused-for: judges by last use, or by creation for a key never used', async () => {
    const plan = await fix.plan(ctx(), { resource: USER, keySelector: { kind: 'unused-for', days: 90 } });
    expect(plan.resolved).toEqual({ accessKeyIds: [STALE] });
    expect(plan.current).toContain(`One active access key of alice is unused for more than 90 days: ${STALE}`);
    expect(plan.current).toContain('last used');
    expect(plan.notes?.join('\n')).toMatch(/console password.*by hand/);

    keys = [key(FRESH, 100)]; // never used, created 100 days ago
    expect((await fix.plan(ctx(), { resource: USER, keySelector: { kind: 'unused-for', days: 90 } })).resolved).toEqual({ accessKeyIds: [FRESH] });
  });

  it('says "already compliant" when no key matches any more at plan time, and applying that plan changes nothing', async () => {
    const target: RemediationTarget = { resource: USER, keySelector: { kind: 'older-than', days: 1000 } };
    const plan = await fix.plan(ctx(), target);
    expect(plan).toMatchObject({ compliant: true, calls: [], resolved: { accessKeyIds: [] } });
    expect(plan.current).toMatch(/^No active access key of alice is older than 1000 days any more: already compliant\./);
    const approved = planned(target, plan);
    expect(await fix.apply(ctx(), approved)).toMatchObject({ outcome: 'already-compliant', calls: [] });
    expect((await fix.plan(ctx(), approved)).compliant).toBe(true);
    expect(updated()).toEqual([]);
  });

  it('apply deactivates exactly the keys the plan recorded, even when another key has crossed the threshold since', async () => {
    const target: RemediationTarget = { resource: USER, keySelector: { kind: 'older-than', days: 300 } };
    const approved = planned(target, await fix.plan(ctx(), target));
    expect(approved.accessKeyIds).toEqual([OLD]);
    expect(describeTarget(approved, fix.id)).toContain(`key ${OLD}`);
    keys = keys.map((k) => (k.AccessKeyId === STALE ? { ...k, CreateDate: daysBefore(365) } : k)); // now also older than 300 days

    const result = await fix.apply(ctx(), approved);
    expect(result.outcome).toBe('changed');
    expect(updated()).toEqual([{ UserName: 'alice', AccessKeyId: OLD, Status: 'Inactive' }]);
    expect(result.summary).toBe(`Access key ${OLD} of alice is now inactive (not deleted).`);
    expect(result.previous).toEqual({ statuses: { [OLD]: 'Active' } });
    expect(keys.find((k) => k.AccessKeyId === STALE)?.Status).toBe('Active');
  });

  it('verification re-reads the recorded keys: compliant only when every one is inactive (or gone)', async () => {
    const approved: RemediationTarget = { resource: USER, keySelector: { kind: 'older-than', days: 90 }, accessKeyIds: [OLD, STALE] };
    const before = await fix.plan(ctx(), approved);
    expect(before.compliant).toBe(false);
    expect(before.resolved).toBeUndefined(); // recorded keys are never selected again
    await fix.apply(ctx(), { ...approved, accessKeyIds: [OLD] });
    const half = await fix.plan(ctx(), approved);
    expect(half.compliant).toBe(false);
    expect(half.current).toContain(`Access key ${OLD} of alice is Inactive.`);
    expect(half.calls.map((c) => c.params.AccessKeyId)).toEqual([STALE]);
    keys = keys.filter((k) => k.AccessKeyId !== STALE); // deleted by someone: it cannot sign requests either
    const after = await fix.plan(ctx(), approved);
    expect(after.compliant).toBe(true);
    expect(after.current).toBe(`Access key ${OLD} of alice is Inactive. Access key ${STALE} of alice no longer exists.`);
  });

  it('active (a console user): the plan lists exactly the active keys, with age and last use, and the inactive one not at all', async () => {
    keys = [key(OLD, 400), key(FRESH, 10), key(OFF, 500, 'Inactive')];
    const target: RemediationTarget = { resource: USER, keySelector: { kind: 'active' } };
    expect(fix.validate(target)).toBeUndefined();
    expect(describeTarget(target, fix.id)).toContain('every active key');
    const plan = await fix.plan(ctx(), target);
    expect(plan.compliant).toBe(false);
    expect(plan.resolved).toEqual({ accessKeyIds: [OLD, FRESH] });
    expect(plan.calls).toEqual([
      { action: 'iam:UpdateAccessKey', params: { UserName: 'alice', AccessKeyId: OLD, Status: 'Inactive' } },
      { action: 'iam:UpdateAccessKey', params: { UserName: 'alice', AccessKeyId: FRESH, Status: 'Inactive' } },
    ]);
    expect(plan.current).toBe(
      `alice has 2 active access keys: ${OLD} (created ${daysBefore(400).toISOString().slice(0, 10)}, 400 days ago; last used ${daysBefore(1).toISOString().slice(0, 10)}, 1 day ago, s3 in eu-west-1); ${FRESH} (created ${daysBefore(10).toISOString().slice(0, 10)}, 10 days ago; never used).`,
    );
    expect(JSON.stringify(plan)).not.toContain(OFF);
    expect(plan.notes?.join('\n')).toMatch(/console password stays/);
    expect(updated()).toEqual([]);
  });

  it('active: apply deactivates exactly the planned keys; a key created between plan and apply stays active', async () => {
    keys = [key(OLD, 400), key(FRESH, 10), key(OFF, 500, 'Inactive')];
    const target: RemediationTarget = { resource: USER, keySelector: { kind: 'active' } };
    const approved = planned(target, await fix.plan(ctx(), target));
    expect(approved.accessKeyIds).toEqual([OLD, FRESH]);
    const NEW = 'AKIANEWKEYEXAMPLE005';
    keys = [...keys, key(NEW, 0)];

    const result = await fix.apply(ctx(), approved);
    expect(result).toMatchObject({ outcome: 'changed', previous: { statuses: { [OLD]: 'Active', [FRESH]: 'Active' } } });
    expect(updated()).toEqual([
      { UserName: 'alice', AccessKeyId: OLD, Status: 'Inactive' },
      { UserName: 'alice', AccessKeyId: FRESH, Status: 'Inactive' },
    ]);
    expect(result.summary).toBe(`Access keys ${OLD}, ${FRESH} of alice are now inactive (not deleted).`);
    expect(keys.find((k) => k.AccessKeyId === NEW)?.Status).toBe('Active');
    expect(keys.find((k) => k.AccessKeyId === OFF)?.Status).toBe('Inactive');
    // Verification re-reads the recorded keys only.
    expect((await fix.plan(ctx(), approved)).compliant).toBe(true);
  });

  it('active: a user with no active key left by plan time is already compliant', async () => {
    keys = [key(OFF, 500, 'Inactive')];
    const plan = await fix.plan(ctx(), { resource: USER, keySelector: { kind: 'active' } });
    expect(plan).toMatchObject({ compliant: true, calls: [], resolved: { accessKeyIds: [] } });
    expect(plan.current).toBe('alice has no active access key any more: already compliant.');
  });

  it('apply is idempotent: a second run reports the keys already inactive and writes nothing', async () => {
    const approved: RemediationTarget = { resource: USER, accessKeyIds: [OLD, OFF] };
    expect((await fix.apply(ctx(), approved)).summary).toBe(
      `Access key ${OLD} of alice is now inactive (not deleted); access key ${OFF} was already inactive.`,
    );
    const again = await fix.apply(ctx(), approved);
    expect(again).toMatchObject({ outcome: 'already-compliant', calls: [] });
    expect(again.summary).toBe(`Nothing to change for alice: access key ${OLD} was already inactive; access key ${OFF} was already inactive.`);
    expect(updated()).toHaveLength(1);
  });

  it('never selects in apply: a target with only a selector (no plan recorded) is refused without writing', async () => {
    await expect(fix.apply(ctx(), { resource: USER, keySelector: { kind: 'older-than', days: 90 } })).rejects.toThrow(
      /no access keys were recorded by an approved plan/,
    );
    expect(updated()).toEqual([]);
    expect(iam.commandCalls(ListAccessKeysCommand)).toHaveLength(0);
  });

  it('keeps the explicit form: one named key, an unknown id is an error', async () => {
    const named: RemediationTarget = { resource: USER, accessKeyId: FRESH };
    const plan = await fix.plan(ctx(), named);
    expect(plan.resolved).toBeUndefined();
    expect(plan.calls.map((c) => c.params.AccessKeyId)).toEqual([FRESH]);
    expect(plan.current).toContain('never used');
    await expect(fix.plan(ctx(), { resource: USER, accessKeyId: 'AKIANOSUCHKEYEXAMPLE' })).rejects.toThrow(/alice has no access key AKIANOSUCHKEYEXAMPLE/);
    await expect(fix.apply(ctx(), { resource: USER, accessKeyId: 'AKIANOSUCHKEYEXAMPLE' })).rejects.toThrow(/no access key/);
    expect(updated()).toEqual([]);
  });

  it('validates what a target may carry', () => {
    expect(fix.validate({ resource: USER })).toMatch(/needs the access key id/);
    expect(fix.validate({ keySelector: { kind: 'older-than', days: 90 } })).toMatch(/needs the IAM user name/);
    expect(fix.validate({ resource: USER, keySelector: { kind: 'older-than', days: 0 } })).toMatch(/invalid key selector/);
    expect(fix.validate({ resource: USER, keySelector: { kind: 'newer-than' as 'older-than', days: 5 } })).toMatch(/invalid key selector/);
    expect(fix.validate({ resource: USER, keySelector: { kind: 'active', days: 5 } as unknown as RemediationTarget['keySelector'] })).toMatch(
      /invalid key selector/,
    );
    expect(fix.validate({ resource: USER, keySelector: { kind: 'unused-for' } as unknown as RemediationTarget['keySelector'] })).toMatch(
      /invalid key selector/,
    );
    expect(fix.validate({ resource: USER, accessKeyIds: ['not a key'] })).toMatch(/invalid access key id/);
    expect(fix.validate({ resource: USER, accessKeyIds: [] })).toBeUndefined();
  });

  it('surfaces AccessDenied on GetAccessKeyLastUsed (a permission the fix declares)', async () => {
    iam.on(GetAccessKeyLastUsedCommand).rejects(
      Object.assign(new Error('User: arn:aws:iam::111122223333:role/remediator is not authorized to perform: iam:GetAccessKeyLastUsed'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const error = await fix.plan(ctx(), { resource: USER, keySelector: { kind: 'unused-for', days: 90 } }).catch((e: unknown) => e);
    expect(isAccessDenied(error)).toBe(true);
  });

  it('declares every IAM action it calls, so the remediator policy allows them', async () => {
    const target: RemediationTarget = { resource: USER, keySelector: { kind: 'unused-for', days: 90 } };
    await fix.apply(ctx(), planned(target, await fix.plan(ctx(), target)));
    const actions = new Set(iam.calls().map((c) => `iam:${(c.args[0] as object).constructor.name.replace(/Command$/, '')}`));
    expect([...actions].sort()).toEqual(['iam:GetAccessKeyLastUsed', 'iam:ListAccessKeys', 'iam:UpdateAccessKey']);
    for (const action of actions) expect(fix.permissions).toContain(action);
  });
});
