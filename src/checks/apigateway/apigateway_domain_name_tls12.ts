import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/** The legacy TLS 1.2 policy and the enhanced policies, which all refuse TLS 1.0 and 1.1 (`SecurityPolicy_TLS12_…`, `SecurityPolicy_TLS13_…`). */
const MODERN = /^(TLS_1_2|SecurityPolicy_TLS1[23]_.+)$/;

/**
 * Every API Gateway custom domain name uses a TLS 1.2 (or newer) security policy. `TLS_1_0` accepts
 * TLS 1.0 and 1.1. The domain names are shared by REST and HTTP/WebSocket APIs, so this one check
 * covers both (API Gateway v2's GetDomainNames lists the same regional names).
 */
export const apigateway_domain_name_tls12 = defineCheck({
  id: 'apigateway_domain_name_tls12',
  title: 'API Gateway custom domains refuse TLS 1.0 and 1.1',
  demands:
    'Every API Gateway custom domain name (edge, regional or private) has securityPolicy TLS_1_2 or an enhanced SecurityPolicy_TLS12_*/SecurityPolicy_TLS13_* policy; TLS_1_0 fails.',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['apigateway'],
  permissions: ['apigateway:GET'],
  rationale: 'A TLS_1_0 security policy lets API clients send personal data under TLS 1.0 or 1.1, which are deprecated (RFC 8996).',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'apigateway', resource, (api) =>
      fromRead(api.domainNames, resource, (domains) => {
        if (domains.length === 0) return [notApplicable(resource, `No API Gateway custom domain names in ${s.region} (account ${s.accountId}).`)];
        return domains.map((d): Finding => {
          const name = `API Gateway custom domain ${d.name}${d.endpointTypes.length > 0 ? ` (${d.endpointTypes.join(', ').toLowerCase()})` : ''}`;
          if (d.securityPolicy === 'TLS_1_0') return fail(d.arn, `${name} uses security policy TLS_1_0, which accepts TLS 1.0 and 1.1: set TLS_1_2.`);
          if (d.securityPolicy && MODERN.test(d.securityPolicy))
            return pass(d.arn, `${name} accepts TLS 1.2 or newer only (security policy ${d.securityPolicy}).`);
          return {
            status: CheckStatus.Error,
            resource: d.arn,
            message: `Could not check ${d.arn}: ${name} has ${d.securityPolicy ? `an unknown security policy ${d.securityPolicy}` : 'no securityPolicy'} in the GetDomainNames answer.`,
          };
        });
      }),
    );
  },
});
