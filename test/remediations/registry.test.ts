import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { remediatorPolicy } from '../../src/remediations/policy.js';
import { CHECKS, getCheck } from '../../src/checks/registry.js';
import { README_CHECKS_BEGIN, README_CHECKS_END } from '../../src/checks/docs.js';
import { findRemediation, fixesFor, fixOf, REMEDIATIONS } from '../../src/remediations/catalog/index.js';
import type { Remediation } from '../../src/remediations/types.js';

const DIR = fileURLToPath(new URL('../../src/remediations/catalog/', import.meta.url));
/** Files of src/remediations/catalog/ that are not fixes: the list itself. */
const MACHINERY = new Set(['index']);
/**
 * The fixes no check offers (their `fixes` are empty): `ec2-isolate-instance`, which only the findings
 * feed asks for, and `ec2-restore-instance`, which only **Restore network access** on a succeeded
 * isolation asks for. A new fix without a check is added here on purpose.
 */
const NO_CHECK: readonly string[] = ['ec2-isolate-instance', 'ec2-restore-instance'];

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

/** The README's generated checks table (`npm run docs`): check id → the fix its Fix column names, or undefined for `—`. */
function readmeFixColumn(): Map<string, string | undefined> {
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  const table = readme.slice(readme.indexOf(README_CHECKS_BEGIN), readme.indexOf(README_CHECKS_END));
  const rows = new Map<string, string | undefined>();
  for (const line of table.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    const check = /^`([a-z0-9_]+)`/.exec(cells[2] ?? '')?.[1];
    if (!check) continue;
    const fix = cells[cells.length - 2]!;
    rows.set(check, fix === '—' ? undefined : /^`([a-z0-9-]+)`$/.exec(fix)![1]);
  }
  return rows;
}

describe("the links between checks and fixes (derived from each fix's `fixes`)", () => {
  it.each(REMEDIATIONS.map((r) => [r.id, r] as const))('%s fixes only checks that exist, each named once', (_id, r) => {
    for (const checkId of r.fixes) expect(getCheck(checkId), `${r.id} fixes ${checkId}, which is no check`).toBeDefined();
    expect(new Set(r.fixes).size, `${r.id} names a check twice`).toBe(r.fixes.length);
  });

  it('no check is fixed by two fixes', () => {
    const claims = new Map<string, string[]>();
    for (const r of REMEDIATIONS) for (const checkId of r.fixes) claims.set(checkId, [...(claims.get(checkId) ?? []), r.id]);
    for (const [checkId, fixes] of claims) expect(fixes, `${checkId} is fixed by more than one fix`).toHaveLength(1);
  });

  it.each(REMEDIATIONS.map((r) => [r.id, r] as const))('%s is offered by at least one check, or is one of the fixes no check offers', (id, r) => {
    const linked = CHECKS.filter((c) => fixOf(c.id) === r).map((c) => c.id);
    expect(linked.sort()).toEqual([...r.fixes].sort());
    if (NO_CHECK.includes(id)) expect(linked, `${id} is offered by no check but a check links it`).toEqual([]);
    else expect(linked.length, `no check is listed in the fixes of ${id}`).toBeGreaterThan(0);
  });

  it.each(CHECKS.filter((c) => fixOf(c.id)).map((c) => [c.id, fixOf(c.id)!.id] as const))(
    '%s offers %s, which exists and is offered by a check',
    (_id, remediation) => {
      expect(findRemediation(remediation)).toBeDefined();
      expect(NO_CHECK).not.toContain(remediation);
    },
  );

  it('the fixes no check offers exist in the catalog, and the fixes checks offer are exactly the others', () => {
    for (const id of NO_CHECK) expect(findRemediation(id), id).toBeDefined();
    const offered = new Set(CHECKS.map((c) => fixOf(c.id)?.id).filter((id) => id !== undefined));
    expect([...offered].sort()).toEqual(
      REMEDIATIONS.map((r) => r.id)
        .filter((id) => !NO_CHECK.includes(id))
        .sort(),
    );
  });

  it('a check gets a second fix only where a fix takes it over on purpose (takesOver), and both are asked in that order', () => {
    const takenOver = Object.fromEntries(CHECKS.filter((c) => fixesFor(c.id).length > 1).map((c) => [c.id, fixesFor(c.id).map((r) => r.id)]));
    expect(takenOver).toEqual({ iam_user_unused_credentials: ['iam-deactivate-access-key', 'iam-remove-unused-credentials'] });
    for (const r of REMEDIATIONS) {
      for (const checkId of r.takesOver ?? []) {
        expect(getCheck(checkId), `${r.id} takes over ${checkId}, which is no check`).toBeDefined();
        expect(fixOf(checkId), `${checkId} is taken over by ${r.id} but offers no fix of its own`).toBeDefined();
        expect(fixOf(checkId), `${r.id} takes over a check it fixes anyway`).not.toBe(r);
        expect(typeof r.targetFromResult, `${r.id} must be able to decline what it does not take over`).toBe('function');
      }
    }
  });

  it('follow-ups name fixes that can follow a request, and every such fix follows some fix', () => {
    const followed = REMEDIATIONS.flatMap((r) => (r.followUps ?? []).map((next) => [r.id, next] as const));
    expect(followed).toEqual([['ec2-isolate-instance', 'ec2-restore-instance']]);
    for (const [, next] of followed) expect(typeof findRemediation(next)?.targetFromRequest, next).toBe('function');
    const followers = REMEDIATIONS.filter((r) => r.targetFromRequest).map((r) => r.id);
    expect(followers.sort()).toEqual([...new Set(followed.map(([, next]) => next))].sort());
  });

  it("every check the README's checks table gives a fix has that fix, and every other check has none", () => {
    const column = readmeFixColumn();
    expect([...column.keys()].sort()).toEqual(CHECKS.map((c) => c.id).sort());
    for (const c of CHECKS) expect(fixOf(c.id)?.id, c.id).toBe(column.get(c.id));
    expect([...column.values()].filter(Boolean).length).toBeGreaterThanOrEqual(20);
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
