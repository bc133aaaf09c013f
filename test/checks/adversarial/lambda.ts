import type { LambdaFunction } from '../../../src/aws/collectors/lambda.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const functions = (s: Snapshot): LambdaFunction[] => {
  const r = s.data.lambda!.functions;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const fn = (name: string, policy: LambdaFunction['policy']): LambdaFunction => ({ name, arn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}`, policy });
const arn = (name: string) => `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}`;
const SOURCE =
  'Lambda API, GetPolicy (resource-based policy, JSON; ResourceNotFoundException when none) and AddPermission (Principal, SourceArn, SourceAccount, PrincipalOrgID, FunctionUrlAuthType)';

/** Lambda: function policies that look scoped and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'lambda_function_not_publicly_accessible',
    name: 'a function URL with AuthType NONE: its permission has a condition, but the condition is the auth type, so anyone may call it',
    source: `${SOURCE}; Lambda function URLs, AuthType NONE adds Principal "*" with lambda:FunctionUrlAuthType NONE`,
    mutate: (s) => {
      functions(s).push(
        fn(
          'webhook',
          ok({
            Statement: [
              {
                Sid: 'FunctionURLAllowPublicAccess',
                Effect: 'Allow',
                Principal: '*',
                Action: 'lambda:InvokeFunctionUrl',
                Resource: arn('webhook'),
                Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
              },
            ],
          }),
        ),
      );
    },
    expect: 'fail',
    resource: ':webhook',
  },
  {
    check: 'lambda_function_not_publicly_accessible',
    name: 'Principal "*" pinned by aws:PrincipalOrgID (AddPermission --principal-org-id): not public',
    source: SOURCE,
    mutate: (s) => {
      functions(s).push(
        fn(
          'org-api',
          ok({
            Statement: [
              {
                Effect: 'Allow',
                Principal: '*',
                Action: 'lambda:InvokeFunction',
                Resource: arn('org-api'),
                Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
              },
            ],
          }),
        ),
      );
    },
    expect: 'pass',
    resource: ':org-api',
  },
  {
    check: 'lambda_function_not_publicly_accessible',
    name: 'Principal "*" with an aws:SourceArn pattern whose account is a wildcard: any account\'s resource may invoke it',
    source: `${SOURCE}; ArnLike matches * in any ARN field`,
    mutate: (s) => {
      functions(s).push(
        fn(
          'any-bucket',
          ok({
            Statement: [
              {
                Effect: 'Allow',
                Principal: '*',
                Action: 'lambda:InvokeFunction',
                Resource: arn('any-bucket'),
                Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:*:*:*' } },
              },
            ],
          }),
        ),
      );
    },
    expect: 'fail',
    resource: ':any-bucket',
  },
  {
    check: 'lambda_function_not_publicly_accessible',
    name: 'GetPolicy denied for one function: its policy is unknown',
    source: 'GetPolicy requires lambda:GetPolicy',
    mutate: (s) => {
      functions(s).push(fn('hidden', denied('lambda:GetPolicy')));
    },
    expect: 'error',
    resource: ':hidden',
  },
];
