import type { ApiGatewayData } from '../../../src/aws/collectors/apigateway.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const DOMAIN = 'domainnames/api.shop.example.com';
const STAGE = 'restapis/a1b2c3/stages/prod';

function v<T>(read: ApiGatewayData['domainNames'] | ApiGatewayData['restApis']): T {
  if (!read.ok) throw new Error('fixture read is not ok');
  return read.value as T;
}
const domains = (s: Snapshot) => v<Extract<ApiGatewayData['domainNames'], { ok: true }>['value']>(s.data.apigateway!.domainNames);
const apis = (s: Snapshot) => v<Extract<ApiGatewayData['restApis'], { ok: true }>['value']>(s.data.apigateway!.restApis);
const stages = (s: Snapshot) => {
  const read = apis(s)[0]!.stages;
  if (!read.ok) throw new Error('fixture read is not ok');
  return read.value;
};

/** API Gateway: custom domains and REST stages that look right and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'apigateway_domain_name_tls12',
    name: 'an edge-optimized domain created years ago keeps TLS_1_0 while the regional ones are on TLS_1_2',
    source:
      'API Gateway REST API Reference, DomainName.securityPolicy: TLS_1_0 | TLS_1_2 | SecurityPolicy_*; Developer Guide, Choose a security policy: TLS_1_0 accepts TLS 1.0 to 1.3',
    mutate: (s) => {
      domains(s).push({
        name: 'legacy.shop.example.com',
        arn: 'arn:aws:apigateway:eu-west-1::/domainnames/legacy.shop.example.com',
        endpointTypes: ['EDGE'],
        securityPolicy: 'TLS_1_0',
      });
    },
    expect: 'fail',
    resource: 'domainnames/legacy.shop.example.com',
  },
  {
    check: 'apigateway_domain_name_tls12',
    name: 'an enhanced post-quantum policy (SecurityPolicy_TLS13_1_2_PQ_2025_09) is TLS 1.2+: compliant',
    source: 'API Gateway Developer Guide, Security policies: any policy that starts with SecurityPolicy_ is an enhanced policy (TLS 1.2 or 1.3 minimum)',
    mutate: (s) => {
      domains(s)[0]!.securityPolicy = 'SecurityPolicy_TLS13_1_2_PQ_2025_09';
    },
    expect: 'pass',
    resource: DOMAIN,
  },
  {
    check: 'apigateway_domain_name_tls12',
    name: 'the answer carries no securityPolicy: unknown, not assumed TLS 1.2',
    source: 'API Gateway REST API Reference, GetDomainNames: items[].securityPolicy',
    mutate: (s) => {
      delete domains(s)[0]!.securityPolicy;
    },
    expect: 'error',
    resource: DOMAIN,
  },
  {
    check: 'apigateway_stage_access_logging_enabled',
    name: 'the prod stage logs, but a second stage (staging, with a copy of production data) has no access-log destination',
    source: 'API Gateway REST API Reference, Stage.accessLogSettings (destinationArn, format): absent when access logging is off',
    mutate: (s) => {
      stages(s).push({ name: 'staging', arn: 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/staging' });
    },
    expect: 'fail',
    resource: 'restapis/a1b2c3/stages/staging',
  },
  {
    check: 'apigateway_stage_access_logging_enabled',
    name: 'GetStages was denied for one API: its stages are unknown',
    source: 'API Gateway REST API Reference, GetStages (IAM action apigateway:GET on /restapis/{id}/stages)',
    mutate: (s) => {
      apis(s).push({ id: 'z9y8x7', name: 'partners', arn: 'arn:aws:apigateway:eu-west-1::/restapis/z9y8x7', stages: denied('apigateway:GET') });
    },
    expect: 'error',
    resource: 'restapis/z9y8x7',
  },
  {
    check: 'apigateway_stage_access_logging_enabled',
    name: 'an API that was never deployed has no stage: nothing serves it',
    source: 'API Gateway REST API Reference, GetStages: item is empty until a deployment creates a stage',
    mutate: (s) => {
      apis(s)[0]!.stages = ok([]);
    },
    expect: 'not_applicable',
    resource: 'restapis/a1b2c3',
  },
  {
    check: 'apigateway_stage_access_logging_enabled',
    name: 'a stage that logs to a Firehose stream counts as logging',
    source: 'API Gateway Developer Guide, Access logging: destinationArn is a CloudWatch Logs group or a Kinesis Data Firehose stream (amazon-apigateway-…)',
    mutate: (s) => {
      stages(s)[0]!.accessLogDestination = `arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/amazon-apigateway-access`;
    },
    expect: 'pass',
    resource: STAGE,
  },
];
