import { s3DataEventFindings } from '../cloudtrail-trails.js';
import { accountResource, fromRead, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** A multi-region, logging trail records S3 write data events (PutObject, DeleteObject, …) of every bucket. */
export const cloudtrail_s3_dataevents_write_enabled = defineCheck({
  id: 'cloudtrail_s3_dataevents_write_enabled',
  title: 'CloudTrail logs S3 write data events for all buckets',
  demands:
    'A multi-region trail that is logging and delivering selects S3 write data events for every bucket (classic DataResources arn:aws:s3, or an advanced selector on AWS::S3::Object with no narrowing condition).',
  actionItem: 8,
  gdpr: ['Art. 30', 'Art. 33'],
  severity: 'medium',
  scope: 'account',
  needs: ['cloudtrail'],
  permissions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
  rationale: 'Without write data events nobody can tell who changed or deleted personal data in S3, or when.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'cloudtrail', resource, (ct) => fromRead(ct.trails, resource, (trails) => s3DataEventFindings(s, ct, trails, 'write', resource)));
  },
});
