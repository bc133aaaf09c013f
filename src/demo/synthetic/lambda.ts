import { GetPolicyCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { awsError, page, type SyntheticService } from './service.js';

/**
 * Lambda: two functions, one without a resource-based policy and one triggered by S3 under a policy
 * pinned to the bucket and the account (misconfigured: a webhook with a function URL of AuthType NONE).
 */
export const syntheticLambda: SyntheticService = ({ mock, count, accountId, pageSize, misconfigured }) => {
  const lambda = mock(LambdaClient);
  const names = ['resize-images', 'on-upload', ...(misconfigured ? ['webhook'] : [])];
  lambda.on(ListFunctionsCommand).callsFake(async (input: { Marker?: string }, call) => {
    count('lambda:ListFunctions');
    const region = await call.region();
    const p = page(names, input.Marker, pageSize);
    return {
      Functions: p.items.map((n) => ({ FunctionName: n, FunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${n}`, Runtime: 'nodejs22.x' })),
      NextMarker: p.next,
    };
  });
  lambda.on(GetPolicyCommand).callsFake((input: { FunctionName: string }) => {
    count('lambda:GetPolicy');
    const arn = input.FunctionName;
    if (arn.endsWith(':on-upload')) {
      const statement = {
        Sid: 's3-trigger',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceAccount': accountId }, ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::bucket-00000' } },
      };
      return { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [statement] }), RevisionId: 'r1' };
    }
    if (arn.endsWith(':webhook')) {
      const statement = {
        Sid: 'FunctionURLAllowPublicAccess',
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:InvokeFunctionUrl',
        Resource: arn,
        Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
      };
      return { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [statement] }), RevisionId: 'r2' };
    }
    throw awsError('ResourceNotFoundException', 'The resource you requested does not exist.');
  });
};
