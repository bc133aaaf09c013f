import { describe, expect, it } from 'vitest';
import { routeFinding, type FindingRoute } from '../../src/findings/routing.js';
import type { Finding } from '../../src/findings/types.js';

const routes: FindingRoute[] = [
  { minSeverity: 'critical', channel: 'C0CRIT' },
  { source: 'macie', minSeverity: 'high', channel: 'C0PRIVACY' },
  { typePrefix: 'UnauthorizedAccess:IAMUser/', channel: 'C0IAM' },
  { account: '999988887777', channel: 'C0PROD' },
];
type F = Pick<Finding, 'severity' | 'source' | 'type' | 'account'>;
const f = (over: Partial<F>): F => ({ severity: 'medium', source: 'guardduty', type: 'Recon:EC2/Portscan', account: '111122223333', ...over });

describe('routeFinding', () => {
  it.each<[string, Partial<F>, string | undefined]>([
    ['critical anything → the critical channel (first match wins)', { severity: 'critical', source: 'macie', account: '999988887777' }, 'C0CRIT'],
    ['high Macie → privacy', { severity: 'high', source: 'macie' }, 'C0PRIVACY'],
    ['medium Macie falls through to the default', { severity: 'medium', source: 'macie' }, 'C0DEFAULT'],
    ['IAM user type prefix', { type: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller' }, 'C0IAM'],
    ['a prefix is a prefix, not a substring', { type: 'Foo:UnauthorizedAccess:IAMUser/X' }, 'C0DEFAULT'],
    ['by account', { account: '999988887777' }, 'C0PROD'],
    ['nothing matches → default', {}, 'C0DEFAULT'],
  ])('%s', (_name, over, expected) => {
    expect(routeFinding(f(over), routes, 'C0DEFAULT')).toBe(expected);
  });

  it('has no channel when nothing matches and there is no default', () => {
    expect(routeFinding(f({}), routes, undefined)).toBeUndefined();
    expect(routeFinding(f({}), [], 'C0DEFAULT')).toBe('C0DEFAULT');
  });
});
