import { GetPolicyCommand, LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { parsePolicyText, type Read } from './context.js';
import type { Collector } from './types.js';

/** A Lambda function and its resource-based policy. */
export interface LambdaFunction {
  name: string;
  arn: string;
  /**
   * The function's resource-based policy (GetPolicy on the unqualified function, parsed); `null` when
   * it has none (GetPolicy answers ResourceNotFoundException). Versions' and aliases' own policies are not read.
   */
  policy: Read<unknown>;
}

export interface LambdaData {
  functions: Read<LambdaFunction[]>;
}

/** Functions per ListFunctions page (`MaxItems` 1 to 50). */
const PAGE = 50;
/** GetPolicy's answer for a function without a resource-based policy (or deleted since the listing). */
const NO_POLICY = ['ResourceNotFoundException'];

/** Lambda (regional): every function (every page of ListFunctions) and its resource-based policy. */
export const lambdaCollector: Collector<LambdaData> = {
  id: 'lambda',
  scope: 'region',
  async collect(ctx) {
    const lambda = ctx.clients.get(LambdaClient, ctx.region);
    const functions = await ctx.read(async () => {
      const list = await ctx.pages('lambda:ListFunctions', paginateListFunctions({ client: lambda, pageSize: PAGE }, {}), (p) =>
        p.Functions?.map((f) => ({
          name: f.FunctionName ?? '',
          arn: f.FunctionArn ?? `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${f.FunctionName ?? ''}`,
        })),
      );
      return Promise.all(
        list.map(async (f): Promise<LambdaFunction> => ({
          ...f,
          policy: await ctx.read(async () => {
            const out = await ctx.call('lambda:GetPolicy', () => lambda.send(new GetPolicyCommand({ FunctionName: f.arn })), NO_POLICY);
            return out === null ? null : parsePolicyText('lambda:GetPolicy', out?.Policy);
          }),
        })),
      );
    });
    return { functions };
  },
};
