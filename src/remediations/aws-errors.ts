/**
 * Sorting AWS SDK errors into what a remediation job does with them: retry (throttling, 5xx), stop and
 * report the missing permission (AccessDenied), or treat as an expected "setting absent" answer.
 */

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'UnauthorizedException',
  'Forbidden',
]);

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
]);

interface SdkErrorShape {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

function shape(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
}

/** The SDK error's code (`name`), e.g. `NoSuchBucketPolicy`. */
export function errorCode(error: unknown): string | undefined {
  const e = shape(error);
  return e.name ?? e.Code;
}

/** True for AWS "you may not do this" errors. */
export function isAccessDenied(error: unknown): boolean {
  const code = errorCode(error);
  return (code !== undefined && ACCESS_DENIED.has(code)) || shape(error).$metadata?.httpStatusCode === 403;
}

/** True for throttling and other errors worth retrying later (5xx). */
export function isRetryable(error: unknown): boolean {
  const e = shape(error);
  const code = errorCode(error);
  if (code !== undefined && THROTTLING.has(code)) return true;
  if (e.$retryable?.throttling) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

/** True when the error is one of `codes` (an expected "not configured" answer). */
export function isCode(error: unknown, ...codes: string[]): boolean {
  const code = errorCode(error);
  return code !== undefined && codes.includes(code);
}

/**
 * The IAM action an AccessDenied error names ("… is not authorized to perform: s3:PutBucketPolicy on …"),
 * or `fallback` (the remediation's declared permissions) when the message does not say.
 */
export function missingPermission(error: unknown, fallback: readonly string[]): string {
  const message = shape(error).message ?? '';
  const match = /perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message);
  if (match?.[1]) return match[1];
  return fallback.length === 1 ? fallback[0]! : `one of ${fallback.join(', ')}`;
}

/** A one-line description of an AWS error for Slack and the audit log (code and message, no stack). */
export function describeAwsError(error: unknown): string {
  const code = errorCode(error) ?? 'Error';
  const message = shape(error).message ?? String(error);
  return message && message !== code ? `${code}: ${message}` : code;
}
