import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The import rules of docs/ARCHITECTURE.md, checked on the real source tree with the rules in
 * .dependency-cruiser.cjs (the same ones `npm run depcruise` applies). A violation fails the test and
 * is listed as `rule: from → to`.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as {
  forbidden: IForbiddenRuleType[];
  options: Record<string, unknown>;
};
const SOURCES = ['src', 'commands', 'jobs'];

async function run(forbidden: IForbiddenRuleType[]): Promise<string[]> {
  const result = await cruise(SOURCES, { ...config.options, baseDir: ROOT, validate: true, ruleSet: { forbidden } });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (circle: ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`);
}

const rule = (name: string): IForbiddenRuleType => {
  const found = config.forbidden.find((r) => r.name === name);
  if (!found) throw new Error(`no rule ${name} in .dependency-cruiser.cjs`);
  return found;
};

describe('import rules (.dependency-cruiser.cjs, docs/ARCHITECTURE.md)', () => {
  let violations: string[];
  beforeAll(async () => {
    violations = await run(config.forbidden);
  }, 120_000);

  it('src/, commands/ and jobs/ break none of them', () => {
    expect(violations).toEqual([]);
  });

  it('every rule has teeth: without its exceptions it catches imports that exist today', async () => {
    // A typo in a path pattern would make a rule match nothing and pass forever; each rule, stripped of
    // its exceptions, must catch the imports the exceptions allow (renamed so each can be told apart).
    const slack = rule('slack-only-at-the-edge');
    const src = rule('src-not-to-listeners-or-jobs');
    const checks = rule('checks-read-collector-types-only');
    const demo = rule('demo-stays-in-the-demo');
    const approvals = rule('approvals-kernel-below-features');
    const adapter = rule('slack-adapter-holds-no-feature');
    const relaxed: IForbiddenRuleType[] = [
      // It has no exceptions: widened to a port the adapter does use, it must catch that import.
      { ...adapter, name: 'adapter-to-a-port', to: { path: '^src/notify/' } },
      { ...approvals, name: 'approvals-without-exceptions', to: { path: '^src/', pathNot: ['^src/approvals/'] } },
      { ...slack, name: 'slack-without-exceptions', from: { path: '^src/', pathNot: ['^src/slack/'] } },
      { ...src, name: 'src-without-exceptions', from: { path: '^src/' } },
      { ...checks, name: 'checks-with-types', to: { path: '^src/aws/collectors/', pathNot: ['^src/aws/collectors/context\\.ts$'] } },
      { ...demo, name: 'demo-without-exceptions', from: { path: '^(src|commands|jobs)/', pathNot: ['^src/demo/'] } },
    ];
    const caught = await run(relaxed);
    expect(caught.some((v) => v.startsWith('slack-without-exceptions: src/findings/messages.ts → src/slack/'))).toBe(true);
    expect(caught).toContain('src-without-exceptions: src/main.ts → commands/index.ts');
    expect(caught.some((v) => v.startsWith('checks-with-types: src/checks/'))).toBe(true);
    expect(caught).toContain('demo-without-exceptions: src/cli/main.ts → src/demo/cli.ts');
    expect(caught).toContain('approvals-without-exceptions: src/approvals/store.ts → src/redis/scripts.ts');
    expect(caught.some((v) => v.startsWith('adapter-to-a-port: src/slack/'))).toBe(true);
  }, 120_000);
});

/** Every .ts file under `dir` (relative to the project root). */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('checks import collector modules with `import type` only', () => {
  // dependency-cruiser labels `import { type X } from` and `import x, { type Y } from` as type-only, yet
  // both load the module at run time (verbatimModuleSyntax keeps the statement), so the rule
  // checks-read-collector-types-only is backed by reading the statements themselves.
  it('no statement in src/checks/ loads a collector module other than context.ts', () => {
    const offending: string[] = [];
    const statement = /^(import|export)\s+(type\s+)?[^;]*?\sfrom\s+'([^']+)'/gms;
    for (const file of sources('src/checks')) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(statement)) {
        const target = relative(ROOT, resolve(ROOT, dirname(file), m[3]!));
        if (!target.startsWith('src/aws/collectors/') || target === 'src/aws/collectors/context.js') continue;
        if (!m[2]) offending.push(`${file}: ${m[0].split('\n')[0]}`);
      }
    }
    expect(offending).toEqual([]);
  });
});

describe('job processors are thin adapters', () => {
  const MAX_LINES = 60;

  it(`every file in jobs/ has at most ${MAX_LINES} lines: a switch over job names that calls a flow`, () => {
    const long = sources('jobs')
      .map((file) => ({ file, lines: readFileSync(join(ROOT, file), 'utf8').trimEnd().split('\n').length }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});
