import { SEVERITIES, type Severity } from './types.js';

/**
 * GuardDuty's band for a 1–10 score: 1–3.9 low, 4–6.9 medium, 7–8.9 high, 9–10 critical.
 * Scores below 1 (never issued) count as low.
 */
export function guardDutyBand(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

/** The lowest GuardDuty score of a band (what ListFindings' `severity` criterion is given). */
export function guardDutyMinScore(band: Severity): number {
  return { low: 1, medium: 4, high: 7, critical: 9 }[band];
}

/** Macie's levels (`Low`, `Medium`, `High`) as bands. Macie has no critical. */
export function macieBand(level: string | undefined): Severity {
  switch ((level ?? '').toLowerCase()) {
    case 'high':
      return 'high';
    case 'medium':
      return 'medium';
    default:
      return 'low';
  }
}

/** Macie levels at or above `band` (empty when Macie has none, i.e. for `critical`). */
export function macieLevelsAtLeast(band: Severity): string[] {
  return ['Low', 'Medium', 'High'].filter((level) => atLeast(macieBand(level), band));
}

/**
 * Security Hub's ASFF severity as a band: `Severity.Label` (`INFORMATIONAL`, `LOW`, `MEDIUM`, `HIGH`,
 * `CRITICAL`), else `Severity.Normalized` (0 informational, 1–39 low, 40–69 medium, 70–89 high, 90–100
 * critical). `informational` is below every band (never posted); `undefined` when neither is given.
 */
export function securityHubBand(severity: { Label?: string; Normalized?: number } | undefined): Severity | 'informational' | undefined {
  const label = severity?.Label?.toUpperCase();
  if (label === 'INFORMATIONAL') return 'informational';
  if (label === 'LOW' || label === 'MEDIUM' || label === 'HIGH' || label === 'CRITICAL') return label.toLowerCase() as Severity;
  const n = severity?.Normalized;
  if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
  if (n >= 90) return 'critical';
  if (n >= 70) return 'high';
  if (n >= 40) return 'medium';
  if (n >= 1) return 'low';
  return 'informational';
}

/** True when `severity` is `min` or worse. */
export function atLeast(severity: Severity, min: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(min);
}

/** Parses a user-typed severity word. */
export function parseSeverity(text: string): Severity | undefined {
  const lower = text.toLowerCase();
  return (SEVERITIES as readonly string[]).includes(lower) ? (lower as Severity) : undefined;
}

export const SEVERITY_EMOJI: Record<Severity, string> = {
  low: ':large_blue_circle:',
  medium: ':large_yellow_circle:',
  high: ':large_orange_circle:',
  critical: ':red_circle:',
};
