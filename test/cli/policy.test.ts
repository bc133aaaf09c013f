import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { brokerPolicy, revokerPolicy } from '../../src/access/policy.js';
import { scannerPolicy } from '../../src/checks/policy.js';
import { CHECKS } from '../../src/checks/registry.js';
import { runPolicyCli } from '../../src/cli/policy.js';
import { parseConfig } from '../../src/config/load.js';
import { findingsPolicy } from '../../src/findings/policy.js';
import { remediatorPolicy, type IamPolicy, type IamStatement } from '../../src/remediations/policy.js';

const SELF = '111111111111';
const MEMBER = '222222222222';
const CONFIG = {
  access: {
    revokers: [
      { account: SELF, roleArn: `arn:aws:iam::${SELF}:role/gdpr-bot-jit-revoker` },
      { account: MEMBER, roleArn: `arn:aws:iam::${MEMBER}:role/gdpr-bot-jit-revoker` },
    ],
    roles: [
      { name: 'prod-readonly', arn: `arn:aws:iam::${SELF}:role/gdpr-jit-readonly`, permissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      { name: 'prod-admin', arn: `arn:aws:iam::${SELF}:role/gdpr-jit-admin`, permissionsBoundary: `arn:aws:iam::${SELF}:policy/gdpr-jit-admin-boundary` },
      { name: 'member-readonly', arn: `arn:aws:iam::${MEMBER}:role/team/gdpr-jit-readonly` },
    ],
  },
  audit: { s3Bucket: 'acme-gdpr-audit' },
  findings: { accounts: [{ id: MEMBER, roleArn: `arn:aws:iam::${MEMBER}:role/gdpr-bot-findings` }] },
  channels: { findings: 'C0000FIND' },
};

function configFile(raw: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'gdpr-bot-policy-')), 'gdpr-bot.yml');
  writeFileSync(path, stringify(raw));
  return path;
}

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runPolicyCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
  return { code, stdout, stderr };
}

/** The JSON documents of an output, read between the `#` headings. */
function documents(text: string): IamPolicy[] {
  return text
    .split(/^#.*$/m)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => JSON.parse(part) as IamPolicy);
}

const asList = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
/** Whether an IAM resource pattern (with `*`) and a resource can name the same thing. */
function overlaps(a: string, b: string): boolean {
  const re = (p: string) =>
    new RegExp(
      `^${p
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
  return re(a).test(b) || re(b).test(a);
}
const allows = (s: IamStatement, action: string) => s.Effect === 'Allow' && s.Action.some((a) => overlaps(a, action));

describe('npm run policy', () => {
  it('prints every policy that applies, each under its own heading', async () => {
    const { code, stdout, stderr } = await run(['--config', configFile(CONFIG)]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# 1\. Scanner policy \(read-only\)/m);
    expect(stdout).toMatch(/^# 2\. Remediator policy \(changes AWS\)/m);
    expect(stdout).toMatch(/^# 4\. Just-in-time broker/m);
    expect(stdout).toMatch(new RegExp(`^# 5\\. Revoker of account ${SELF}`, 'm'));
    expect(stdout).toMatch(new RegExp(`^# 6\\. Revoker of account ${MEMBER}`, 'm'));
    expect(stdout).toMatch(/^# 7\. Audit shipping/m);
    const config = parseConfig(CONFIG);
    expect(documents(stdout)).toEqual([
      scannerPolicy(CHECKS),
      remediatorPolicy(),
      findingsPolicy(config.findings),
      brokerPolicy(config.access),
      revokerPolicy(config.access, SELF).policy,
      revokerPolicy(config.access, MEMBER).policy,
      documents((await run(['--audit', '--config', configFile(CONFIG)])).stdout)[0],
    ]);
    // The member role has no permissions boundary: said on stderr, not hidden.
    expect(stderr).toMatch(/warning: role member-readonly .* has no permissionsBoundary/);
  });

  it('without a configuration prints the scanner, remediator and findings policies', async () => {
    const { code, stdout } = await run([], { GDPR_BOT_CONFIG: configFile({}) });
    expect(code).toBe(0);
    expect(documents(stdout)).toEqual([scannerPolicy(CHECKS), remediatorPolicy(), findingsPolicy(undefined)]);
  });

  it('keeps the scanner read-only: no action of the remediator that writes is in it', () => {
    const scannerActions = scannerPolicy(CHECKS).Statement.flatMap((s) => s.Action);
    for (const write of ['ec2:EnableEbsEncryptionByDefault', 's3:PutBucketPolicy', 'iam:UpdateAccessKey', 'kms:EnableKeyRotation'])
      expect(scannerActions).not.toContain(write);
    expect(remediatorPolicy().Statement.flatMap((s) => s.Action)).toContain('ec2:EnableEbsEncryptionByDefault');
  });

  it('each flag prints one policy as plain JSON', async () => {
    const path = configFile(CONFIG);
    const config = parseConfig(CONFIG);
    expect(JSON.parse((await run(['--scanner'])).stdout)).toEqual(scannerPolicy(CHECKS));
    expect(JSON.parse((await run(['--remediator'])).stdout)).toEqual(remediatorPolicy());
    expect(JSON.parse((await run(['--jit', '--config', path])).stdout)).toEqual(brokerPolicy(config.access));
    expect(JSON.parse((await run(['--revoker', '--account', MEMBER, '--config', path])).stdout)).toEqual(revokerPolicy(config.access, MEMBER).policy);
    expect(JSON.parse((await run(['--findings', '--config', path])).stdout)).toEqual(findingsPolicy(config.findings));
    expect(JSON.parse((await run(['--audit', '--config', path])).stdout).Statement).toEqual([
      {
        Sid: 'GdprBotShipAuditLog',
        Effect: 'Allow',
        Action: ['s3:PutObject'],
        Resource: 'arn:*:s3:::acme-gdpr-audit/gdpr-bot/audit/*',
        Condition: { StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } },
      },
    ]);
  });

  it('refuses unknown options, two flags, and what the configuration cannot build, saying why', async () => {
    for (const args of [['--all'], ['--scanner', '--remediator'], ['--jit', '--account', MEMBER]]) {
      const { code, stdout, stderr } = await run(args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/usage: gdpr-bot policy/);
    }
    const path = configFile(CONFIG);
    expect(await run(['--revoker', '--config', path])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/several accounts; choose one with --account \(111111111111, 222222222222\)/),
    });
    expect(await run(['--jit', '--config', configFile({})])).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/no just-in-time roles/) });
    expect(await run(['--audit', '--config', configFile({})])).toMatchObject({ code: 1, stderr: expect.stringMatching(/audit.s3Bucket is not set/) });
  });
});

describe('the generated IAM has no escalation path', () => {
  const config = parseConfig(CONFIG);
  const revokers = [SELF, MEMBER].map((a) => revokerPolicy(config.access, a).policy);
  const all: IamPolicy[] = [scannerPolicy(CHECKS) as IamPolicy, remediatorPolicy(), findingsPolicy(config.findings), brokerPolicy(config.access), ...revokers];

  it('no policy lets one identity both write a role’s policies and assume it (or any role the other may)', () => {
    const writers = ['iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DeleteRolePermissionsBoundary', 'iam:UpdateAssumeRolePolicy'];
    for (const policy of all) {
      const statements = policy.Statement;
      const written = statements.filter((s) => writers.some((w) => allows(s, w))).flatMap((s) => asList(s.Resource));
      const assumed = statements.filter((s) => allows(s, 'sts:AssumeRole')).flatMap((s) => asList(s.Resource));
      for (const w of written)
        for (const a of assumed) expect(overlaps(w, a), `${w} is both written and assumed in ${statements.map((s) => s.Sid).join(',')}`).toBe(false);
    }
    // And the broker's JIT roles are never written by anyone but a revoker.
    for (const policy of [scannerPolicy(CHECKS) as IamPolicy, remediatorPolicy(), findingsPolicy(config.findings), brokerPolicy(config.access)]) {
      expect(policy.Statement.filter((s) => allows(s, 'iam:PutRolePolicy'))).toEqual([]);
    }
  });

  it('the broker only assumes roles, scoped to the configured ARNs and their accounts', () => {
    const broker = brokerPolicy(config.access);
    expect(broker.Statement.flatMap((s) => s.Action).every((a) => a.startsWith('sts:'))).toBe(true);
    expect(broker.Statement[0]).toMatchObject({
      Resource: config.access.roles.map((r) => r.arn).sort(),
      Condition: { StringEquals: { 'aws:ResourceAccount': [SELF, MEMBER] } },
    });
    expect(broker.Statement[1]).toMatchObject({ Action: ['sts:AssumeRole'], Resource: config.access.revokers.map((r) => r.roleArn).sort() });
  });

  it('the revoker writes only its account’s JIT roles, only while they carry their boundary, and is denied AssumeRole and boundary changes', () => {
    const own = revokerPolicy(config.access, SELF).policy;
    const writes = own.Statement.filter((s) => allows(s, 'iam:PutRolePolicy'));
    expect(writes).toHaveLength(2);
    for (const s of writes) {
      expect(asList(s.Resource).every((r) => r.startsWith(`arn:aws:iam::${SELF}:role/gdpr-jit-`))).toBe(true);
      expect(s.Condition?.StringEquals?.['iam:PermissionsBoundary']).toMatch(/^arn:aws:iam::(aws|111111111111):policy\//);
      expect(s.Condition?.StringEquals?.['aws:ResourceAccount']).toBe(SELF);
    }
    const deny = own.Statement.find((s) => s.Effect === 'Deny')!;
    expect(deny).toMatchObject({ Resource: '*' });
    expect(deny.Action).toEqual(
      expect.arrayContaining(['sts:AssumeRole', 'iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary', 'iam:AttachRolePolicy']),
    );
    expect(revokerPolicy(config.access, MEMBER).warnings).toHaveLength(1);
  });

  it('every remediator iam:CreateServiceLinkedRole names its services; every statement is held to the caller’s account; user, bucket, key and trail actions are scoped', () => {
    const policy = remediatorPolicy();
    const slr = policy.Statement.filter((s) => s.Action.includes('iam:CreateServiceLinkedRole'));
    expect(slr.length).toBeGreaterThan(0);
    for (const s of slr) {
      expect(s.Action).toEqual(['iam:CreateServiceLinkedRole']);
      expect(s.Condition?.StringEquals?.['iam:AWSServiceName']).toEqual([
        'access-analyzer.amazonaws.com',
        'guardduty.amazonaws.com',
        'inspector2.amazonaws.com',
        'macie.amazonaws.com',
        'securityhub.amazonaws.com',
      ]);
      expect(s.Resource).toBe('arn:*:iam::*:role/aws-service-role/*');
    }
    for (const s of policy.Statement) {
      const condition = s.Condition?.StringEquals ?? s.Condition?.StringEqualsIfExists;
      expect(condition?.['aws:ResourceAccount'], s.Sid).toBe('${aws:PrincipalAccount}');
      if (s.Resource !== '*') expect(s.Condition?.StringEquals?.['aws:ResourceAccount'], s.Sid).toBe('${aws:PrincipalAccount}');
    }
    const resourceOf = (action: string) => policy.Statement.find((s) => s.Action.includes(action))?.Resource;
    expect(resourceOf('iam:UpdateAccessKey')).toBe('arn:*:iam::*:user/*');
    expect(resourceOf('s3:PutBucketPolicy')).toBe('arn:*:s3:::*');
    expect(resourceOf('kms:EnableKeyRotation')).toBe('arn:*:kms:*:*:key/*');
    expect(resourceOf('cloudtrail:UpdateTrail')).toBe('arn:*:cloudtrail:*:*:trail/*');
    expect(resourceOf('s3:PutAccountPublicAccessBlock')).toBe('*');
  });
});
