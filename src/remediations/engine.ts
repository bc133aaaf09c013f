import type { RemediationTarget } from './types.js';

/**
 * Maps a failing check result to the fix that would repair it. Implemented by the check engine (it
 * knows each check's `remediation` and the stored result's resource); used by the **Fix** button
 * (`action_id: 'remediation_fix'`, value `<checkId>|<resource>`) and by `/gdpr fix <check_id> [resource]`.
 *
 * Called from Slack listeners: it must answer from stored results (Redis) and never call AWS.
 */
export interface FixResolver {
  resolve(checkId: string, resource: string): Promise<{ remediationId: string; target: RemediationTarget } | { error: string }>;
}

/** The outcome of re-checking a fixed resource. */
export interface Verification {
  status: 'pass' | 'fail' | 'error';
  /** One sentence naming the resource, shown in Slack and written to the audit log. */
  message: string;
}

/**
 * Proves a fix worked: re-collects and re-runs the check(s) linked to the remediation for the target.
 * Implemented by the check engine; called by the remediation job after `apply`. Anything but `pass`
 * makes the request `failed`, never `succeeded`.
 */
export interface FixVerifier {
  verify(remediationId: string, target: RemediationTarget): Promise<Verification>;
}

/** The resolver used until the check engine is wired in: it never resolves. */
export const unavailableFixResolver: FixResolver = {
  resolve: () => Promise.resolve({ error: 'the check engine is not available' }),
};

/** The verifier used until the check engine is wired in: it never claims a fix worked. */
export const unavailableFixVerifier: FixVerifier = {
  verify: () => Promise.resolve({ status: 'error', message: 'could not verify: the check engine is not available' }),
};
