import { CognitoIdentityProviderClient, DescribeUserPoolCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { cognitoCollector } from '../../src/aws/collectors/cognito.js';
import { collectIn, pageOf, regionOf } from '../helpers/collect-in.js';

const idp = mockClient(CognitoIdentityProviderClient);
afterEach(() => idp.reset());

describe('the Cognito collector', () => {
  it('sends MaxResults (required, 60 at most) on every ListUserPools page, in each region, and describes every pool', async () => {
    const requests: { region: string; max?: number; token?: string }[] = [];
    const ids = Array.from({ length: 61 }, (_, i) => `eu-west-1_p${i}`);
    idp.on(ListUserPoolsCommand).callsFake(async (input: { MaxResults?: number; NextToken?: string }, getClient) => {
      requests.push({ region: await regionOf(getClient), max: input.MaxResults, token: input.NextToken });
      const p = pageOf(ids, input.NextToken, input.MaxResults ?? 60);
      return { UserPools: p.items.map((Id) => ({ Id, Name: Id })), NextToken: p.next };
    });
    idp.on(DescribeUserPoolCommand).callsFake(async (input: { UserPoolId: string }) => ({
      UserPool: { Id: input.UserPoolId, MfaConfiguration: 'ON', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } },
    }));
    for (const region of ['eu-west-1', 'eu-north-1']) {
      const { data } = await collectIn(cognitoCollector, region, ['eu-west-1', 'eu-north-1']);
      if (!data.userPools.ok) throw new Error('not read');
      expect(data.userPools.value).toHaveLength(61);
      expect(data.userPools.value[60]!.arn).toBe(`arn:aws:cognito-idp:${region}:123456789012:userpool/eu-west-1_p60`);
    }
    expect(requests).toEqual([
      { region: 'eu-west-1', max: 60, token: undefined },
      { region: 'eu-west-1', max: 60, token: 't60' },
      { region: 'eu-north-1', max: 60, token: undefined },
      { region: 'eu-north-1', max: 60, token: 't60' },
    ]);
    expect(idp.commandCalls(DescribeUserPoolCommand)).toHaveLength(122);
  });

  it('reads MFA, both threat protection modes, the custom-auth trigger and the feature plan; missing settings read as OFF', async () => {
    idp.on(ListUserPoolsCommand).resolves({
      UserPools: [
        { Id: 'eu-west-1_a', Name: 'a' },
        { Id: 'eu-west-1_b', Name: 'b' },
      ],
    });
    idp.on(DescribeUserPoolCommand, { UserPoolId: 'eu-west-1_a' }).resolves({
      UserPool: {
        Id: 'eu-west-1_a',
        MfaConfiguration: 'OPTIONAL',
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED', AdvancedSecurityAdditionalFlows: { CustomAuthMode: 'AUDIT' } },
        LambdaConfig: {
          DefineAuthChallenge: 'arn:aws:lambda:eu-west-1:123456789012:function:define',
          CreateAuthChallenge: 'arn:c',
          VerifyAuthChallengeResponse: 'arn:v',
        },
      },
    });
    idp.on(DescribeUserPoolCommand, { UserPoolId: 'eu-west-1_b' }).resolves({ UserPool: { Id: 'eu-west-1_b', UserPoolTier: 'ESSENTIALS' } });
    const { data } = await collectIn(cognitoCollector, 'eu-west-1');
    if (!data.userPools.ok) throw new Error('not read');
    expect(data.userPools.value.map((p) => p.details)).toEqual([
      {
        ok: true,
        value: expect.objectContaining({ mfa: 'OPTIONAL', threatProtection: 'ENFORCED', customAuthThreatProtection: 'AUDIT', customAuth: true, tier: 'PLUS' }),
      },
      {
        ok: true,
        value: expect.objectContaining({ mfa: 'OFF', threatProtection: 'OFF', customAuthThreatProtection: 'OFF', customAuth: false, tier: 'ESSENTIALS' }),
      },
    ]);
  });

  it('keeps the password policy as answered (left-out fields stay unknown), the sign-in factors and deletion protection (left out: INACTIVE)', async () => {
    idp.on(ListUserPoolsCommand).resolves({
      UserPools: [
        { Id: 'eu-west-1_a', Name: 'a' },
        { Id: 'eu-west-1_b', Name: 'b' },
      ],
    });
    idp.on(DescribeUserPoolCommand, { UserPoolId: 'eu-west-1_a' }).resolves({
      UserPool: {
        Id: 'eu-west-1_a',
        Policies: {
          PasswordPolicy: {
            MinimumLength: 16,
            RequireUppercase: true,
            RequireLowercase: true,
            RequireNumbers: false,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: 3,
            PasswordHistorySize: 5,
          },
          SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] },
        },
        DeletionProtection: 'ACTIVE',
      },
    });
    idp
      .on(DescribeUserPoolCommand, { UserPoolId: 'eu-west-1_b' })
      .resolves({ UserPool: { Id: 'eu-west-1_b', Policies: { PasswordPolicy: { MinimumLength: 8 } } } });
    const { data, calls } = await collectIn(cognitoCollector, 'eu-west-1');
    if (!data.userPools.ok) throw new Error('not read');
    const [a, b] = data.userPools.value.map((p) => (p.details.ok ? p.details.value : undefined));
    expect(a).toMatchObject({
      passwordPolicy: {
        minimumLength: 16,
        requireUppercase: true,
        requireLowercase: true,
        requireNumbers: false,
        requireSymbols: true,
        temporaryPasswordValidityDays: 3,
      },
      firstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'],
      deletionProtection: 'ACTIVE',
    });
    expect(b).toMatchObject({ passwordPolicy: { minimumLength: 8 }, firstAuthFactors: ['PASSWORD'], deletionProtection: 'INACTIVE' });
    expect(b!.passwordPolicy).toEqual({ minimumLength: 8 });
    // No further call: DescribeUserPool, already made for MFA, answers everything.
    expect(calls.filter((c) => c === 'cognito-idp:DescribeUserPool')).toHaveLength(2);
  });

  it('records a denied DescribeUserPool on that pool only', async () => {
    idp.on(ListUserPoolsCommand).resolves({
      UserPools: [
        { Id: 'eu-west-1_a', Name: 'a' },
        { Id: 'eu-west-1_b', Name: 'b' },
      ],
    });
    idp.on(DescribeUserPoolCommand, { UserPoolId: 'eu-west-1_a' }).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    idp.on(DescribeUserPoolCommand, { UserPoolId: 'eu-west-1_b' }).resolves({ UserPool: { Id: 'eu-west-1_b', DeletionProtection: 'ACTIVE' } });
    const { data } = await collectIn(cognitoCollector, 'eu-west-1');
    if (!data.userPools.ok) throw new Error('not read');
    expect(data.userPools.value[0]!.details).toMatchObject({ ok: false, error: { call: 'cognito-idp:DescribeUserPool', kind: 'denied' } });
    expect(data.userPools.value[1]!.details).toMatchObject({ ok: true, value: { deletionProtection: 'ACTIVE' } });
  });
});
