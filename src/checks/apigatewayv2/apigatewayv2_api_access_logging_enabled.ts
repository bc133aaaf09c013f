import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** Every stage of every HTTP and WebSocket API writes access logs (`AccessLogSettings.DestinationArn` set). */
export const apigatewayv2_api_access_logging_enabled = defineCheck({
  id: 'apigatewayv2_api_access_logging_enabled',
  title: 'API Gateway HTTP and WebSocket stages write access logs',
  demands: 'Every stage of every HTTP and WebSocket API (API Gateway v2) has an access-log destination (AccessLogSettings.DestinationArn).',
  actionItem: 9,
  gdpr: ['Art. 30', 'Art. 33'],
  severity: 'low',
  scope: 'region',
  needs: ['apigatewayv2'],
  permissions: ['apigateway:GET'],
  rationale:
    'Access logs record who called which API and when, which an investigation of a data breach needs; HTTP and WebSocket APIs write none unless a destination is set.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'apigatewayv2', resource, (v2) =>
      fromRead(v2.apis, resource, (apis) => {
        if (apis.length === 0) return [notApplicable(resource, `No API Gateway HTTP or WebSocket APIs in ${s.region} (account ${s.accountId}).`)];
        return apis.flatMap((a): Finding[] => {
          const name = `${a.protocolType === 'WEBSOCKET' ? 'WebSocket' : 'HTTP'} API ${a.name} (${a.id})`;
          if (!a.stages.ok) return [errorFinding(a.arn, a.stages.error)];
          if (a.stages.value.length === 0) return [notApplicable(a.arn, `${name} has no stages (it is not deployed).`)];
          return a.stages.value.map((st) =>
            st.accessLogDestination
              ? pass(st.arn, `Stage ${st.name} of ${name} writes access logs to ${st.accessLogDestination}.`)
              : fail(st.arn, `Stage ${st.name} of ${name} writes no access logs (no AccessLogSettings.DestinationArn).`),
          );
        });
      }),
    );
  },
});
