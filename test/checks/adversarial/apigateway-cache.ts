import type { RestStage } from '../../../src/aws/collectors/apigateway.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';

const PROD = 'restapis/a1b2c3/stages/prod';
const SOURCE =
  'API Gateway REST API Reference, Stage.cacheClusterEnabled and Stage.methodSettings (keys */* and {resource_path}/{http_method}; MethodSetting.cachingEnabled, cacheDataEncrypted, cacheTtlInSeconds); Developer Guide, Cache settings: "When you enable caching for a stage, only GET methods have caching enabled by default", TTL=0 disables caching';

function stages(s: Snapshot): RestStage[] {
  const apis = s.data.apigateway!.restApis;
  if (!apis.ok || !apis.value[0]!.stages.ok) throw new Error('fixture read is not ok');
  return apis.value[0]!.stages.value;
}
const stage = (s: Snapshot, name: string) => stages(s).find((x) => x.name === name)!;

/** apigateway_stage_cache_encrypted: caches that look encrypted and are not, and the reverse. */
export const CASES: AdversarialCase[] = [
  {
    check: 'apigateway_stage_cache_encrypted',
    name: 'the stage default (*/*) encrypts, but a POST override turns caching on without encryption',
    source: SOURCE,
    mutate: (s) => {
      stage(s, 'prod').methodCaching!['~1orders/POST'] = { cachingEnabled: true, cacheDataEncrypted: false, cacheTtlInSeconds: 60 };
    },
    expect: 'fail',
    resource: PROD,
  },
  {
    check: 'apigateway_stage_cache_encrypted',
    name: 'a cache cluster with no method settings at all: nothing says "unencrypted", but GET methods cache by default and encryption is off by default',
    source: SOURCE,
    mutate: (s) => {
      stage(s, 'prod').methodCaching = {};
    },
    expect: 'fail',
    resource: PROD,
  },
  {
    check: 'apigateway_stage_cache_encrypted',
    name: 'cacheDataEncrypted false on every entry, but caching is off at the stage and the one caching override encrypts: nothing cached in clear',
    source: SOURCE,
    mutate: (s) => {
      stage(s, 'prod').methodCaching = {
        '*/*': { cachingEnabled: false, cacheDataEncrypted: false, cacheTtlInSeconds: 300 },
        '~1catalogue/GET': { cachingEnabled: true, cacheDataEncrypted: true, cacheTtlInSeconds: 3600 },
        '~1orders/GET': { cachingEnabled: true, cacheDataEncrypted: false, cacheTtlInSeconds: 0 },
      };
    },
    expect: 'pass',
    resource: PROD,
  },
  {
    check: 'apigateway_stage_cache_encrypted',
    name: 'an unencrypted */* setting on a stage without a cache cluster caches nothing: not applicable, not a pass',
    source: SOURCE,
    mutate: (s) => {
      stage(s, 'dev').methodCaching = { '*/*': { cachingEnabled: true, cacheDataEncrypted: false, cacheTtlInSeconds: 300 } };
    },
    expect: 'not_applicable',
    resource: 'stages/dev',
  },
];
