import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLLECTORS, isCollectorId } from '../../src/aws/collectors/index.js';
import type { S3Bucket } from '../../src/aws/collectors/s3.js';
import { evaluateChecks } from '../../src/checks/engine.js';
import { scannerActions } from '../../src/checks/policy.js';
import { CHECKS, checksByArticle, getCheck, parseCheckSelector } from '../../src/checks/registry.js';
import { ACTION_ITEM_NUMBERS, CHECK_STATUSES, CheckStatus, GDPR_ARTICLES, SEVERITIES } from '../../src/checks/types.js';
import { fixOf, REMEDIATIONS } from '../../src/remediations/catalog/index.js';
import { loadAdversarialCases } from './adversarial.js';
import { compliantSnapshot, FAIL, PARTIAL_ERROR, snapshotWith } from './fixtures.js';

const ADVERSARIAL = await loadAdversarialCases();

const CHECKS_DIR = join(import.meta.dirname, '../../src/checks');
const checkFiles = readdirSync(CHECKS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .flatMap((dir) => readdirSync(join(CHECKS_DIR, dir.name)).map((file) => ({ service: dir.name, id: file.replace(/\.ts$/, '') })));

describe('the check registry', () => {
  it('lists every check file exactly once, with id = file name = <service>_<resource>_<property>', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(checkFiles.map((f) => f.id).sort());
    for (const { service, id } of checkFiles) {
      expect(id).toMatch(/^[a-z0-9]+(_[a-z0-9]+)+$/);
      expect(id.startsWith(`${service}_`), `${id} lives in ${service}/`).toBe(true);
    }
  });

  it('has complete metadata on every check', () => {
    for (const c of CHECKS) {
      expect(c.title.length, c.id).toBeGreaterThan(5);
      expect(c.demands.length, `${c.id} says what it demands`).toBeGreaterThan(30);
      expect(c.demands, `${c.id}: demands is one line`).not.toMatch(/\n/);
      expect(c.rationale.length, c.id).toBeGreaterThan(20);
      expect(ACTION_ITEM_NUMBERS, c.id).toContain(c.actionItem);
      expect(c.gdpr.length, c.id).toBeGreaterThan(0);
      for (const a of c.gdpr) expect(GDPR_ARTICLES, c.id).toContain(a);
      expect(SEVERITIES, c.id).toContain(c.severity);
      expect(c.needs.length, c.id).toBeGreaterThan(0);
      expect(c.permissions.length, c.id).toBeGreaterThan(0);
      for (const p of c.permissions) expect(p, c.id).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
      const fix = fixOf(c.id);
      if (fix) expect(REMEDIATIONS, c.id).toContain(fix);
    }
  });

  it('has a collector for every need, and regional checks need only regional collectors', () => {
    for (const c of CHECKS) {
      for (const need of c.needs) {
        expect(isCollectorId(need), `${c.id} needs ${need}`).toBe(true);
        if (c.scope === 'region') expect(COLLECTORS[need].scope, `${c.id} is regional but needs ${need}`).toBe('region');
      }
    }
  });

  it('covers every one of the 14 action items', () => {
    for (const item of ACTION_ITEM_NUMBERS) expect(CHECKS.filter((c) => c.actionItem === item).length, `action item ${item}`).toBeGreaterThan(0);
  });

  it('derives the article view from metadata: every check appears under each of its articles, and only there', () => {
    const view = checksByArticle();
    for (const article of GDPR_ARTICLES) expect(view.get(article)!.length, article).toBeGreaterThan(0);
    for (const c of CHECKS) {
      for (const article of GDPR_ARTICLES) expect(view.get(article)!.includes(c)).toBe(c.gdpr.includes(article));
    }
  });

  it('lists every permission of every check in the scanner policy', () => {
    const actions = new Set(scannerActions(CHECKS));
    for (const c of CHECKS) for (const p of c.permissions) expect(actions.has(p), p).toBe(true);
  });

  it('has a fail fixture for every check and no fixture for a check that does not exist', () => {
    expect(Object.keys(FAIL).sort()).toEqual(CHECKS.map((c) => c.id).sort());
    for (const id of Object.keys(PARTIAL_ERROR)) expect(getCheck(id), id).toBeDefined();
  });

  it('has at least one adversarial fixture for every check, and none for a check that does not exist', () => {
    const covered = new Set(ADVERSARIAL.map((c) => c.check));
    const missing = CHECKS.map((c) => c.id).filter((id) => !covered.has(id));
    expect(missing, 'checks without an adversarial fixture (test/checks/adversarial/<service>.ts)').toEqual([]);
    for (const c of ADVERSARIAL) {
      expect(getCheck(c.check), c.check).toBeDefined();
      expect(c.source.length, `${c.check}: ${c.name} names the AWS behaviour it follows`).toBeGreaterThan(10);
    }
  });
});

describe.each(ADVERSARIAL.map((c) => [`${c.check}: ${c.name}`, c] as const))('adversarial %s', (_name, c) => {
  it(`is judged ${c.expect}`, () => {
    const findings = getCheck(c.check)!.evaluate(snapshotWith(c.mutate));
    const about = c.resource ? findings.filter((f) => f.resource.includes(c.resource!)) : findings;
    expect(about.length, `results about ${c.resource ?? 'anything'}: ${JSON.stringify(findings)}`).toBeGreaterThan(0);
    if (c.expect === 'pass') {
      expect(
        about.filter((f) => f.status === CheckStatus.Fail || f.status === CheckStatus.Error),
        JSON.stringify(about),
      ).toEqual([]);
      expect(about.some((f) => f.status === CheckStatus.Pass)).toBe(true);
      return;
    }
    if (c.expect === 'not_applicable') {
      expect(
        about.filter((f) => f.status !== CheckStatus.NotApplicable),
        JSON.stringify(about),
      ).toEqual([]);
      return;
    }
    const wanted = c.expect === 'fail' ? CheckStatus.Fail : CheckStatus.Error;
    expect(
      about.some((f) => f.status === wanted),
      JSON.stringify(about),
    ).toBe(true);
    if (c.resource)
      expect(
        about.filter((f) => f.status === CheckStatus.Pass),
        JSON.stringify(about),
      ).toEqual([]);
    if (c.expect === 'error')
      expect(
        about.filter((f) => f.status === CheckStatus.Fail),
        'no guessed fail',
      ).toEqual([]);
  });
});

describe.each(CHECKS.map((c) => [c.id, c] as const))('check %s', (_id, check) => {
  it('passes on a compliant account (pass fixture)', () => {
    const findings = check.evaluate(compliantSnapshot());
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.some((f) => f.status === CheckStatus.Pass)).toBe(true);
    for (const f of findings) {
      expect([CheckStatus.Pass, CheckStatus.NotApplicable]).toContain(f.status);
      const names = f.resource.split(/[:/]/).filter((part) => part.length >= 3 && !['arn', 'aws', 'root'].includes(part));
      expect(
        names.some((n) => f.message.includes(n)),
        `"${f.message}" names ${f.resource}`,
      ).toBe(true);
    }
  });

  it('fails when its setting is wrong (fail fixture), naming the resource', () => {
    const findings = check.evaluate(snapshotWith(FAIL[check.id]));
    const failed = findings.filter((f) => f.status === CheckStatus.Fail);
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect(f.message.length).toBeGreaterThan(10);
  });

  it.each(check.needs.map((n) => [n]))('returns error, never pass, when the %s collector failed', (need) => {
    const s = compliantSnapshot();
    delete s.data[need];
    s.errors[need] = { call: `${need}:Something`, kind: 'denied', code: 'AccessDenied', message: 'not authorized' };
    const findings = check.evaluate(s);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.status).toBe(CheckStatus.Error);
      expect(f.message).toContain('AccessDenied');
    }
  });

  it('returns error, never pass, when its input was never collected', () => {
    const s = compliantSnapshot();
    for (const need of check.needs) delete s.data[need];
    for (const f of check.evaluate(s)) expect(f.status).toBe(CheckStatus.Error);
  });
});

describe.each(Object.keys(PARTIAL_ERROR).map((id) => [id]))('check %s with one read denied', (id) => {
  it('returns error naming the call, and no pass for that resource', () => {
    const findings = getCheck(id)!.evaluate(snapshotWith(PARTIAL_ERROR[id]));
    const errors = findings.filter((f) => f.status === CheckStatus.Error);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.message).toMatch(/AccessDenied on [a-z0-9-]+:[A-Za-z]+/);
    for (const e of errors) expect(findings.filter((f) => f.resource === e.resource && f.status === CheckStatus.Pass)).toHaveLength(0);
    expect(CHECK_STATUSES).toContain(findings[0]!.status);
  });
});

describe('the engine', () => {
  it('runs account-wide checks only on the home snapshot and labels them global', async () => {
    const home = await evaluateChecks(compliantSnapshot(), CHECKS);
    const other = await evaluateChecks({ ...compliantSnapshot(), home: false, region: 'eu-central-1' }, CHECKS);
    expect(home.some((r) => r.checkId === 'iam_root_mfa_enabled' && r.region === 'global')).toBe(true);
    expect(other.some((r) => r.checkId === 'iam_root_mfa_enabled')).toBe(false);
    expect(other.some((r) => r.checkId === 'guardduty_enabled' && r.region === 'eu-central-1')).toBe(true);
  });

  it('gives the event loop turns while it evaluates a 5,000-bucket account, and still returns every result (issue #19)', async () => {
    const snapshot = compliantSnapshot();
    const s3 = snapshot.data.s3!;
    const [template] = (s3.buckets as { ok: true; value: S3Bucket[] }).value;
    const buckets = Array.from({ length: 5000 }, (_, i) => ({ ...structuredClone(template!), name: `bucket-${i}`, arn: `arn:aws:s3:::bucket-${i}` }));
    snapshot.data.s3 = { ...s3, buckets: { ok: true, value: buckets } };
    // What else the process has to do meanwhile (a Slack request, a timer): counted each time it gets a turn.
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const results = await evaluateChecks(snapshot, CHECKS);
    ticking = false;
    expect(turns).toBeGreaterThanOrEqual(CHECKS.length);
    const perBucket = results.filter((r) => r.checkId === 's3_bucket_default_encryption');
    expect(perBucket).toHaveLength(5000);
    expect(perBucket.every((r) => r.status === 'pass')).toBe(true);
  });

  it('turns a check that throws into an error result', async () => {
    const broken = {
      ...getCheck('ebs_default_encryption')!,
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const [r] = await evaluateChecks(compliantSnapshot(), [broken]);
    expect(r).toMatchObject({ status: 'error', checkId: 'ebs_default_encryption' });
    expect(r!.message).toContain('boom');
  });

  it('parses scan selectors: all, an action item, check ids, and reports unknown words', () => {
    expect(parseCheckSelector([]).selector).toEqual({ kind: 'all' });
    expect(parseCheckSelector(['12']).selector).toEqual({ kind: 'actionItem', item: 12 });
    expect(parseCheckSelector(['s3_bucket_tls_only']).selector).toEqual({ kind: 'checks', ids: ['s3_bucket_tls_only'] });
    expect(parseCheckSelector(['nonsense']).unknown).toEqual(['nonsense']);
  });
});
