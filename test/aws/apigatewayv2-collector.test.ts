import { ApiGatewayV2Client, GetApisCommand, GetStagesCommand } from '@aws-sdk/client-apigatewayv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { apigatewayv2Collector } from '../../src/aws/collectors/apigatewayv2.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { getCheck } from '../../src/checks/registry.js';
import { collectIn, pageOf } from '../helpers/collect-in.js';

const v2 = mockClient(ApiGatewayV2Client);
afterEach(() => v2.reset());

describe('the API Gateway v2 collector', () => {
  it("follows NextToken over every page of APIs and of each API's stages, dropping an API deleted meanwhile", async () => {
    const sent: string[] = [];
    const apis = [
      { ApiId: 'h1', Name: 'checkout', ProtocolType: 'HTTP' },
      { ApiId: 'w2', Name: 'chat', ProtocolType: 'WEBSOCKET' },
      { ApiId: 'x3', Name: 'gone', ProtocolType: 'HTTP' },
    ];
    v2.on(GetApisCommand).callsFake(async (input: { NextToken?: string; MaxResults?: string }) => {
      sent.push(`apis ${input.NextToken ?? '-'} ${input.MaxResults}`);
      const p = pageOf(apis, input.NextToken, 2);
      return { Items: p.items, NextToken: p.next };
    });
    v2.on(GetStagesCommand).callsFake(async (input: { ApiId: string; NextToken?: string }) => {
      sent.push(`stages ${input.ApiId} ${input.NextToken ?? '-'}`);
      if (input.ApiId === 'x3') throw Object.assign(new Error('Invalid API identifier specified'), { name: 'NotFoundException' });
      if (input.ApiId === 'w2') return { Items: [{ StageName: 'production' }] };
      return input.NextToken
        ? { Items: [{ StageName: 'staging' }] }
        : {
            Items: [
              {
                StageName: '$default',
                AccessLogSettings: { DestinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:access', Format: '$context.requestId' },
              },
            ],
            NextToken: 'n2',
          };
    });
    const { data } = await collectIn(apigatewayv2Collector, 'eu-west-1');
    expect(sent.sort()).toEqual(['apis - 500', 'apis t2 500', 'stages h1 -', 'stages h1 n2', 'stages w2 -', 'stages x3 -']);
    expect(data.apis).toEqual({
      ok: true,
      value: [
        {
          id: 'h1',
          name: 'checkout',
          arn: 'arn:aws:apigateway:eu-west-1::/apis/h1',
          protocolType: 'HTTP',
          stages: {
            ok: true,
            value: [
              {
                name: '$default',
                arn: 'arn:aws:apigateway:eu-west-1::/apis/h1/stages/$default',
                accessLogDestination: 'arn:aws:logs:eu-west-1:123456789012:log-group:access',
              },
              { name: 'staging', arn: 'arn:aws:apigateway:eu-west-1::/apis/h1/stages/staging' },
            ],
          },
        },
        {
          id: 'w2',
          name: 'chat',
          arn: 'arn:aws:apigateway:eu-west-1::/apis/w2',
          protocolType: 'WEBSOCKET',
          stages: { ok: true, value: [{ name: 'production', arn: 'arn:aws:apigateway:eu-west-1::/apis/w2/stages/production' }] },
        },
      ],
    });
    const s = compliantSnapshot();
    s.data.apigatewayv2 = data;
    const results = getCheck('apigatewayv2_api_access_logging_enabled')!.evaluate(s);
    expect(results.map((r) => `${r.status} ${r.resource.split('/apis/')[1]}`)).toEqual([
      'pass h1/stages/$default',
      'fail h1/stages/staging',
      'fail w2/stages/production',
    ]);
  });

  it('records a denied GetStages on the API, and stops on a NextToken that repeats', async () => {
    v2.on(GetApisCommand).resolves({
      Items: [{ ApiId: 'h1', Name: 'checkout', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.method $request.path' }],
    });
    v2.on(GetStagesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const { data } = await collectIn(apigatewayv2Collector, 'eu-west-1');
    if (!data.apis.ok) throw new Error('not read');
    expect(data.apis.value[0]!.stages).toMatchObject({ ok: false, error: { call: 'apigateway:GET', kind: 'denied' } });
    v2.reset();
    v2.on(GetApisCommand).resolves({ Items: [], NextToken: 'same' });
    const looped = await collectIn(apigatewayv2Collector, 'eu-west-1');
    expect(looped.data.apis).toMatchObject({ ok: false, error: { call: 'apigateway:GET', code: 'RepeatedToken' } });
  });
});
