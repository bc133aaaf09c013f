import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * Every stage of every REST API writes access logs (`accessLogSettings.destinationArn` set, a CloudWatch
 * Logs group or a Firehose stream). Execution logging (`methodSettings.*.loggingLevel`) is a different,
 * debugging log and does not count.
 */
export const apigateway_stage_access_logging_enabled = defineCheck({
  id: 'apigateway_stage_access_logging_enabled',
  title: 'API Gateway REST stages write access logs',
  demands: 'Every stage of every REST API has an access-log destination (accessLogSettings.destinationArn); execution logging alone does not count.',
  actionItem: 9,
  gdpr: ['Art. 30', 'Art. 33'],
  severity: 'low',
  scope: 'region',
  needs: ['apigateway'],
  permissions: ['apigateway:GET'],
  rationale: 'Access logs record who called which API and when, which an investigation of a data breach needs.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'apigateway', resource, (api) =>
      fromRead(api.restApis, resource, (apis) => {
        if (apis.length === 0) return [notApplicable(resource, `No API Gateway REST APIs in ${s.region} (account ${s.accountId}).`)];
        return apis.flatMap((a): Finding[] => {
          if (!a.stages.ok) return [errorFinding(a.arn, a.stages.error)];
          if (a.stages.value.length === 0) return [notApplicable(a.arn, `REST API ${a.name} (${a.id}) has no stages (it is not deployed).`)];
          return a.stages.value.map((st) =>
            st.accessLogDestination
              ? pass(st.arn, `Stage ${st.name} of REST API ${a.name} (${a.id}) writes access logs to ${st.accessLogDestination}.`)
              : fail(st.arn, `Stage ${st.name} of REST API ${a.name} (${a.id}) writes no access logs (no accessLogSettings.destinationArn).`),
          );
        });
      }),
    );
  },
});
