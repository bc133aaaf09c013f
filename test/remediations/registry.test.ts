import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { remediatorPolicy } from '../../src/remediations/policy.js';
import { CHECKS } from '../../src/checks/registry.js';
import { REMEDIATION_IDS } from '../../src/checks/types.js';
import { REMEDIATIONS_WITHOUT_CHECK, findRemediation, REMEDIATIONS } from '../../src/remediations/catalog/index.js';
import type { Remediation } from '../../src/remediations/types.js';

const DIR = fileURLToPath(new URL('../../src/remediations/catalog/', import.meta.url));
/** Files of src/remediations/catalog/ that are not fixes: the list itself. */
const MACHINERY = new Set(['index']);

describe('the remediation registry', () => {
  it('has unique kebab-case ids, each equal to the name of the file that exports it', async () => {
    const ids = REMEDIATIONS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of REMEDIATIONS) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      const module = (await import(/* @vite-ignore */ new URL(`${r.id}.ts`, `file://${DIR}`).href)) as Record<string, Remediation>;
      expect(Object.values(module), `src/remediations/catalog/${r.id}.ts exports ${r.id}`).toContain(r);
    }
  });

  it('lists every fix file in src/remediations/catalog/', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3))
      .filter((f) => !MACHINERY.has(f));
    expect(files.sort()).toEqual(REMEDIATIONS.map((r) => r.id).sort());
  });

  it('contains at least the fixes the product promises', () => {
    expect(REMEDIATIONS.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'ebs-enable-default-encryption',
        's3-account-block-public-access',
        's3-bucket-block-public-access',
        's3-bucket-default-encryption',
        's3-bucket-tls-only',
        'cloudtrail-enable-log-validation',
        'kms-enable-key-rotation',
        'guardduty-enable',
        'macie-enable',
        'securityhub-enable',
        'inspector-enable',
        'accessanalyzer-create',
        'iam-deactivate-access-key',
        'iam-set-password-policy',
        'ec2-isolate-instance',
        'ec2-restore-instance',
      ]),
    );
  });

  it.each(REMEDIATIONS.map((r) => [r.id, r] as const))('%s has complete metadata and IAM permissions', (_id, r) => {
    expect(r.title.length).toBeGreaterThan(5);
    expect(r.title.length).toBeLessThanOrEqual(140);
    expect(r.changes).toMatch(/^[A-Z].{20,}\.$/);
    expect(r.changes.split(/\.\s/).length, 'one sentence').toBe(1);
    expect(['low', 'medium', 'high']).toContain(r.risk);
    expect(['account', 'region', 'resource']).toContain(r.target);
    expect(r.permissions.length).toBeGreaterThan(0);
    for (const p of r.permissions) expect(p).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
    expect(typeof r.plan).toBe('function');
    expect(typeof r.apply).toBe('function');
    if (r.target === 'resource') expect(r.validate({})).toMatch(/needs/);
    else expect(r.validate({})).toBeUndefined();
  });

  it('marks the fixes that can break workloads as high risk', () => {
    const high = REMEDIATIONS.filter((r) => r.risk === 'high').map((r) => r.id);
    expect(high).toEqual(expect.arrayContaining(['s3-account-block-public-access', 'ec2-isolate-instance', 'ec2-restore-instance']));
  });
});

describe('the links between checks and fixes', () => {
  it.each(REMEDIATIONS.map((r) => [r.id] as const))('%s is offered by at least one check, or listed as finding-only', (id) => {
    const linked = CHECKS.filter((c) => c.remediation === id).map((c) => c.id);
    if (REMEDIATIONS_WITHOUT_CHECK.includes(id)) expect(linked, `${id} is finding-only but a check links it`).toEqual([]);
    else expect(linked.length, `no check has remediation: '${id}'`).toBeGreaterThan(0);
  });

  it.each(CHECKS.filter((c) => c.remediation).map((c) => [c.id, c.remediation!] as const))('%s offers %s, which exists and is not finding-only', (_id, remediation) => {
    expect(findRemediation(remediation)).toBeDefined();
    expect(REMEDIATIONS_WITHOUT_CHECK).not.toContain(remediation);
  });

  it('finding-only fixes exist in the catalog, and the ids checks may name are exactly the linkable fixes', () => {
    for (const id of REMEDIATIONS_WITHOUT_CHECK) expect(findRemediation(id), id).toBeDefined();
    expect([...REMEDIATION_IDS].sort()).toEqual(REMEDIATIONS.map((r) => r.id).filter((id) => !REMEDIATIONS_WITHOUT_CHECK.includes(id)).sort());
  });
});

describe('the remediator IAM policy', () => {
  it('allows exactly the permissions the fixes declare, grouped by service', () => {
    const policy = remediatorPolicy();
    const actions = policy.Statement.flatMap((s) => s.Action);
    expect(new Set(actions)).toEqual(new Set(REMEDIATIONS.flatMap((r) => r.permissions)));
    expect(new Set(policy.Statement.map((s) => s.Sid)).size).toBe(policy.Statement.length);
    for (const s of policy.Statement) {
      expect(s.Effect).toBe('Allow');
      expect(new Set(s.Action.map((a) => a.split(':')[0])).size).toBe(1);
    }
    expect(actions).toContain('s3:PutBucketPolicy');
    expect(actions).not.toContain('iam:DeleteAccessKey');
  });
});
