import type { Check } from './types.js';

/** What the scanner needs beyond the checks: its own identity and, with `scan.organization`, the account list. */
export const SCANNER_BASE_PERMISSIONS = ['sts:GetCallerIdentity', 'organizations:ListAccounts'] as const;

/** An IAM policy document. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }[];
}

/** Every IAM action the scanner may call for these checks, sorted and without duplicates. */
export function scannerActions(checks: readonly Check[]): string[] {
  return [...new Set([...SCANNER_BASE_PERMISSIONS, ...checks.flatMap((c) => c.permissions)])].sort();
}

/**
 * The least-privilege, read-only policy the scanner needs, built from the checks' own `permissions`
 * (one statement per service, so it reads well in a review).
 */
export function scannerPolicy(checks: readonly Check[]): PolicyDocument {
  const byService = new Map<string, string[]>();
  for (const action of scannerActions(checks)) {
    const service = action.split(':')[0] ?? action;
    const actions = byService.get(service);
    if (actions) actions.push(action);
    else byService.set(service, [action]);
  }
  return {
    Version: '2012-10-17',
    Statement: [...byService.entries()].map(([service, actions]) => ({
      Sid: `GdprBotScan${service.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase())}`,
      Effect: 'Allow',
      Action: actions,
      Resource: '*',
    })),
  };
}
