import {
  DeleteLoginProfileCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
  type AccessKeyMetadata,
  type LoginProfile,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { remediationSettings } from '../../src/config/schema.js';
import { isAccessDenied } from '../../src/remediations/aws-errors.js';
import { iamRemoveUnusedCredentials as fix } from '../../src/remediations/catalog/iam-remove-unused-credentials.js';
import { describeTarget, planText } from '../../src/remediations/messages.js';
import { transition, type RemediationRequest } from '../../src/remediations/state.js';
import type { RemediationContext, RemediationTarget } from '../../src/remediations/types.js';
import { credentialReportCsv } from '../helpers/credential-report.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000 - 3_600_000);
const USER = 'arn:aws:iam::111122223333:user/ops/alice';
/** What the resolver builds from a failing iam_user_unused_credentials result (default threshold). */
const TARGET: RemediationTarget = { accountId: '111122223333', resource: USER, keySelector: { kind: 'unused-for', days: 90 } };

const STALE = 'AKIASTALESEXAMPLE003'; // created 200 days ago, last used 120 days ago
const FRESH = 'AKIAFRESHFEXAMPLE002'; // created 300 days ago, used yesterday
const NEW = 'AKIANEWKEYEXAMPLE005'; // created after the plan

const iam = mockClient(IAMClient);
let keys: AccessKeyMetadata[];
let lastUsed: Record<string, Date | undefined>;
let profile: LoginProfile | undefined;
let passwordLastUsed: Date | undefined;
/** `password_last_changed` of alice in the credential report (default: when the login profile was created). */
let passwordChanged: Date | undefined;
/** What GetCredentialReport answers instead of a report (e.g. ReportExpired). */
let reportError: Error | undefined;

/** The credential report as IAM would write it for alice now. */
function credentialReport(): string {
  return credentialReportCsv([
    {
      user: 'alice',
      arn: USER,
      created: daysBefore(800),
      ...(profile ? { passwordLastChanged: passwordChanged ?? profile.CreateDate } : {}),
      ...(passwordLastUsed ? { passwordLastUsed } : {}),
    },
  ]);
}

function key(AccessKeyId: string, ageDays: number, Status: 'Active' | 'Inactive' = 'Active'): AccessKeyMetadata {
  return { UserName: 'alice', AccessKeyId, Status, CreateDate: daysBefore(ageDays) };
}

function ctx(): RemediationContext {
  return { aws: new AwsClients({ defaultRegion: 'eu-west-1' }), region: 'eu-west-1', settings: remediationSettings.parse({}), now: () => NOW };
}

const noSuchEntity = () =>
  Object.assign(new Error('Login Profile for User alice cannot be found.'), { name: 'NoSuchEntity', $metadata: { httpStatusCode: 404 } });

beforeEach(() => {
  iam.reset();
  keys = [];
  lastUsed = {};
  profile = undefined;
  passwordLastUsed = undefined;
  passwordChanged = undefined;
  reportError = undefined;
  iam.on(GetCredentialReportCommand).callsFake(() => {
    if (reportError) throw reportError;
    return { Content: new TextEncoder().encode(credentialReport()), ReportFormat: 'text/csv', GeneratedTime: new Date(NOW.getTime() - 3_600_000) };
  });
  iam.on(ListAccessKeysCommand).callsFake(() => ({ AccessKeyMetadata: keys, IsTruncated: false }));
  iam.on(GetAccessKeyLastUsedCommand).callsFake((input: { AccessKeyId: string }) => {
    const at = lastUsed[input.AccessKeyId];
    return { UserName: 'alice', AccessKeyLastUsed: at ? { LastUsedDate: at, ServiceName: 's3', Region: 'eu-west-1' } : { ServiceName: 'N/A', Region: 'N/A' } };
  });
  iam.on(UpdateAccessKeyCommand).callsFake((input: { AccessKeyId: string; Status: 'Active' | 'Inactive' }) => {
    keys = keys.map((k) => (k.AccessKeyId === input.AccessKeyId ? { ...k, Status: input.Status } : k));
    return {};
  });
  iam.on(GetLoginProfileCommand).callsFake(() => {
    if (!profile) throw noSuchEntity();
    return { LoginProfile: profile };
  });
  iam.on(GetUserCommand).callsFake(() => ({
    User: {
      UserName: 'alice',
      UserId: 'AIDAEXAMPLE000000001',
      Arn: USER,
      Path: '/ops/',
      CreateDate: daysBefore(800),
      ...(passwordLastUsed ? { PasswordLastUsed: passwordLastUsed } : {}),
    },
  }));
  iam.on(DeleteLoginProfileCommand).callsFake(() => {
    if (!profile) throw noSuchEntity();
    profile = undefined;
    return {};
  });
});
afterAll(() => iam.restore());

const deleted = () => iam.commandCalls(DeleteLoginProfileCommand).map((c) => c.args[0].input);
const updated = () => iam.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input);
const statusOf = (id: string) => keys.find((k) => k.AccessKeyId === id)?.Status;

/** The request as the state machine stores it once `plan` is done: what the plan resolved is on the target. */
function planned(target: RemediationTarget, plan: Awaited<ReturnType<typeof fix.plan>>): RemediationTarget {
  const request = {
    id: 'R1',
    remediation: fix.id,
    target,
    requestedBy: 'U1',
    source: { kind: 'check', id: 'iam_user_unused_credentials' },
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

describe('iam-remove-unused-credentials', () => {
  it('a stale password only: the plan lists DeleteLoginProfile, apply calls it, and the re-read that verifies it is compliant', async () => {
    profile = { UserName: 'alice', CreateDate: daysBefore(400), PasswordResetRequired: false };
    passwordLastUsed = daysBefore(200);
    expect(fix.validate(TARGET)).toBeUndefined();
    // Before its plan, the approval message names what the fix judges: passwords as well as keys.
    expect(describeTarget(TARGET, fix.id)).toBe(`${USER} · credentials unused for more than 90 days · account 111122223333`);

    const plan = await fix.plan(ctx(), TARGET);
    expect(plan.compliant).toBe(false);
    expect(plan.calls).toEqual([{ action: 'iam:DeleteLoginProfile', params: { UserName: 'alice' } }]);
    expect(plan.resolved).toEqual({ accessKeyIds: [], removeLoginProfile: true });
    expect(plan.current).toBe(
      `The console password of alice was last used ${daysBefore(200).toISOString().slice(0, 10)}, 200 days ago: unused for more than 90 days. No active access key of alice is unused for more than 90 days.`,
    );
    expect(plan.notes?.join('\n')).toContain('alice can no longer sign in to the AWS console until an admin sets a new one');
    expect(deleted()).toEqual([]); // the plan only reads

    const approved = planned(TARGET, plan);
    expect(approved).toMatchObject({ accessKeyIds: [], removeLoginProfile: true });
    expect(describeTarget(approved, fix.id)).toBe(`${USER} · console password · account 111122223333`);
    const result = await fix.apply(ctx(), approved);
    expect(result.outcome).toBe('changed');
    expect(deleted()).toEqual([{ UserName: 'alice' }]);
    expect(result.calls).toEqual([{ action: 'iam:DeleteLoginProfile', params: { UserName: 'alice' } }]);
    expect(result.summary).toBe('The console password of alice is removed: they can no longer sign in to the console until an admin sets a new one.');
    // The audit log records that the login profile existed and its last use; IAM never returns a password.
    expect(result.previous).toEqual({
      loginProfile: {
        existed: true,
        createdAt: daysBefore(400).toISOString(),
        passwordLastUsed: daysBefore(200).toISOString(),
        passwordLastChanged: daysBefore(400).toISOString(),
        passwordResetRequired: false,
      },
    });
    expect(updated()).toEqual([]);

    const verify = await fix.plan(ctx(), approved);
    expect(verify).toMatchObject({ compliant: true, calls: [] });
    expect(verify.current).toContain('alice has no console password (login profile).');
    // A second run changes nothing.
    expect(await fix.apply(ctx(), approved)).toMatchObject({
      outcome: 'already-compliant',
      summary: 'Nothing to change for alice: the console password was already removed.',
    });
    expect(deleted()).toHaveLength(1);
  });

  it('a password never used is judged by when the login profile was created', async () => {
    profile = { UserName: 'alice', CreateDate: daysBefore(120) };
    const plan = await fix.plan(ctx(), TARGET);
    expect(plan.resolved).toEqual({ accessKeyIds: [], removeLoginProfile: true });
    expect(plan.current).toContain(`was never used (set ${daysBefore(120).toISOString().slice(0, 10)}, 120 days ago): unused for more than 90 days`);
    profile = { UserName: 'alice', CreateDate: daysBefore(30) };
    expect((await fix.plan(ctx(), TARGET)).resolved).toEqual({ accessKeyIds: [], removeLoginProfile: false });
  });

  it('a password used since the scan: the plan says it stays and nothing is deleted', async () => {
    profile = { UserName: 'alice', CreateDate: daysBefore(400) };
    passwordLastUsed = daysBefore(2); // the scan flagged it; alice signed in since
    const plan = await fix.plan(ctx(), TARGET);
    expect(plan).toMatchObject({ compliant: true, calls: [], resolved: { accessKeyIds: [], removeLoginProfile: false } });
    expect(plan.current).toBe(
      `The console password of alice was last used ${daysBefore(2).toISOString().slice(0, 10)}, 2 days ago, within 90 days: it is in use and stays. No active access key of alice is unused for more than 90 days. Nothing to change: already compliant.`,
    );
    expect(planText(plan)).toContain('Nothing to change');

    const approved = planned(TARGET, plan);
    expect(await fix.apply(ctx(), approved)).toMatchObject({ outcome: 'already-compliant', calls: [] });
    expect((await fix.plan(ctx(), approved)).compliant).toBe(true);
    expect(deleted()).toEqual([]);
    expect(iam.commandCalls(DeleteLoginProfileCommand)).toHaveLength(0);
  });

  it('a password used between the plan and the fix stays, even though the plan said it would go', async () => {
    profile = { UserName: 'alice', CreateDate: daysBefore(400) };
    passwordLastUsed = daysBefore(200);
    const approved = planned(TARGET, await fix.plan(ctx(), TARGET));
    expect(approved.removeLoginProfile).toBe(true);
    passwordLastUsed = daysBefore(0); // alice signs in while the request waits for approval

    const result = await fix.apply(ctx(), approved);
    expect(result.outcome).toBe('already-compliant');
    expect(result.summary).toMatch(/^Nothing to change for alice: the console password stays: it was last used .*today, within 90 days\.$/);
    expect(deleted()).toEqual([]);
    const verify = await fix.plan(ctx(), approved);
    expect(verify.compliant).toBe(true);
    expect(verify.current).toContain('(It was unused when the fix was planned.)');
  });

  it('stale password, one stale key, one fresh key: the plan records the stale key only; apply deletes the login profile and deactivates exactly that key', async () => {
    profile = { UserName: 'alice', CreateDate: daysBefore(400), PasswordResetRequired: true };
    passwordLastUsed = undefined; // never signed in: judged by the profile's creation, 400 days ago
    keys = [key(STALE, 200), key(FRESH, 300)];
    lastUsed = { [STALE]: daysBefore(120), [FRESH]: daysBefore(1) };

    const plan = await fix.plan(ctx(), TARGET);
    expect(plan.compliant).toBe(false);
    expect(plan.resolved).toEqual({ accessKeyIds: [STALE], removeLoginProfile: true });
    expect(plan.calls).toEqual([
      { action: 'iam:DeleteLoginProfile', params: { UserName: 'alice' } },
      { action: 'iam:UpdateAccessKey', params: { UserName: 'alice', AccessKeyId: STALE, Status: 'Inactive' } },
    ]);
    expect(plan.current).toContain(
      `One active access key of alice is unused for more than 90 days: ${STALE} (created ${daysBefore(200).toISOString().slice(0, 10)}, 200 days ago; last used`,
    );
    expect(plan.notes?.join('\n')).toContain(`Stays active: ${FRESH} (created`);
    expect(JSON.stringify(plan.calls)).not.toContain(FRESH);

    const approved = planned(TARGET, plan);
    expect(describeTarget(approved, fix.id)).toContain(`key ${STALE} · console password`);
    // After the plan: a new key is created, and the fresh key crosses the threshold; neither was approved.
    keys = [...keys, key(NEW, 0)];
    lastUsed = { ...lastUsed, [FRESH]: daysBefore(100) };

    const result = await fix.apply(ctx(), approved);
    expect(result.outcome).toBe('changed');
    expect(deleted()).toEqual([{ UserName: 'alice' }]);
    expect(updated()).toEqual([{ UserName: 'alice', AccessKeyId: STALE, Status: 'Inactive' }]);
    expect(statusOf(STALE)).toBe('Inactive');
    expect(statusOf(FRESH)).toBe('Active');
    expect(statusOf(NEW)).toBe('Active');
    expect(result.summary).toBe(
      `The console password of alice is removed: they can no longer sign in to the console until an admin sets a new one; access key ${STALE} of alice is now inactive (not deleted).`,
    );
    expect(result.previous).toEqual({
      loginProfile: {
        existed: true,
        createdAt: daysBefore(400).toISOString(),
        passwordLastUsed: null,
        passwordLastChanged: daysBefore(400).toISOString(),
        passwordResetRequired: true,
      },
      statuses: { [STALE]: 'Active' },
    });
    // Verification re-reads exactly what was recorded.
    const verify = await fix.plan(ctx(), approved);
    expect(verify).toMatchObject({ compliant: true, calls: [] });
    expect(verify.current).toBe(`alice has no console password (login profile). Access key ${STALE} of alice is Inactive.`);
  });

  it('stale keys but a password in use: only the keys change, and the login profile is never deleted', async () => {
    profile = { UserName: 'alice', CreateDate: daysBefore(400) };
    passwordLastUsed = daysBefore(10);
    keys = [key(STALE, 200)];
    lastUsed = { [STALE]: daysBefore(120) };
    const approved = planned(TARGET, await fix.plan(ctx(), TARGET));
    expect(approved).toMatchObject({ accessKeyIds: [STALE], removeLoginProfile: false });
    passwordLastUsed = daysBefore(400); // even if it looked stale by now, the plan did not say it would go
    const result = await fix.apply(ctx(), approved);
    expect(result).toMatchObject({ outcome: 'changed', previous: { statuses: { [STALE]: 'Active' } } });
    expect(deleted()).toEqual([]);
    expect(iam.commandCalls(GetLoginProfileCommand)).toHaveLength(1); // the plan's read only
    expect((await fix.plan(ctx(), approved)).current).toBe(
      `The approved plan leaves the console password of alice alone. Access key ${STALE} of alice is Inactive.`,
    );
  });

  it('no login profile (NoSuchEntity) and no stale key: already compliant, nothing to call', async () => {
    keys = [key(FRESH, 300), key(STALE, 500, 'Inactive')];
    lastUsed = { [FRESH]: daysBefore(1) };
    const plan = await fix.plan(ctx(), TARGET);
    expect(plan).toMatchObject({ compliant: true, calls: [], resolved: { accessKeyIds: [], removeLoginProfile: false } });
    expect(plan.current).toBe(
      'alice has no console password (login profile). No active access key of alice is unused for more than 90 days. Nothing to change: already compliant.',
    );
    expect(iam.commandCalls(GetUserCommand)).toHaveLength(0); // no password, no need for its last use
    const result = await fix.apply(ctx(), planned(TARGET, plan));
    expect(result).toMatchObject({ outcome: 'already-compliant', calls: [] });
    expect(result.summary).toBe('No credential of alice needed removing when the fix was planned: already compliant.');
    expect(deleted()).toEqual([]);
    expect(updated()).toEqual([]);
  });

  it('never selects in apply: a target no plan recorded is refused without writing', async () => {
    profile = { UserName: 'alice', CreateDate: daysBefore(400) };
    await expect(fix.apply(ctx(), TARGET)).rejects.toThrow(/no credentials were recorded by an approved plan/);
    expect(deleted()).toEqual([]);
    expect(iam.calls()).toHaveLength(0);
  });

  it('AccessDenied on DeleteLoginProfile stops the fix before any key changes', async () => {
    profile = { UserName: 'alice', CreateDate: daysBefore(400) };
    keys = [key(STALE, 200)];
    lastUsed = { [STALE]: daysBefore(120) };
    const approved = planned(TARGET, await fix.plan(ctx(), TARGET));
    iam.on(DeleteLoginProfileCommand).rejects(
      Object.assign(new Error('User: arn:aws:iam::111122223333:role/remediator is not authorized to perform: iam:DeleteLoginProfile'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const error = await fix.apply(ctx(), approved).catch((e: unknown) => e);
    expect(isAccessDenied(error)).toBe(true);
    expect(updated()).toEqual([]);
    expect(statusOf(STALE)).toBe('Active');
  });

  it('a login profile created 2 days ago for a user whose old password was last used 200 days ago stays: plan and apply', async () => {
    profile = { UserName: 'alice', CreateDate: daysBefore(2) }; // an admin deleted and recreated the login profile
    passwordLastUsed = daysBefore(200);
    const plan = await fix.plan(ctx(), TARGET);
    expect(plan).toMatchObject({ compliant: true, calls: [], resolved: { accessKeyIds: [], removeLoginProfile: false } });
    expect(plan.current).toContain(
      `was last used ${daysBefore(200).toISOString().slice(0, 10)}, 200 days ago, but set again ${daysBefore(2).toISOString().slice(0, 10)}, 2 days ago, within 90 days: it is in use and stays.`,
    );
    // A plan made before the new password (the profile was 400 days old then) must not delete the new one.
    profile = { UserName: 'alice', CreateDate: daysBefore(400) };
    const approved = planned(TARGET, await fix.plan(ctx(), TARGET));
    expect(approved.removeLoginProfile).toBe(true);
    profile = { UserName: 'alice', CreateDate: daysBefore(0) };
    const result = await fix.apply(ctx(), approved);
    expect(result.outcome).toBe('already-compliant');
    expect(result.summary).toMatch(/the console password stays: it was last used .*, but set again .*today, within 90 days\.$/);
    expect(deleted()).toEqual([]);
  });

  it('a password an admin reset 2 days ago (credential report password_last_changed) stays, though GetLoginProfile still says created 400 days ago', async () => {
    profile = { UserName: 'alice', CreateDate: daysBefore(400) };
    passwordLastUsed = daysBefore(200);
    passwordChanged = daysBefore(2); // UpdateLoginProfile: the login profile keeps its CreateDate
    const plan = await fix.plan(ctx(), TARGET);
    expect(plan).toMatchObject({ compliant: true, calls: [], resolved: { accessKeyIds: [], removeLoginProfile: false } });
    expect(plan.current).toContain(`but set again ${daysBefore(2).toISOString().slice(0, 10)}, 2 days ago, within 90 days: it is in use and stays.`);

    passwordChanged = undefined;
    const approved = planned(TARGET, await fix.plan(ctx(), TARGET));
    expect(approved.removeLoginProfile).toBe(true);
    passwordChanged = daysBefore(0); // reset while the request waited for approval
    expect(await fix.apply(ctx(), approved)).toMatchObject({ outcome: 'already-compliant', calls: [] });
    expect(deleted()).toEqual([]);
  });

  it('a stale-looking password whose last change cannot be read (no current credential report, or AccessDenied) stays, and says why', async () => {
    profile = { UserName: 'alice', CreateDate: daysBefore(400) };
    passwordLastUsed = daysBefore(200);
    const approved = planned(TARGET, await fix.plan(ctx(), TARGET));
    expect(approved.removeLoginProfile).toBe(true);

    reportError = Object.assign(new Error('Credential report is expired.'), { name: 'ReportExpired', $metadata: { httpStatusCode: 410 } });
    const plan = await fix.plan(ctx(), TARGET);
    expect(plan).toMatchObject({ compliant: true, calls: [], resolved: { removeLoginProfile: false } });
    expect(plan.current).toContain(
      'but when it was last set cannot be read (there is no current credential report (ReportExpired); a scan generates one): it stays.',
    );
    const result = await fix.apply(ctx(), approved);
    expect(result).toMatchObject({ outcome: 'already-compliant', calls: [] });
    expect(result.summary).toContain('the console password stays');

    reportError = Object.assign(new Error('not authorized to perform: iam:GetCredentialReport'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect((await fix.plan(ctx(), TARGET)).current).toContain('(AccessDenied on iam:GetCredentialReport)');
    expect(deleted()).toEqual([]);
  });

  it('validates what a target may carry', () => {
    expect(fix.validate({ keySelector: { kind: 'unused-for', days: 90 } })).toMatch(/needs the IAM user name/);
    expect(fix.validate({ resource: USER })).toMatch(/needs the number of days/);
    expect(fix.validate({ resource: USER, keySelector: { kind: 'older-than', days: 90 } })).toMatch(/needs the number of days/);
    expect(fix.validate({ resource: USER, keySelector: { kind: 'unused-for', days: 0 } })).toMatch(/needs the number of days/);
    expect(fix.validate({ ...TARGET, accessKeyId: STALE })).toMatch(/not on one named key/);
    expect(fix.validate({ ...TARGET, accessKeyIds: ['not a key'] })).toMatch(/invalid access key id/);
    expect(fix.validate({ ...TARGET, removeLoginProfile: 'yes' as unknown as boolean })).toMatch(/invalid login profile decision/);
    expect(fix.validate({ ...TARGET, accessKeyIds: [STALE], removeLoginProfile: true })).toBeUndefined();
  });

  it('declares every IAM action it calls, so the remediator policy allows them', async () => {
    profile = { UserName: 'alice', CreateDate: daysBefore(400) };
    passwordLastUsed = daysBefore(200);
    keys = [key(STALE, 200)];
    lastUsed = { [STALE]: daysBefore(120) };
    await fix.apply(ctx(), planned(TARGET, await fix.plan(ctx(), TARGET)));
    const actions = new Set(iam.calls().map((c) => `iam:${(c.args[0] as object).constructor.name.replace(/Command$/, '')}`));
    expect([...actions].sort()).toEqual([
      'iam:DeleteLoginProfile',
      'iam:GetAccessKeyLastUsed',
      'iam:GetCredentialReport',
      'iam:GetLoginProfile',
      'iam:GetUser',
      'iam:ListAccessKeys',
      'iam:UpdateAccessKey',
    ]);
    expect([...fix.permissions].sort()).toEqual([...actions].sort());
  });
});
