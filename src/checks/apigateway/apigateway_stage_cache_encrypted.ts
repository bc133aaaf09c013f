import type { MethodCaching } from '../../aws/collectors/apigateway.js';
import { forEachRestStage } from '../apigateway-stages.js';
import { fail, notApplicable, pass } from '../helpers.js';
import { CheckStatus, defineCheck } from '../types.js';

/** The stage-wide entry of `methodSettings`. */
const STAGE_DEFAULT = '*/*';

/**
 * The method paths of a stage with a cache cluster that cache responses unencrypted. The stage's default
 * (`*\/*`) caches unless it turns caching off: API Gateway caches GET methods by default once the stage
 * has a cache, and `cacheDataEncrypted` defaults to false, so a missing entry caches unencrypted. An
 * override (`{resource}/{METHOD}`) caches when its `cachingEnabled` says so (or, unset, as the default
 * does); a TTL of 0 turns caching off.
 */
export function unencryptedCaching(methodCaching: Readonly<Record<string, MethodCaching>>): string[] {
  const caches = (m: MethodCaching, inherited: boolean) => (m.cachingEnabled ?? inherited) && m.cacheTtlInSeconds !== 0;
  const stageDefault = methodCaching[STAGE_DEFAULT] ?? {};
  const defaultCaches = caches(stageDefault, true);
  const out = defaultCaches && stageDefault.cacheDataEncrypted !== true ? [STAGE_DEFAULT] : [];
  for (const [path, m] of Object.entries(methodCaching)) {
    if (path !== STAGE_DEFAULT && caches(m, defaultCaches) && m.cacheDataEncrypted !== true) out.push(path);
  }
  return out;
}

/**
 * Every stage of a REST API that has a cache cluster encrypts what it caches: the stage's default method
 * setting and every override that caches have `cacheDataEncrypted` true. A stage without a cache
 * cluster caches nothing and is not applicable.
 */
export const apigateway_stage_cache_encrypted = defineCheck({
  id: 'apigateway_stage_cache_encrypted',
  title: 'API Gateway REST stage caches are encrypted',
  demands:
    'Every REST API stage with a cache cluster has cacheDataEncrypted true on its default method setting (*/*) and on every method override that caches.',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['apigateway'],
  permissions: ['apigateway:GET'],
  rationale: "A stage cache keeps the API's responses, personal data among them, on disk for up to an hour; unencrypted unless the stage asks for it.",
  evaluate(s) {
    return forEachRestStage(s, (a, st) => {
      const what = `Stage ${st.name} of REST API ${a.name} (${a.id})`;
      if (st.cacheClusterEnabled === undefined || st.methodCaching === undefined) {
        return { status: CheckStatus.Error, resource: st.arn, message: `Could not check ${st.arn}: the cache settings of ${what} were not collected.` };
      }
      if (!st.cacheClusterEnabled) return notApplicable(st.arn, `${what} has no cache cluster: it caches nothing.`);
      const open = unencryptedCaching(st.methodCaching);
      if (open.length === 0) return pass(st.arn, `${what} encrypts its cache.`);
      return fail(
        st.arn,
        `${what} in ${s.region} caches responses unencrypted (method settings ${open.join(', ')}): turn on "Encrypt cache data" (cacheDataEncrypted) for them.`,
      );
    });
  },
});
