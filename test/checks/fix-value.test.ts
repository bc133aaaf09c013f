import { describe, expect, it } from 'vitest';
import { decodeFixValue, encodeFixValue, type FixTarget } from '../../src/checks/messages.js';

const TARGET: FixTarget = { checkId: 's3_bucket_tls_only', accountId: '111122223333', region: 'global', resource: 'arn:aws:s3:::my-bucket' };

describe('the Fix button value', () => {
  it('round-trips what /gdpr status renders', () => {
    const value = encodeFixValue(TARGET)!;
    expect(value).toBe('{"c":"s3_bucket_tls_only","a":"111122223333","g":"global","r":"arn:aws:s3:::my-bucket"}');
    expect(decodeFixValue(value)).toEqual(TARGET);
    expect(decodeFixValue(encodeFixValue({ ...TARGET, region: 'eu-west-1', resource: '111122223333/eu-west-1' })!)).toEqual({
      ...TARGET,
      region: 'eu-west-1',
      resource: '111122223333/eu-west-1',
    });
  });

  it.each([
    ['the old <check>|<resource> form', 's3_bucket_tls_only|my-bucket'],
    ['not an object', '"s3_bucket_tls_only"'],
    ['null', 'null'],
    ['a missing field', '{"c":"s3_bucket_tls_only","a":"111122223333","g":"global"}'],
    ['a check id with mrkdwn in it', '{"c":"<!channel>","a":"111122223333","g":"global","r":"x"}'],
    ['a short account id', '{"c":"s3_bucket_tls_only","a":"1234","g":"global","r":"x"}'],
    ['a region that is not one', '{"c":"s3_bucket_tls_only","a":"111122223333","g":"mars-1","r":"x"}'],
    ['a resource with spaces', '{"c":"s3_bucket_tls_only","a":"111122223333","g":"global","r":"a b"}'],
    ['an empty resource', '{"c":"s3_bucket_tls_only","a":"111122223333","g":"global","r":""}'],
    ['a number for a field', '{"c":"s3_bucket_tls_only","a":111122223333,"g":"global","r":"x"}'],
    ['more than Slack allows', `{"c":"s3_bucket_tls_only","a":"111122223333","g":"global","r":"${'x'.repeat(2000)}"}`],
  ])('refuses %s', (_what, value) => {
    expect(decodeFixValue(value)).toBeUndefined();
  });
});
