import { protectionPlanFindings } from '../guardduty-features.js';
import { defineCheck } from '../types.js';

/** GuardDuty RDS Protection (feature `RDS_LOGIN_EVENTS`) is enabled on every active detector. */
export const guardduty_rds_protection_enabled = defineCheck({
  id: 'guardduty_rds_protection_enabled',
  title: 'GuardDuty RDS Protection is enabled',
  demands: 'Every active GuardDuty detector has the RDS_LOGIN_EVENTS feature ENABLED (RDS Protection, login anomalies on Aurora and RDS databases).',
  actionItem: 11,
  gdpr: ['Art. 32', 'Art. 33'],
  severity: 'medium',
  scope: 'region',
  needs: ['guardduty'],
  permissions: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
  rationale: 'Databases are where most personal data sits; RDS Protection flags brute-force and anomalous logins to them, the first sign of a database breach.',
  evaluate: (s) => protectionPlanFindings(s, 'RDS_LOGIN_EVENTS', 'RDS Protection'),
});
