import { describe, expect, it } from 'vitest';
import { deniesInsecureTransport } from '../../src/checks/resource-policy.js';
import { mergeTlsOnly, type PolicyDocument } from '../../src/remediations/catalog/s3-bucket-tls-only.js';

const ARN = 'arn:aws:s3:::data-bucket';
const deny = (over: Record<string, unknown>) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [ARN, `${ARN}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  ...over,
});

describe('s3-bucket-tls-only judges "already compliant" exactly as s3_bucket_tls_only does', () => {
  it.each([
    ['objects only', deny({ Resource: `${ARN}/*` })],
    ['one account only', deny({ Principal: { AWS: 'arn:aws:iam::123456789012:root' } })],
    ['narrowed by aws:SourceVpce', deny({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } })],
    ['NumericLessThan s3:TlsVersion only', deny({ Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } })],
  ])('adds its Deny next to a TLS-looking statement that the check does not accept (%s), and the result passes the check', (_name, statement) => {
    const policy: PolicyDocument = { Version: '2012-10-17', Statement: [statement] };
    expect(deniesInsecureTransport(policy, ARN)).toBe(false);
    const merged = mergeTlsOnly(policy, 'data-bucket', 'eu-west-1');
    expect(merged).toBeDefined();
    expect(merged!.Statement[0]).toEqual(statement);
    expect(deniesInsecureTransport(merged, ARN)).toBe(true);
  });

  it('leaves a policy the check accepts alone, and writes one the check accepts when there is none', () => {
    expect(
      mergeTlsOnly({ Statement: [deny({ Resource: '*', Condition: { bool: { 'aws:securetransport': false } } })] }, 'data-bucket', 'eu-west-1'),
    ).toBeUndefined();
    expect(deniesInsecureTransport(mergeTlsOnly(undefined, 'data-bucket', 'eu-west-1'), ARN)).toBe(true);
  });
});
