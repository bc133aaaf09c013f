import { ApiGatewayV2Client, GetApisCommand, GetStagesCommand } from '@aws-sdk/client-apigatewayv2';
import { CallFailed, tokenPages, type Read } from './context.js';
import type { Collector } from './types.js';

/** A stage of an HTTP or WebSocket API and its access-log destination. */
export interface V2Stage {
  name: string;
  arn: string;
  /** `AccessLogSettings.DestinationArn` (a CloudWatch Logs group); absent: no access logs. */
  accessLogDestination?: string;
}

export interface V2Api {
  id: string;
  name: string;
  arn: string;
  /** `HTTP` or `WEBSOCKET`. */
  protocolType: string;
  stages: Read<V2Stage[]>;
}

export interface ApiGatewayV2Data {
  apis: Read<V2Api[]>;
}

/** Items per GetApis / GetStages page (`MaxResults`, a string in this API). */
const PAGE = '500';
/** An API deleted between GetApis and GetStages. */
const GONE = 'NotFoundException';

/**
 * API Gateway v2 (regional): every HTTP and WebSocket API and every stage of each, with its access-log
 * settings. The SDK has no paginators for these calls, so NextToken is followed with `tokenPages`.
 */
export const apigatewayv2Collector: Collector<ApiGatewayV2Data> = {
  id: 'apigatewayv2',
  scope: 'region',
  async collect(ctx) {
    const client = ctx.clients.get(ApiGatewayV2Client, ctx.region);
    const base = `arn:aws:apigateway:${ctx.region}::/apis`;
    const call = 'apigateway:GET';
    const apis = await ctx.read(async () => {
      const list = await ctx.pages(
        call,
        tokenPages(
          call,
          (NextToken) => client.send(new GetApisCommand({ NextToken, MaxResults: PAGE })),
          (p) => p.NextToken,
        ),
        (p) => p.Items,
      );
      const read = await Promise.all(
        list.map(async (api): Promise<V2Api | undefined> => {
          const id = api.ApiId ?? '';
          let gone = false;
          const stages = await ctx.read(async () => {
            try {
              const found = await ctx.pages(
                call,
                tokenPages(
                  call,
                  (NextToken) => client.send(new GetStagesCommand({ ApiId: id, NextToken, MaxResults: PAGE })),
                  (p) => p.NextToken,
                ),
                (p) => p.Items,
              );
              return found.map((st): V2Stage => ({
                name: st.StageName ?? '',
                arn: `${base}/${id}/stages/${st.StageName ?? ''}`,
                ...(st.AccessLogSettings?.DestinationArn ? { accessLogDestination: st.AccessLogSettings.DestinationArn } : {}),
              }));
            } catch (error) {
              if (error instanceof CallFailed && error.error.code === GONE) {
                gone = true;
                return [];
              }
              throw error;
            }
          });
          return gone ? undefined : { id, name: api.Name ?? id, arn: `${base}/${id}`, protocolType: api.ProtocolType ?? '', stages };
        }),
      );
      return read.filter((a): a is V2Api => a !== undefined);
    });
    return { apis };
  },
};
