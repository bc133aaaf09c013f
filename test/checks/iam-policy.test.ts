import { describe, expect, it } from 'vitest';
import { adminGrant, isAwsAdministratorAccess } from '../../src/checks/iam-policy.js';

const allow = (st: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...st }] });

describe('adminGrant', () => {
  it.each([
    ['Action "*" on "*"', allow({ Action: '*', Resource: '*' })],
    ['Action "*:*" (a string) on ["*"]', allow({ Action: '*:*', Resource: ['*'] })],
    ['a single Statement object', { Statement: { Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: '*' } }],
    ['NotAction that keeps IAM', allow({ NotAction: ['s3:*', 'ec2:*'], Resource: '*' })],
    ['NotAction naming only some IAM actions', allow({ NotAction: 'iam:DeleteUser', Resource: '*' })],
    ['NotResource that leaves almost everything', allow({ Action: '*', NotResource: 'arn:aws:s3:::secret/*' })],
    ['Resource "arn:*"', allow({ Action: '*', Resource: 'arn:*' })],
    ['Resource "arn:aws:*:*:*:*"', allow({ Action: '*', Resource: 'arn:aws:*:*:*:*' })],
    ['Effect in another case', { Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] }],
    [
      'a conditional Deny beside it',
      {
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
        ],
      },
    ],
    [
      'a Deny of only some IAM actions',
      {
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*' },
        ],
      },
    ],
    [
      'a Deny with NotResource',
      {
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: '*', NotResource: 'arn:aws:s3:::x' },
        ],
      },
    ],
  ])('grants administrator access: %s', (_name, doc) => {
    expect(adminGrant(doc)).toBeDefined();
  });

  it.each([
    ['scoped actions on *', allow({ Action: ['s3:GetObject', 'iam:List*'], Resource: '*' })],
    ['* on one bucket', allow({ Action: '*', Resource: 'arn:aws:s3:::customer-data/*' })],
    ['NotAction excluding IAM (PowerUserAccess)', allow({ NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' })],
    ['NotAction "IAM:*" in another case', allow({ NotAction: 'IAM:*', Resource: '*' })],
    ['NotAction "*"', allow({ NotAction: '*', Resource: '*' })],
    ['NotResource "*"', allow({ Action: '*', NotResource: '*' })],
    ['only a Deny', { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }],
    [
      'Allow * with an unconditional Deny of *',
      {
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: '*', Resource: '*' },
        ],
      },
    ],
    [
      'Allow * with an unconditional Deny NotAction of other services only',
      {
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', NotAction: ['s3:*', 'ec2:*'], Resource: '*' },
        ],
      },
    ],
    ['no document', undefined],
    ['a document without statements', { Version: '2012-10-17' }],
  ])('does not: %s', (_name, doc) => {
    expect(adminGrant(doc)).toBeUndefined();
  });

  it('says how it grants it, and whether under a Condition', () => {
    expect(adminGrant(allow({ NotAction: ['s3:*'], Resource: '*' }))).toEqual({
      how: 'allows NotAction `"s3:*"` (everything else, IAM included) on Resource `"*"`',
      conditional: false,
    });
    expect(
      adminGrant(allow({ Action: '*', NotResource: ['arn:aws:s3:::a', 'arn:aws:s3:::b'], Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })),
    ).toEqual({
      how: 'allows Action `"*"` on every resource except NotResource `["arn:aws:s3:::a", "arn:aws:s3:::b"]` (under a Condition)',
      conditional: true,
    });
  });
});

describe('isAwsAdministratorAccess', () => {
  it('knows the AWS managed AdministratorAccess in every partition, and nothing else', () => {
    for (const arn of [
      'arn:aws:iam::aws:policy/AdministratorAccess',
      'arn:aws-cn:iam::aws:policy/AdministratorAccess',
      'arn:aws-us-gov:iam::aws:policy/AdministratorAccess',
    ])
      expect(isAwsAdministratorAccess(arn), arn).toBe(true);
    for (const arn of [
      'arn:aws:iam::123456789012:policy/AdministratorAccess',
      'arn:aws:iam::aws:policy/AdministratorAccess-Amplify',
      'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess',
    ])
      expect(isAwsAdministratorAccess(arn), arn).toBe(false);
  });
});
