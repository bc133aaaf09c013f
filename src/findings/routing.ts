import { atLeast } from './severity.js';
import type { Finding, FindingSource, Severity } from './types.js';

/** One `findings.routes` rule: every condition given must hold. */
export interface FindingRoute {
  minSeverity?: Severity;
  source?: FindingSource;
  typePrefix?: string;
  account?: string;
  channel: string;
}

/** True when `route` takes `finding`. */
export function routeMatches(route: FindingRoute, finding: Pick<Finding, 'severity' | 'source' | 'type' | 'account'>): boolean {
  if (route.minSeverity && !atLeast(finding.severity, route.minSeverity)) return false;
  if (route.source && route.source !== finding.source) return false;
  if (route.typePrefix && !finding.type.startsWith(route.typePrefix)) return false;
  if (route.account && route.account !== finding.account) return false;
  return true;
}

/** The channel for a finding: the first matching route's, else the default; `undefined` when there is neither. */
export function routeFinding(
  finding: Pick<Finding, 'severity' | 'source' | 'type' | 'account'>,
  routes: readonly FindingRoute[],
  defaultChannel: string | undefined,
): string | undefined {
  return routes.find((r) => routeMatches(r, finding))?.channel ?? defaultChannel;
}
