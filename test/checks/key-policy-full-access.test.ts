import { describe, expect, it } from 'vitest';
import { coversEveryActionOf, fullAccessGrants, isAccountRoot } from '../../src/checks/resource-policy.js';

const ACCOUNT = '123456789012';
const ROOT = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };

describe('full access in a KMS key policy', () => {
  it('reads an action pattern as covering every KMS action only when it does, in any case', () => {
    for (const p of ['*', 'kms:*', 'KMS:*', 'Kms:**', 'k*', 'km?:*', '*:*', ' kms:* ']) expect(coversEveryActionOf(p, 'kms'), p).toBe(true);
    for (const p of ['kms:Create*', 'kms:Decrypt', 's3:*', 'kms:', 'kms:?']) expect(coversEveryActionOf(p, 'kms'), p).toBe(false);
  });

  it('knows the account root in every partition and as the bare account id, and nothing else', () => {
    for (const p of [ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, `arn:aws-cn:iam::${ACCOUNT}:root`, `arn:aws-us-gov:iam::${ACCOUNT}:root`])
      expect(isAccountRoot(p, ACCOUNT), p).toBe(true);
    for (const p of [
      '444455556666',
      'arn:aws:iam::444455556666:root',
      `arn:aws:iam::${ACCOUNT}:user/root`,
      `arn:aws:iam::${ACCOUNT}:role/root`,
      `arn:aws:sts::${ACCOUNT}:root`,
      '*',
    ])
      expect(isAccountRoot(p, ACCOUNT), p).toBe(false);
  });

  it('passes the default key policy (a single Statement object too) and ignores Deny statements and narrow grants', () => {
    expect(fullAccessGrants({ Statement: ROOT }, ACCOUNT)).toEqual([]);
    expect(
      fullAccessGrants(
        {
          Statement: [
            ROOT,
            { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' },
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' },
          ],
        },
        ACCOUNT,
      ),
    ).toEqual([]);
    expect(
      fullAccessGrants(
        {
          Statement: [
            { ...ROOT, Principal: { AWS: ACCOUNT } },
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ops` }, NotAction: 'kms:*', Resource: '*' },
          ],
        },
        ACCOUNT,
      ),
    ).toEqual([]);
  });

  it('names every other principal of a full grant: roles beside the root, services, NotPrincipal, everyone', () => {
    const grants = fullAccessGrants(
      {
        Statement: [
          { ...ROOT, Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:role/admin`] } },
          { Sid: 'Logs', Effect: 'Allow', Principal: { Service: 'logs.eu-west-1.amazonaws.com' }, Action: '*', Resource: '*' },
          { Sid: 'Others', Effect: 'allow', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
          {
            Sid: 'Anyone',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            NotAction: ['kms:Decrypt'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
          },
        ],
      },
      ACCOUNT,
    );
    expect(grants.map((g) => [g.statement, g.principals])).toEqual([
      ['statement "Enable IAM User Permissions"', [`arn:aws:iam::${ACCOUNT}:role/admin`]],
      ['statement "Logs"', ['Service logs.eu-west-1.amazonaws.com']],
      ['statement "Others"', ['every principal not named in its NotPrincipal']],
      ['statement "Anyone"', ['everyone (Principal `"*"`)']],
    ]);
    expect(grants[3]!.how).toContain('NotAction `["kms:Decrypt"]`');
    expect(grants[3]!.how).toContain('StringEquals aws:PrincipalOrgID');
  });
});
