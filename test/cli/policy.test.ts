import { describe, expect, it } from 'vitest';
import { scannerPolicy } from '../../src/checks/policy.js';
import { CHECKS } from '../../src/checks/registry.js';
import { runPolicyCli } from '../../src/cli/policy.js';
import { remediatorPolicy } from '../../src/remediations/policy.js';

function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runPolicyCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** The JSON documents of an output, read between the `#` headings. */
function documents(text: string): unknown[] {
  return text
    .split(/^#.*$/m)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => JSON.parse(part) as unknown);
}

describe('npm run policy', () => {
  it('prints both policies, scanner first, each under its own heading', () => {
    const { code, stdout } = run([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# 1\. Scanner policy \(read-only\)/m);
    expect(stdout).toMatch(/^# 2\. Remediator policy \(changes AWS\)/m);
    expect(documents(stdout)).toEqual([scannerPolicy(CHECKS), remediatorPolicy()]);
  });

  it('keeps the scanner read-only: no action of the remediator that writes is in it', () => {
    const scannerActions = scannerPolicy(CHECKS).Statement.flatMap((s) => s.Action);
    for (const write of ['ec2:EnableEbsEncryptionByDefault', 's3:PutBucketPolicy', 'iam:UpdateAccessKey', 'kms:EnableKeyRotation']) expect(scannerActions).not.toContain(write);
    expect(remediatorPolicy().Statement.flatMap((s) => s.Action)).toContain('ec2:EnableEbsEncryptionByDefault');
  });

  it('--scanner and --remediator print one policy as plain JSON', () => {
    expect(JSON.parse(run(['--scanner']).stdout)).toEqual(scannerPolicy(CHECKS));
    expect(JSON.parse(run(['--remediator']).stdout)).toEqual(remediatorPolicy());
  });

  it('refuses unknown options and both flags at once, with the usage', () => {
    for (const args of [['--all'], ['--scanner', '--remediator']]) {
      const { code, stdout, stderr } = run(args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/usage: gdpr-bot policy/);
    }
  });
});
