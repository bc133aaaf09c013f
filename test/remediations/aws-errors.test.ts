import { describe, expect, it } from 'vitest';
import { describeAwsError, isAccessDenied, isCode, isRetryable, missingPermission } from '../../src/remediations/aws-errors.js';

const err = (name: string, message = name, status = 400, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status }, ...extra });

describe('AWS error sorting for remediation jobs', () => {
  it.each([
    ['ThrottlingException', 400, true],
    ['RequestLimitExceeded', 503, true],
    ['SlowDown', 503, true],
    ['InternalError', 500, true],
    ['ValidationException', 400, false],
    ['AccessDenied', 403, false],
  ])('%s (HTTP %i) is retried: %s', (name, status, retry) => {
    expect(isRetryable(err(name, name, status))).toBe(retry);
  });

  it('recognises AccessDenied in its service spellings', () => {
    for (const name of ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']) expect(isAccessDenied(err(name))).toBe(true);
    expect(isAccessDenied(err('Whatever', 'x', 403))).toBe(true);
    expect(isAccessDenied(err('NoSuchBucketPolicy', 'x', 404))).toBe(false);
  });

  it('names the missing permission from the message, or falls back to the declared ones', () => {
    expect(missingPermission(err('AccessDenied', 'User: arn:aws:iam::1:role/r is not authorized to perform: s3:PutBucketPolicy on resource: x'), [])).toBe(
      's3:PutBucketPolicy',
    );
    expect(missingPermission(err('AccessDenied', 'Access Denied'), ['kms:EnableKeyRotation'])).toBe('kms:EnableKeyRotation');
    expect(missingPermission(err('AccessDenied', 'Access Denied'), ['a:B', 'c:D'])).toBe('one of a:B, c:D');
  });

  it('describes errors by code and message and matches expected codes', () => {
    expect(describeAwsError(err('NoSuchBucket', 'The bucket does not exist'))).toBe('NoSuchBucket: The bucket does not exist');
    expect(isCode(err('NoSuchBucketPolicy'), 'NoSuchBucketPolicy', 'Other')).toBe(true);
    expect(isCode(new Error('plain'), 'NoSuchBucketPolicy')).toBe(false);
  });
});
