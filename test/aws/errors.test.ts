import { describe, expect, it } from 'vitest';
import { toCallError } from '../../src/aws/collectors/context.js';
import { AwsErrorKind, classifyAwsError, describeAwsError, isAwsDenied, isPermanentAwsError } from '../../src/aws/errors.js';
import { isPermanentRevocationError, PolicyTooLargeError } from '../../src/access/revoke.js';
import { isRetryable } from '../../src/remediations/aws-errors.js';

/** Shaped like an SDK ServiceException: `name` is the error code, `$fault` and `$metadata` as the SDK sets them. */
const sdkError = (name: string, status: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} message`), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-1', attempts: 1 },
    ...extra,
  });
/** Shaped like a Node socket error (no HTTP answer). */
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 1.2.3.4:443`), { code, errno: -111, syscall: 'connect' });

describe('one classification of AWS errors', () => {
  it.each([
    [sdkError('AccessDenied', 403), AwsErrorKind.Denied],
    [sdkError('AccessDeniedException', 400), AwsErrorKind.Denied],
    [sdkError('UnauthorizedOperation', 403), AwsErrorKind.Denied],
    [sdkError('AuthorizationErrorException', 403), AwsErrorKind.Denied],
    // An S3 403 with a code of its own (e.g. an SCP answered as AllAccessDisabled) is still a refusal.
    [sdkError('AllAccessDisabled', 403), AwsErrorKind.Denied],
    // A region the account has not enabled answers 403 with an invalid-token code: nothing there is readable.
    [sdkError('UnrecognizedClientException', 403), AwsErrorKind.Unreachable],
    [sdkError('InvalidClientTokenId', 403), AwsErrorKind.Unreachable],
    [sdkError('ThrottlingException', 400), AwsErrorKind.Throttled],
    [sdkError('SlowDown', 503), AwsErrorKind.Throttled],
    // The SDK's own classifier: HTTP 429 and the `$retryable: { throttling: true }` trait.
    [sdkError('SomeNewThrottleSpelling', 429), AwsErrorKind.Throttled],
    [sdkError('ProvisionedThroughputExceeded', 400, { $retryable: { throttling: true } }), AwsErrorKind.Throttled],
    [socketError('ECONNREFUSED'), AwsErrorKind.Unreachable],
    [Object.assign(new Error('timed out'), { name: 'TimeoutError' }), AwsErrorKind.Unreachable],
    [sdkError('InternalError', 500), AwsErrorKind.Server],
    [sdkError('ServiceUnavailable', 503), AwsErrorKind.Server],
    [sdkError('ValidationException', 400), AwsErrorKind.Other],
    [sdkError('NoSuchBucket', 404), AwsErrorKind.Other],
    [new Error('plain'), AwsErrorKind.Other],
    ['not even an error', AwsErrorKind.Other],
  ])('%s → %s', (error, kind) => {
    expect(classifyAwsError(error)).toBe(kind);
  });

  it('the collectors record a server error as other, and the remediations retry it; neither retries a refusal', () => {
    expect(toCallError('s3:GetBucketPolicy', sdkError('InternalError', 500)).kind).toBe('other');
    expect(isRetryable(sdkError('InternalError', 500))).toBe(true);
    expect(toCallError('s3:GetBucketPolicy', sdkError('AccessDenied', 403))).toMatchObject({ kind: 'denied', code: 'AccessDenied' });
    expect(isRetryable(sdkError('AccessDenied', 403))).toBe(false);
    expect(toCallError('ec2:DescribeRegions', socketError('ECONNRESET'))).toMatchObject({ kind: 'unreachable', code: 'ECONNRESET' });
  });

  it('a remediation reports an expired token (403) as a refusal, while a scan calls its region unreachable', () => {
    const expired = sdkError('InvalidClientTokenId', 403);
    expect(isAwsDenied(expired)).toBe(true);
    expect(classifyAwsError(expired)).toBe(AwsErrorKind.Unreachable);
  });

  it('describes a network error by its code', () => {
    expect(describeAwsError(socketError('ECONNRESET'))).toBe('ECONNRESET: connect ECONNRESET 1.2.3.4:443');
  });

  it('a revocation stops retrying on a refusal or an error that will not change, and retries the rest', () => {
    for (const name of [
      'AccessDenied',
      'AccessDeniedException',
      'UnauthorizedOperation',
      'LimitExceeded',
      'NoSuchEntity',
      'MalformedPolicyDocument',
      'UnmodifiableEntity',
      'InvalidClientTokenId',
      'ExpiredToken',
    ]) {
      expect([name, isPermanentAwsError(sdkError(name, 400)), isPermanentRevocationError(sdkError(name, 400))]).toEqual([name, true, true]);
    }
    expect(isPermanentRevocationError(new PolicyTooLargeError('role', 20_000))).toBe(true);
    for (const error of [
      sdkError('ThrottlingException', 400),
      sdkError('InternalError', 500),
      sdkError('ConcurrentModification', 409),
      socketError('ECONNRESET'),
      new Error('role is locked'),
    ]) {
      expect(isPermanentRevocationError(error)).toBe(false);
    }
    // A bare 403 without a refusal code (e.g. a skewed clock) is retried.
    expect(isPermanentAwsError(sdkError('SignatureDoesNotMatch', 403))).toBe(false);
  });
});
