import { describe, expect, it } from 'vitest';
import { ACCESS_IDS } from '../../src/access/request.js';
import { isId, newId } from '../../src/approvals/ids.js';
import { REMEDIATION_IDS } from '../../src/remediations/state.js';

describe('approvals kernel: request ids', () => {
  it('keeps the two schemes the stored records use', () => {
    expect(newId(REMEDIATION_IDS)).toMatch(/^R[0-9A-F]{10}$/);
    expect(newId(ACCESS_IDS)).toMatch(/^ax-[0-9a-f]{8}$/);
  });

  it('recognises its own ids and nothing else', () => {
    for (let i = 0; i < 20; i++) {
      expect(isId(ACCESS_IDS, newId(ACCESS_IDS))).toBe(true);
      expect(isId(REMEDIATION_IDS, newId(REMEDIATION_IDS))).toBe(true);
    }
    expect(isId(ACCESS_IDS, 'ax-0000AAAA')).toBe(false);
    expect(isId(ACCESS_IDS, 'ax-0000aaa')).toBe(false);
    expect(isId(ACCESS_IDS, 'xax-0000aaaa')).toBe(false);
    expect(isId(ACCESS_IDS, 'ax-0000aaaa\n')).toBe(false);
    expect(isId(REMEDIATION_IDS, 'R00000000a1')).toBe(false);
    expect(isId({ prefix: 'a.b-', bytes: 1 }, 'a.b-ff')).toBe(true);
    expect(isId({ prefix: 'a.b-', bytes: 1 }, 'axb-ff')).toBe(false);
  });
});
