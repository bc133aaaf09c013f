import { protectionPlanFindings } from '../guardduty-features.js';
import { defineCheck } from '../types.js';

/** GuardDuty S3 Protection (feature `S3_DATA_EVENTS`) is enabled on every active detector. */
export const guardduty_s3_protection_enabled = defineCheck({
  id: 'guardduty_s3_protection_enabled',
  title: 'GuardDuty S3 Protection is enabled',
  demands: 'Every active GuardDuty detector has the S3_DATA_EVENTS feature ENABLED (S3 Protection).',
  actionItem: 11,
  gdpr: ['Art. 32', 'Art. 33'],
  severity: 'high',
  scope: 'region',
  needs: ['guardduty'],
  permissions: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
  rationale:
    'Without S3 Protection GuardDuty sees no object-level S3 calls, so an unusual bulk download of personal data from a bucket (exfiltration, a breach to notify under Art. 33) raises no finding.',
  evaluate: (s) => protectionPlanFindings(s, 'S3_DATA_EVENTS', 'S3 Protection'),
});
