import { CognitoIdentityProviderClient, DescribeUserPoolCommand, paginateListUserPools } from '@aws-sdk/client-cognito-identity-provider';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface UserPool {
  id: string;
  name: string;
  arn: string;
  /** `ON`, `OPTIONAL` or `OFF`, with the pool's threat protection (advanced security) mode. */
  details: Read<{ mfa: string; threatProtection: string }>;
}

export interface CognitoData {
  userPools: Read<UserPool[]>;
}

/** Cognito user pools (regional): MFA configuration and threat protection mode of every pool. */
export const cognitoCollector: Collector<CognitoData> = {
  id: 'cognito',
  scope: 'region',
  async collect(ctx) {
    const client = ctx.clients.get(CognitoIdentityProviderClient, ctx.region);
    const userPools = await ctx.read(async () => {
      const list = await ctx.pages('cognito-idp:ListUserPools', paginateListUserPools({ client, pageSize: 60 }, { MaxResults: 60 }), (p) => p.UserPools);
      return Promise.all(
        list.map(async (pool): Promise<UserPool> => {
          const id = pool.Id ?? '';
          const details = await ctx.read(async () => {
            const out = await ctx.must('cognito-idp:DescribeUserPool', () => client.send(new DescribeUserPoolCommand({ UserPoolId: id })));
            return { mfa: out.UserPool?.MfaConfiguration ?? 'OFF', threatProtection: out.UserPool?.UserPoolAddOns?.AdvancedSecurityMode ?? 'OFF' };
          });
          return { id, name: pool.Name ?? '', arn: `arn:aws:cognito-idp:${ctx.region}:${ctx.accountId}:userpool/${id}`, details };
        }),
      );
    });
    return { userPools };
  },
};
