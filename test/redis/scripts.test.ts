import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

/** Files that still run a script inline while other work moves them to src/redis/scripts.ts; each must exist. */
const INLINE_EVAL_ALLOWED = new Set(['src/access/store.ts']);

describe('Lua scripts are defined once, in src/redis/scripts.ts', () => {
  it('no module of src/, commands/ or jobs/ runs an inline EVAL', () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'commands', 'jobs']) {
      for (const file of readdirSync(new URL(dir, root), { recursive: true, encoding: 'utf8' })) {
        const path = `${dir}/${file}`;
        if (!path.endsWith('.ts') || path === 'src/redis/scripts.ts' || INLINE_EVAL_ALLOWED.has(path)) continue;
        if (/\.(eval|evalsha)\s*\(/.test(readFileSync(new URL(path, root), 'utf8'))) offenders.push(path);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('allow-lists only files that exist', () => {
    for (const path of INLINE_EVAL_ALLOWED) expect(existsSync(new URL(path, root)), path).toBe(true);
  });
});
