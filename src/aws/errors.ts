import { isThrottlingError } from '@smithy/core/retry';

/**
 * What went wrong with an AWS call, sorted once for the whole bot: the collectors record it on the
 * snapshot (`src/aws/collectors/context.ts`), the remediation jobs decide from it whether to retry or
 * report a missing permission (`src/remediations/aws-errors.ts`). Built on the SDK's own classifier
 * (`isThrottlingError` of `@smithy/core/retry`, which the SDK's retry strategy uses: throttling codes,
 * HTTP 429, the `$retryable` trait) and on `$metadata.httpStatusCode`, plus the codes the SDK does not
 * sort (refusals, a region that is not enabled, network failures).
 */
export const AwsErrorKind = {
  /** The caller may not do this: an IAM/SCP refusal (any spelling, or HTTP 403). */
  Denied: 'denied',
  /** AWS asked the caller to slow down. */
  Throttled: 'throttled',
  /** AWS could not be reached or did not answer in time (network, time-out, a region not enabled for the account). */
  Unreachable: 'unreachable',
  /** AWS failed on its side (HTTP 5xx). */
  Server: 'server',
  /** Anything else: a validation error, a missing resource, an unexpected answer. */
  Other: 'other',
} as const;
export type AwsErrorKind = (typeof AwsErrorKind)[keyof typeof AwsErrorKind];

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AuthorizationErrorException',
  'UnauthorizedException',
  'Forbidden',
]);
/** Throttling codes, matched on the code whatever field carries it (the SDK's own list, which it matches on `name`, has these and more). */
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  // An opt-in region that is not enabled answers every call with an invalid-token error.
  'UnrecognizedClientException',
  'InvalidClientTokenId',
]);

/**
 * Codes of requests AWS will answer the same way however often they are retried, besides the refusals
 * of {@link DENIED}: a limit reached (an inline policy over its size), an entity that does not exist or
 * may not be changed, a malformed document, credentials that are invalid or expired.
 */
const PERMANENT = new Set([
  'LimitExceeded',
  'LimitExceededException',
  'NoSuchEntity',
  'NoSuchEntityException',
  'MalformedPolicyDocument',
  'MalformedPolicyDocumentException',
  'UnmodifiableEntity',
  'UnmodifiableEntityException',
  'InvalidClientTokenId',
  'ExpiredToken',
]);

interface SdkErrorShape {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

function shape(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
}

/**
 * The AWS error code of an SDK (or network) error: `Code`, else a Node error's `code`
 * (`ECONNRESET`), else its `name` (`NoSuchBucketPolicy`); undefined for a plain `Error`.
 */
export function awsErrorCode(error: unknown): string | undefined {
  const e = shape(error);
  if (typeof e.Code === 'string' && e.Code) return e.Code;
  if (typeof e.code === 'string' && e.code) return e.code;
  if (typeof e.name === 'string' && e.name && e.name !== 'Error') return e.name;
  return undefined;
}

/** The HTTP status AWS answered with, when it answered. */
export function httpStatus(error: unknown): number | undefined {
  return shape(error).$metadata?.httpStatusCode;
}

/**
 * Sorts an error thrown by an AWS call (see {@link AwsErrorKind}). An answer of a region that is not
 * enabled (403 `UnrecognizedClientException`, `InvalidClientTokenId`) is `unreachable`, not `denied`:
 * nothing in that region can be read by anyone.
 */
export function classifyAwsError(error: unknown): AwsErrorKind {
  const code = awsErrorCode(error);
  const status = httpStatus(error);
  if (code !== undefined && DENIED.has(code)) return AwsErrorKind.Denied;
  if (code !== undefined && UNREACHABLE.has(code)) return AwsErrorKind.Unreachable;
  if (isThrottled(error)) return AwsErrorKind.Throttled;
  if (status === 403) return AwsErrorKind.Denied;
  if (status !== undefined && status >= 500) return AwsErrorKind.Server;
  return AwsErrorKind.Other;
}

/** True when AWS refused the call: a refusal code in any service's spelling, or any HTTP 403. */
export function isAwsDenied(error: unknown): boolean {
  const code = awsErrorCode(error);
  return (code !== undefined && DENIED.has(code)) || httpStatus(error) === 403;
}

/**
 * True when retrying the same call cannot help: a refusal (any spelling of AccessDenied, an SCP) or one
 * of the {@link PERMANENT} codes. Matched on the code only, never on the HTTP status alone: a bare 403
 * may be a clock skew that a retry cures.
 */
export function isPermanentAwsError(error: unknown): boolean {
  const code = awsErrorCode(error);
  return code !== undefined && (DENIED.has(code) || PERMANENT.has(code));
}

/** True when AWS asked the caller to slow down (the SDK's classifier, and the same codes matched on `Code`, which it does not read). */
export function isThrottled(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = awsErrorCode(error);
  return (code !== undefined && THROTTLED.has(code)) || isThrottlingError(error as Parameters<typeof isThrottlingError>[0]);
}

/** True when the error is one of `codes` (e.g. an expected "not configured" answer). */
export function isAwsErrorCode(error: unknown, ...codes: string[]): boolean {
  const code = awsErrorCode(error);
  return code !== undefined && codes.includes(code);
}

/**
 * The IAM action an AccessDenied error names ("… is not authorized to perform: s3:PutBucketPolicy on …"),
 * or `fallback` (the declared permissions) when the message does not say.
 */
export function missingPermission(error: unknown, fallback: readonly string[]): string {
  const message = shape(error).message ?? '';
  const match = /perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message);
  if (match?.[1]) return match[1];
  return fallback.length === 1 ? fallback[0]! : `one of ${fallback.join(', ')}`;
}

/** A one-line description of an AWS error for Slack and the audit log (code and message, no stack). */
export function describeAwsError(error: unknown): string {
  const code = awsErrorCode(error) ?? 'Error';
  const message = shape(error).message ?? String(error);
  return message && message !== code ? `${code}: ${message}` : code;
}
