import type { RemediationTarget } from './types.js';

/**
 * Which failing check result a person wants fixed. The **Fix** button names all of check, account,
 * region and resource (its value is `encodeFixValue` of src/checks/messages.ts); `/gdpr fix <check_id>
 * [resource] [access_key_id]` names the check and, optionally, the resource and the access key id.
 */
export interface FixRequest {
  checkId: string;
  /** The account of the stored result (12 digits); absent: any scanned account. */
  accountId?: string;
  /** The region of the stored result, or `global` for account-wide checks; absent: any. */
  region?: string;
  /** The stored result's resource (ARN or `account/region`), or its short name (bucket, user, key id); absent: the only failing one. */
  resource?: string;
  /** The IAM access key id, for fixes that need one (scans do not record key ids). */
  accessKeyId?: string;
}

/** The answer of a {@link FixResolver}: the fix and where to apply it, or a sentence saying why not. */
export type FixResolution = { remediationId: string; target: RemediationTarget } | { error: string };

/**
 * Maps a failing check result to the fix that would repair it (src/remediations/resolver.ts). Used
 * by the **Fix** button (`action_id: 'remediation_fix'`) and by `/gdpr fix`.
 *
 * Called from Slack listeners: it must answer from stored results (Redis) and never call AWS.
 */
export interface FixResolver {
  resolve(request: FixRequest): Promise<FixResolution>;
}

/** The outcome of re-checking a fixed resource. */
export interface Verification {
  status: 'pass' | 'fail' | 'error';
  /** One sentence naming the resource, shown in Slack and written to the audit log. */
  message: string;
}

/**
 * Proves a fix worked: re-collects and re-runs the check(s) linked to the remediation for the target
 * (src/remediations/verifier.ts). Called by the remediation job after `apply`. Anything but `pass`
 * makes the request `failed`, never `succeeded`.
 *
 * `checkId` names the check the request came from; without it every check linked to the
 * remediation is re-run.
 */
export interface FixVerifier {
  verify(remediationId: string, target: RemediationTarget, checkId?: string): Promise<Verification>;
}
