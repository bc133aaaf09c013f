/**
 * Sorting AWS SDK errors into what a remediation job does with them: retry (throttling, 5xx), stop and
 * report the missing permission (AccessDenied), or treat as an expected "setting absent" answer. The
 * sorting itself is `src/aws/errors.ts`, shared with the collectors.
 */
import { awsErrorCode, httpStatus, isAwsDenied, isAwsErrorCode, isThrottled } from '../aws/errors.js';

export { describeAwsError, missingPermission } from '../aws/errors.js';

/** The SDK error's code, e.g. `NoSuchBucketPolicy`. */
export function errorCode(error: unknown): string | undefined {
  return awsErrorCode(error);
}

/** True for AWS "you may not do this" errors (any refusal code, or HTTP 403). */
export function isAccessDenied(error: unknown): boolean {
  return isAwsDenied(error);
}

/** True for throttling and other errors worth retrying later (5xx). */
export function isRetryable(error: unknown): boolean {
  const status = httpStatus(error);
  return isThrottled(error) || (status !== undefined && status >= 500);
}

/** True when the error is one of `codes` (an expected "not configured" answer). */
export function isCode(error: unknown, ...codes: string[]): boolean {
  return isAwsErrorCode(error, ...codes);
}
