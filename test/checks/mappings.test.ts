import { describe, expect, it } from 'vitest';
import { PROWLER_GDPR, PUBLIC_MAPPINGS, STEAMPIPE_GDPR } from '../../src/checks/mappings.js';
import { CHECKS } from '../../src/checks/registry.js';

describe('the coverage against the public GDPR mappings', () => {
  const ids = new Set(CHECKS.map((c) => c.id));

  it('lists every distinct control of both mappings once (Prowler 60, Steampipe 73)', () => {
    expect(PROWLER_GDPR.controls).toHaveLength(60);
    expect(STEAMPIPE_GDPR.controls).toHaveLength(73);
    for (const m of PUBLIC_MAPPINGS) expect(new Set(m.controls.map((x) => x.id)).size, m.name).toBe(m.controls.length);
  });

  it('names only checks that exist as counterparts, and says why when there is none', () => {
    for (const m of PUBLIC_MAPPINGS) {
      for (const x of m.controls) {
        for (const id of x.counterparts) expect(ids.has(id), `${m.name} ${x.id} → ${id}`).toBe(true);
        if (x.counterparts.length === 0) expect(x.why, `${m.name} ${x.id}`).toBeTruthy();
      }
    }
  });
});
