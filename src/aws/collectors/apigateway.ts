import { APIGatewayClient, GetStagesCommand, paginateGetDomainNames, paginateGetRestApis } from '@aws-sdk/client-api-gateway';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** A custom domain name (shared by REST and HTTP/WebSocket APIs of the region; edge-optimized ones are REST only). */
export interface ApiDomainName {
  name: string;
  arn: string;
  /** `EDGE`, `REGIONAL` or `PRIVATE`. */
  endpointTypes: string[];
  /** `TLS_1_0`, `TLS_1_2` (legacy policies) or an enhanced `SecurityPolicy_TLS13_…` / `SecurityPolicy_TLS12_…`; absent when the answer had none. */
  securityPolicy?: string;
}

/** The caching fields of one `methodSettings` entry of a stage. */
export interface MethodCaching {
  cachingEnabled?: boolean;
  cacheDataEncrypted?: boolean;
  cacheTtlInSeconds?: number;
}

/** A stage of a REST API: its access-log destination and its cache. */
export interface RestStage {
  name: string;
  arn: string;
  /** `accessLogSettings.destinationArn` (a CloudWatch Logs group or a Firehose stream); absent: no access logs. */
  accessLogDestination?: string;
  /** `cacheClusterEnabled` (missing in the answer reads as no cache cluster); always set by the collector. */
  cacheClusterEnabled?: boolean;
  /** The caching fields of `methodSettings`, by method path: `*\/*` for the stage's default, `{resource}/{METHOD}` for an override. */
  methodCaching?: Record<string, MethodCaching>;
}

export interface RestApi {
  id: string;
  name: string;
  arn: string;
  stages: Read<RestStage[]>;
}

export interface ApiGatewayData {
  domainNames: Read<ApiDomainName[]>;
  restApis: Read<RestApi[]>;
}

/** Items per GetDomainNames / GetRestApis page (`limit` 1 to 500). */
const PAGE = 500;
/** A REST API deleted between GetRestApis and GetStages. */
const GONE = ['NotFoundException'];

/**
 * API Gateway (regional, REST): every custom domain name with its TLS security policy, and every REST
 * API with its stages' access-log and cache settings (GetStages lists every stage of an API in one answer).
 */
export const apigatewayCollector: Collector<ApiGatewayData> = {
  id: 'apigateway',
  scope: 'region',
  async collect(ctx) {
    const apigw = ctx.clients.get(APIGatewayClient, ctx.region);
    const base = `arn:aws:apigateway:${ctx.region}::`;
    const [domainNames, restApis] = await Promise.all([
      ctx.read(async () =>
        (await ctx.pages('apigateway:GET', paginateGetDomainNames({ client: apigw, pageSize: PAGE }, {}), (p) => p.items)).map((d): ApiDomainName => ({
          name: d.domainName ?? '',
          arn: d.domainNameArn ?? `${base}/domainnames/${d.domainName ?? ''}`,
          endpointTypes: d.endpointConfiguration?.types ?? [],
          ...(d.securityPolicy ? { securityPolicy: d.securityPolicy } : {}),
        })),
      ),
      ctx.read(async () => {
        const apis = await ctx.pages('apigateway:GET', paginateGetRestApis({ client: apigw, pageSize: PAGE }, {}), (p) => p.items);
        const read = await Promise.all(
          apis.map(async (api): Promise<RestApi | undefined> => {
            const id = api.id ?? '';
            let gone = false;
            const stages = await ctx.read(async () => {
              const out = await ctx.call('apigateway:GET', () => apigw.send(new GetStagesCommand({ restApiId: id })), GONE);
              if (out === null) gone = true;
              return (out?.item ?? []).map((st): RestStage => ({
                name: st.stageName ?? '',
                arn: `${base}/restapis/${id}/stages/${st.stageName ?? ''}`,
                ...(st.accessLogSettings?.destinationArn ? { accessLogDestination: st.accessLogSettings.destinationArn } : {}),
                cacheClusterEnabled: st.cacheClusterEnabled === true,
                methodCaching: Object.fromEntries(
                  Object.entries(st.methodSettings ?? {}).map(([path, m]) => [
                    path,
                    { cachingEnabled: m.cachingEnabled, cacheDataEncrypted: m.cacheDataEncrypted, cacheTtlInSeconds: m.cacheTtlInSeconds },
                  ]),
                ),
              }));
            });
            return gone ? undefined : { id, name: api.name ?? id, arn: `${base}/restapis/${id}`, stages };
          }),
        );
        return read.filter((a): a is RestApi => a !== undefined);
      }),
    ]);
    return { domainNames, restApis };
  },
};
