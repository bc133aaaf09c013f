import { forEachRestStage } from '../apigateway-stages.js';
import { fail, pass } from '../helpers.js';
import { defineCheck } from '../types.js';

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
    return forEachRestStage(s, (a, st) =>
      st.accessLogDestination
        ? pass(st.arn, `Stage ${st.name} of REST API ${a.name} (${a.id}) writes access logs to ${st.accessLogDestination}.`)
        : fail(st.arn, `Stage ${st.name} of REST API ${a.name} (${a.id}) writes no access logs (no accessLogSettings.destinationArn).`),
    );
  },
});
