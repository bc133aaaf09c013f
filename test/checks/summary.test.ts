import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import { worstFailures } from '../../src/checks/summary.js';
import type { CheckResult, Severity } from '../../src/checks/types.js';
import { fixOf } from '../../src/remediations/catalog/index.js';

const fail = (checkId: string): CheckResult => ({
  checkId,
  accountId: '111122223333',
  region: 'eu-west-1',
  status: 'fail',
  resource: `res-${checkId}`,
  message: `${checkId} fails`,
});
/** A check of this severity with a fix offered (or without), chosen from the registry. */
function checkOf(severity: Severity, fixable: boolean): string {
  const found = CHECKS.filter((c) => c.severity === severity && Boolean(fixOf(c.id)) === fixable)
    .map((c) => c.id)
    .sort();
  // The last by id, so that ordering by id alone would put it after the other one.
  return found.at(fixable ? -1 : 0)!;
}

describe('the most severe failures', () => {
  it('come by severity first, then those a fix is offered for first, then by check id', () => {
    const criticalFix = checkOf('critical', true);
    const criticalNoFix = checkOf('critical', false);
    const highFix = checkOf('high', true);
    const highNoFix = checkOf('high', false);
    expect(criticalNoFix < criticalFix || highNoFix < highFix, 'the fixture must not be sorted by id already').toBe(true);
    const order = worstFailures([fail(highNoFix), fail(criticalNoFix), fail(highFix), fail(criticalFix)]).map((f) => f.check.id);
    expect(order).toEqual([criticalFix, criticalNoFix, highFix, highNoFix]);
  });
});
