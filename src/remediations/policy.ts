import { REMEDIATIONS } from './registry.js';
import type { Remediation } from './types.js';

/** An IAM policy document. */
export interface IamPolicy {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }[];
}

/**
 * The IAM policy the remediator role needs, built from each remediation's `permissions`, one statement
 * per service so an operator can drop the fixes they do not want. Separate from the scanner's read-only
 * policy: the remediator is the only identity that may change AWS.
 */
export function remediatorPolicy(remediations: readonly Remediation[] = REMEDIATIONS): IamPolicy {
  const byService = new Map<string, Set<string>>();
  for (const r of remediations) {
    for (const action of r.permissions) {
      const service = action.split(':')[0]!;
      const set = byService.get(service) ?? new Set<string>();
      set.add(action);
      byService.set(service, set);
    }
  }
  const sid = (service: string) => `GdprBotRemediate${service.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase())}`;
  return {
    Version: '2012-10-17',
    Statement: [...byService.keys()].sort().map((service) => ({
      Sid: sid(service),
      Effect: 'Allow',
      Action: [...byService.get(service)!].sort(),
      Resource: '*',
    })),
  };
}
