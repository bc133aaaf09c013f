import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Snapshot } from '../../src/aws/snapshot.js';

/**
 * An adversarial fixture: an AWS answer shaped like the real one that *looks* compliant and is not (or
 * looks failing and is compliant, or cannot be judged), taken from AWS's documented behaviour. The
 * registry test requires at least one for every check, so a new check cannot land without one.
 *
 * Cases live in `test/checks/adversarial/<service>.ts`, each file exporting `CASES`.
 */
export interface AdversarialCase {
  /** The check id. */
  check: string;
  /** The trap, in one line: what it looks like and what it is. */
  name: string;
  /** The documented AWS behaviour the fixture follows (API field, documentation page). */
  source: string;
  /** Applied to a copy of the compliant snapshot (`test/checks/fixtures.ts`). */
  mutate: (s: Snapshot) => void;
  /**
   * What the check must say: `fail` for a trap that looks compliant; `error` when what was read cannot
   * decide (never a pass, never a guessed fail); `pass` for a look-alike failure that is compliant;
   * `not_applicable` for a resource the control does not cover (and that must not be counted as passing).
   */
  expect: 'fail' | 'error' | 'pass' | 'not_applicable';
  /**
   * The resource the verdict is about (a substring of the result's `resource`). With it, that resource
   * must get the expected status and no pass; without it, some result must.
   */
  resource?: string;
}

const DIR = join(import.meta.dirname, 'adversarial');

/** Every adversarial case of every service file. */
export async function loadAdversarialCases(): Promise<AdversarialCase[]> {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const modules = await Promise.all(files.map((f) => import(join(DIR, f)) as Promise<{ CASES?: AdversarialCase[] }>));
  return modules.flatMap((m, i) => {
    if (!Array.isArray(m.CASES)) throw new Error(`${files[i]} does not export CASES`);
    return m.CASES;
  });
}
