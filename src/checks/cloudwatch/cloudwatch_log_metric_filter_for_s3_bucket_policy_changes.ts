import { defineMetricFilterCheck } from '../metric-filters.js';

/** CIS AWS Foundations 3.8 / 4.8: a metric filter and an alarm for S3 bucket policy, ACL, CORS, lifecycle and replication changes. */
export const cloudwatch_log_metric_filter_for_s3_bucket_policy_changes = defineMetricFilterCheck({
  id: 'cloudwatch_log_metric_filter_for_s3_bucket_policy_changes',
  title: 'An alarm fires on S3 bucket policy changes',
  what: 'S3 bucket policy, ACL, CORS, lifecycle and replication changes',
  cis: '3.8 / 4.8',
  pattern:
    '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
  severity: 'medium',
  rationale: 'A bucket policy or ACL change is how a bucket of personal data becomes public or is copied elsewhere.',
});
