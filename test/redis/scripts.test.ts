import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

describe('Lua scripts are defined once, in src/redis/scripts.ts', () => {
  it('no module of src/, commands/ or jobs/ runs an inline EVAL', () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'commands', 'jobs']) {
      for (const file of readdirSync(new URL(dir, root), { recursive: true, encoding: 'utf8' })) {
        const path = `${dir}/${file}`;
        if (!path.endsWith('.ts') || path === 'src/redis/scripts.ts') continue;
        if (/\.(eval|evalsha)\s*\(/.test(readFileSync(new URL(path, root), 'utf8'))) offenders.push(path);
      }
    }
    expect(offenders).toEqual([]);
  });
});
