import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.2 / 4.2: a metric filter and an alarm for console sign-ins without MFA. */
export const cloudwatch_log_metric_filter_sign_in_without_mfa = defineMetricFilterCheck({
  id: 'cloudwatch_log_metric_filter_sign_in_without_mfa',
  title: 'An alarm fires on console sign-in without MFA',
  what: 'console sign-ins without MFA',
  cis: '3.2 / 4.2',
  pattern:
    '{ ($.eventSource = signin.amazonaws.com) && ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  severity: 'medium',
  rationale: 'A console session without MFA is one stolen password away from the personal data the account holds; an alarm shows when it happens.',
});
