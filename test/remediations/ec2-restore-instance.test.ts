import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { remediationSettings } from '../../src/config/schema.js';
import { ec2IsolateInstance, ISOLATION_GROUP } from '../../src/remediations/catalog/ec2-isolate-instance.js';
import { ec2RestoreInstance as fix, invalidRestoreGroups, restoreTargetFor } from '../../src/remediations/catalog/ec2-restore-instance.js';
import { ACTIONS, approvalMessage } from '../../src/remediations/messages.js';
import { findRemediation } from '../../src/remediations/catalog/index.js';
import type { RemediationRequest, RequestStatus } from '../../src/remediations/state.js';
import type { RemediationContext, RemediationTarget } from '../../src/remediations/types.js';
import { FakeEc2 } from '../helpers/fake-ec2.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const ISO = 'sg-150'; // the isolation group of vpc-1
const WEB = 'sg-0e1';
const SSH = 'sg-0e2';
const DB = 'sg-0db';
const OTHER = 'sg-0f0';

const ec2 = new FakeEc2();

function ctx(): RemediationContext {
  return { aws: new AwsClients({ defaultRegion: 'eu-west-1' }), region: 'eu-west-1', settings: remediationSettings.parse({}), now: () => NOW };
}

function target(groups: Record<string, string[]>): RemediationTarget {
  return { accountId: '111122223333', region: 'eu-west-1', resource: 'i-0abc', restoreSecurityGroups: groups };
}

function isolationRequest(patch: Partial<RemediationRequest> = {}): RemediationRequest {
  return {
    id: 'R00000000A1',
    remediation: 'ec2-isolate-instance',
    target: { accountId: '111122223333', roleArn: 'arn:aws:iam::111122223333:role/remediator', region: 'eu-west-1', resource: 'i-0abc' },
    requestedBy: 'U0000USER',
    source: { kind: 'finding', id: 'gd-1' },
    createdAt: NOW.toISOString(),
    expiresAt: new Date(NOW.getTime() + 3_600_000).toISOString(),
    updatedAt: NOW.toISOString(),
    minApprovals: 1,
    status: 'succeeded',
    approvals: [{ by: 'U0000APPR1', at: NOW.toISOString(), via: 'user' }],
    result: { outcome: 'changed', summary: 'isolated', calls: [], previous: { securityGroups: { 'eni-a1': [WEB, SSH], 'eni-b2': [DB] } } },
    verification: { status: 'pass', message: 'Instance i-0abc is already isolated.' },
    version: 5,
    ...patch,
  };
}

beforeEach(() => {
  ec2.reset();
  for (const id of [WEB, SSH, DB, OTHER]) ec2.addGroup(id);
  ec2.addGroup(ISO, ISOLATION_GROUP);
});
afterAll(() => ec2.restore());

describe('ec2-restore-instance plan, apply and verify', () => {
  it('puts each isolated interface back to its recorded groups; the re-read is compliant', async () => {
    ec2.addInstance('i-0abc', { 'eni-a1': [ISO], 'eni-b2': [ISO] });
    const t = target({ 'eni-a1': [WEB, SSH], 'eni-b2': [DB] });

    const plan = await fix.plan(ctx(), t);
    expect(plan.compliant).toBe(false);
    expect(plan.calls).toEqual([
      { action: 'ec2:ModifyNetworkInterfaceAttribute', params: { NetworkInterfaceId: 'eni-a1', Groups: [WEB, SSH] } },
      { action: 'ec2:ModifyNetworkInterfaceAttribute', params: { NetworkInterfaceId: 'eni-b2', Groups: [DB] } },
    ]);
    expect(plan.current).toContain(`eni-a1 is isolated (${ISO}); recorded groups: ${WEB}, ${SSH}`);
    expect(ec2.modifications()).toEqual([]); // the plan only reads

    const result = await fix.apply(ctx(), t);
    expect(result.outcome).toBe('changed');
    expect(ec2.modifications()).toEqual([
      { NetworkInterfaceId: 'eni-a1', Groups: [WEB, SSH] },
      { NetworkInterfaceId: 'eni-b2', Groups: [DB] },
    ]);
    expect(ec2.groupsOf('eni-a1')).toEqual([WEB, SSH]);
    expect(ec2.groupsOf('eni-b2')).toEqual([DB]);
    expect(result.calls).toEqual(plan.calls);
    expect(result.previous).toEqual({ securityGroups: { 'eni-a1': [ISO], 'eni-b2': [ISO] } });

    // verifyWith: 'plan' — the re-read finds nothing left to restore.
    expect(fix.verifyWith).toBe('plan');
    const reread = await fix.plan(ctx(), t);
    expect(reread).toMatchObject({ compliant: true, calls: [] });
    expect(reread.current).toContain(`eni-a1 has its recorded groups (${WEB}, ${SSH})`);
    const again = await fix.apply(ctx(), t);
    expect(again.outcome).toBe('already-compliant');
    expect(ec2.modifications()).toHaveLength(2);
  });

  it('undoes exactly what ec2-isolate-instance recorded (isolate, then restore from its request)', async () => {
    ec2.addInstance('i-0abc', { 'eni-a1': [WEB, SSH], 'eni-b2': [DB] });
    ec2.groups.delete(ISO); // the isolation creates its group
    const isolated = await ec2IsolateInstance.apply(ctx(), { region: 'eu-west-1', resource: 'i-0abc' });
    const restore = restoreTargetFor(isolationRequest({ result: isolated }));
    if ('error' in restore) throw new Error(restore.error);
    expect(restore.target.restoreSecurityGroups).toEqual({ 'eni-a1': [WEB, SSH], 'eni-b2': [DB] });
    await fix.apply(ctx(), restore.target);
    expect(ec2.groupsOf('eni-a1')).toEqual([WEB, SSH]);
    expect(ec2.groupsOf('eni-b2')).toEqual([DB]);
  });

  it('leaves an interface someone changed since alone and says so; skips a detached one', async () => {
    ec2.addInstance('i-0abc', { 'eni-a1': [ISO], 'eni-b2': [OTHER, ISO] });
    const t = target({ 'eni-a1': [WEB], 'eni-b2': [DB], 'eni-c3': [SSH] });

    const plan = await fix.plan(ctx(), t);
    expect(plan.compliant).toBe(false);
    expect(plan.calls).toEqual([{ action: 'ec2:ModifyNetworkInterfaceAttribute', params: { NetworkInterfaceId: 'eni-a1', Groups: [WEB] } }]);
    expect(plan.current).toContain(
      `eni-b2 is in ${OTHER}, ${ISO}, not only the isolation group: changed since the isolation, left alone (recorded groups: ${DB})`,
    );
    expect(plan.current).toContain('eni-c3 is no longer attached to the instance: skipped');
    expect(plan.notes).toEqual(
      expect.arrayContaining(['Left alone (changed by someone since the isolation): eni-b2.', 'Skipped (no longer attached to the instance): eni-c3.']),
    );

    const result = await fix.apply(ctx(), t);
    expect(ec2.modifications()).toEqual([{ NetworkInterfaceId: 'eni-a1', Groups: [WEB] }]);
    expect(ec2.groupsOf('eni-b2')).toEqual([OTHER, ISO]);
    expect(result.summary).toMatch(/back on eni-a1\. Left alone .*eni-b2\. Skipped .*eni-c3\./);
    expect(result.previous).toEqual({ securityGroups: { 'eni-a1': [ISO] } });
    // Nothing is left that this fix would do: the re-read passes and still names the interface left alone.
    const reread = await fix.plan(ctx(), t);
    expect(reread.compliant).toBe(true);
    expect(reread.current).toContain('eni-b2 is in');
  });

  it('never touches an interface that is no longer isolated when apply runs', async () => {
    ec2.addInstance('i-0abc', { 'eni-a1': [ISO], 'eni-b2': [ISO] });
    const t = target({ 'eni-a1': [WEB], 'eni-b2': [DB] });
    expect((await fix.plan(ctx(), t)).calls).toHaveLength(2);
    ec2.instances.get('i-0abc')!.enis.set('eni-b2', [OTHER]); // changed by someone between plan and apply
    await fix.apply(ctx(), t);
    expect(ec2.modifications()).toEqual([{ NetworkInterfaceId: 'eni-a1', Groups: [WEB] }]);
    expect(ec2.groupsOf('eni-b2')).toEqual([OTHER]);
  });

  it('refuses to plan or apply when a recorded group was deleted since, naming it, and modifies nothing', async () => {
    ec2.addInstance('i-0abc', { 'eni-a1': [ISO], 'eni-b2': [ISO] });
    ec2.groups.delete(SSH);
    const t = target({ 'eni-a1': [WEB, SSH], 'eni-b2': [DB] });
    await expect(fix.plan(ctx(), t)).rejects.toThrow(new RegExp(`security group ${SSH} recorded for instance i-0abc no longer exists`));
    await expect(fix.apply(ctx(), t)).rejects.toThrow(SSH);
    expect(ec2.modifications()).toEqual([]);
    expect(ec2.groupsOf('eni-a1')).toEqual([ISO]);
  });

  it('refuses an instance that does not exist', async () => {
    await expect(fix.plan(ctx(), target({ 'eni-a1': [WEB] }))).rejects.toThrow(/i-0abc/);
  });
});

describe('ec2-restore-instance validation', () => {
  it('refuses a missing restore field, malformed ENI and SG ids, and too many interfaces', () => {
    expect(fix.validate({ resource: 'i-0abc' })).toMatch(/needs the security groups to restore/);
    expect(fix.validate({ restoreSecurityGroups: { 'eni-a1': [WEB] } })).toMatch(/needs the EC2 instance id/);
    expect(fix.validate(target({ 'eni-a1': [WEB] }))).toBeUndefined();
    const bad: [unknown, RegExp][] = [
      [{ 'eni-XYZ': [WEB] }, /"eni-XYZ" is not a network interface id/],
      [{ 'i-0abc': [WEB] }, /is not a network interface id/],
      [JSON.parse(`{"__proto__":["${WEB}"]}`), /is not a network interface id/],
      [{ 'eni-a1': ['sg-web'] }, /"sg-web" \(for eni-a1\) is not a security group id/],
      [{ 'eni-a1': ['sg-0e1; rm -rf'] }, /is not a security group id/],
      [{ 'eni-a1': [42] }, /is not a security group id/],
      [{ 'eni-a1': [] }, /between 1 and 16/],
      [{ 'eni-a1': WEB }, /between 1 and 16/],
      [{ 'eni-a1': Array.from({ length: 17 }, (_, i) => `sg-${i.toString(16)}`) }, /between 1 and 16/],
      [{ 'eni-a1': [WEB, WEB] }, /twice/],
      [Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`eni-${i.toString(16)}`, [WEB]])), /65 network interfaces \(at most 64\)/],
      [{}, /name no network interface/],
      [[['eni-a1', [WEB]]], /not a map/],
      ['eni-a1', /not a map/],
      [null, /not a map/],
    ];
    for (const [groups, reason] of bad) {
      expect(invalidRestoreGroups(groups), JSON.stringify(groups)).toMatch(reason);
      expect(fix.validate({ resource: 'i-0abc', restoreSecurityGroups: groups as Record<string, string[]> }), JSON.stringify(groups)).toMatch(reason);
    }
  });

  it('plan and apply refuse an invalid stored target too, before reading AWS', async () => {
    await expect(fix.plan(ctx(), { resource: 'i-0abc', restoreSecurityGroups: { 'eni-a1': ['sg-web'] } })).rejects.toThrow(/not a security group id/);
    await expect(fix.apply(ctx(), { resource: 'i-0abc' })).rejects.toThrow(/needs the security groups/);
    expect(ec2.mock.calls()).toHaveLength(0);
  });

  it('is a high-risk, plan-verified fix whose permissions cover every EC2 call', () => {
    expect(findRemediation('ec2-restore-instance')).toBe(fix);
    expect(fix.risk).toBe('high');
    expect(fix.changes).toMatch(/isolated because of a finding, re-opening its network access/);
    expect([...fix.permissions].sort()).toEqual(['ec2:DescribeInstances', 'ec2:DescribeSecurityGroups', 'ec2:ModifyNetworkInterfaceAttribute']);
  });
});

describe('the restore target and the Restore network access button', () => {
  it('copies instance, region, account, role and the recorded groups from a succeeded isolation request', () => {
    expect(restoreTargetFor(isolationRequest())).toEqual({
      target: {
        accountId: '111122223333',
        roleArn: 'arn:aws:iam::111122223333:role/remediator',
        region: 'eu-west-1',
        resource: 'i-0abc',
        restoreSecurityGroups: { 'eni-a1': [WEB, SSH], 'eni-b2': [DB] },
      },
    });
  });

  it('refuses other fixes, isolations that did not succeed, and isolations that recorded nothing (or garbage)', () => {
    expect(restoreTargetFor(isolationRequest({ remediation: 'ebs-enable-default-encryption' }))).toEqual({
      error: expect.stringMatching(/did not isolate an EC2 instance/),
    });
    for (const status of ['planning', 'pending', 'approved', 'running', 'failed', 'rejected', 'expired'] as RequestStatus[]) {
      expect(restoreTargetFor(isolationRequest({ status })), status).toEqual({ error: expect.stringContaining(`did not succeed (it is ${status})`) });
    }
    expect(restoreTargetFor(isolationRequest({ result: { outcome: 'already-compliant', summary: 'already', calls: [] } }))).toEqual({
      error: expect.stringMatching(/recorded no security groups/),
    });
    expect(
      restoreTargetFor(isolationRequest({ result: { outcome: 'changed', summary: 'x', calls: [], previous: { securityGroups: { 'eni-a1': ['sg-web'] } } } })),
    ).toEqual({
      error: expect.stringMatching(/recorded no security groups/),
    });
  });

  it('is on the approval message of a succeeded isolation only, carrying just its request id', () => {
    const buttons = (r: RemediationRequest) =>
      approvalMessage(r, findRemediation(r.remediation)!)
        .blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []))
        .filter((e) => 'action_id' in e && e.action_id === ACTIONS.restore);
    expect(buttons(isolationRequest())).toEqual([
      expect.objectContaining({ type: 'button', value: 'R00000000A1', text: { type: 'plain_text', text: 'Restore network access' } }),
    ]);
    expect(buttons(isolationRequest({ status: 'failed' }))).toEqual([]);
    expect(buttons(isolationRequest({ status: 'pending', result: undefined }))).toEqual([]);
    expect(buttons(isolationRequest({ result: { outcome: 'already-compliant', summary: 'already', calls: [] } }))).toEqual([]);
    expect(buttons(isolationRequest({ remediation: 'ec2-restore-instance', target: target({ 'eni-a1': [WEB] }) }))).toEqual([]);
  });
});
