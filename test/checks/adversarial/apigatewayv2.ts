import type { V2Api } from '../../../src/aws/collectors/apigatewayv2.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { denied } from '../fixtures.js';

function apis(s: Snapshot): V2Api[] {
  const read = s.data.apigatewayv2!.apis;
  if (!read.ok) throw new Error('fixture read is not ok');
  return read.value;
}

/** API Gateway v2: HTTP and WebSocket stages that look logged and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'apigatewayv2_api_access_logging_enabled',
    name: 'the HTTP API logs on $default, but a WebSocket API (chat with customers) has a production stage without access logs',
    source: 'API Gateway v2 API Reference, Stage.AccessLogSettings (DestinationArn, Format): absent unless configured, for HTTP and WebSocket APIs alike',
    mutate: (s) => {
      apis(s).push({
        id: 'w3bs0k',
        name: 'support-chat',
        arn: 'arn:aws:apigateway:eu-west-1::/apis/w3bs0k',
        protocolType: 'WEBSOCKET',
        stages: { ok: true, value: [{ name: 'production', arn: 'arn:aws:apigateway:eu-west-1::/apis/w3bs0k/stages/production' }] },
      });
    },
    expect: 'fail',
    resource: 'apis/w3bs0k/stages/production',
  },
  {
    check: 'apigatewayv2_api_access_logging_enabled',
    name: 'GetStages was denied for the API: its stages are unknown',
    source: 'API Gateway v2 API Reference, GetStages (IAM action apigateway:GET on /apis/{apiId}/stages)',
    mutate: (s) => {
      apis(s)[0]!.stages = denied('apigateway:GET');
    },
    expect: 'error',
    resource: 'apis/h7t7p9',
  },
];
