/**
 * The two public GDPR mappings for AWS that security teams compare tools by, control by control, with the
 * checks of this project that answer the same question (or why none does). The README's coverage table is
 * generated from these lists (`npm run docs`); `test/checks/mappings.test.ts` makes sure every counterpart named here is
 * a check that exists.
 */

/** One control of a public mapping. */
export interface MappedControl {
  /** The control's id in that mapping. */
  id: string;
  /** This project's checks that answer it (empty: none, and `why` says why). */
  counterparts: readonly string[];
  /** Why there is no counterpart, or what differs. */
  why?: string;
}

/** A public mapping: where it was read, and its controls. */
export interface PublicMapping {
  name: string;
  /** Repository, path and commit it was read from. */
  source: string;
  controls: readonly MappedControl[];
}

const c = (id: string, counterparts: readonly string[], why?: string): MappedControl => ({ id, counterparts, ...(why ? { why } : {}) });

/** Prowler's GDPR mapping: every distinct check id of its three articles. */
export const PROWLER_GDPR: PublicMapping = {
  name: 'Prowler',
  source: 'prowler-cloud/prowler, prowler/compliance/aws/gdpr_aws.json at 3e000fa (2026-08-21)',
  controls: [
    c('acm_certificates_expiration_check', ['acm_certificates_not_expiring']),
    c('cloudfront_distributions_https_enabled', ['cloudfront_https_only', 'cloudfront_distribution_viewer_tls12']),
    c('cloudtrail_cloudwatch_logging_enabled', ['cloudtrail_cloudwatch_logs']),
    c('cloudtrail_kms_encryption_enabled', ['cloudtrail_kms_encryption']),
    c('cloudtrail_log_file_validation_enabled', ['cloudtrail_log_file_validation']),
    c('cloudtrail_logs_s3_bucket_access_logging_enabled', ['cloudtrail_logs_s3_bucket_access_logging_enabled']),
    c('cloudtrail_logs_s3_bucket_is_not_publicly_accessible', ['cloudtrail_bucket_not_public']),
    c('cloudtrail_multi_region_enabled', ['cloudtrail_multi_region_logging']),
    c('cloudtrail_s3_dataevents_read_enabled', ['cloudtrail_s3_dataevents_read_enabled']),
    c('cloudtrail_s3_dataevents_write_enabled', ['cloudtrail_s3_dataevents_write_enabled']),
    c('cloudwatch_log_group_kms_encryption_enabled', ['logs_log_group_kms_and_retention']),
    c('cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled', [
      'cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled',
    ]),
    c('cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled', [
      'cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled',
    ]),
    c('cloudwatch_log_metric_filter_authentication_failures', ['cloudwatch_log_metric_filter_authentication_failures']),
    c('cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk', ['cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk']),
    c('cloudwatch_log_metric_filter_for_s3_bucket_policy_changes', ['cloudwatch_log_metric_filter_for_s3_bucket_policy_changes']),
    c('cloudwatch_log_metric_filter_policy_changes', ['cloudwatch_log_metric_filter_policy_changes']),
    c('cloudwatch_log_metric_filter_root_usage', ['cloudwatch_log_metric_filter_root_usage']),
    c('cloudwatch_log_metric_filter_security_group_changes', ['cloudwatch_log_metric_filter_security_group_changes']),
    c('cloudwatch_log_metric_filter_sign_in_without_mfa', ['cloudwatch_log_metric_filter_sign_in_without_mfa']),
    c('cloudwatch_log_metric_filter_unauthorized_api_calls', ['cloudwatch_log_metric_filter_unauthorized_api_calls']),
    c('config_recorder_all_regions_enabled', ['config_recorder_all_regions']),
    c('dynamodb_accelerator_cluster_encryption_enabled', ['dax_cluster_encryption_enabled']),
    c('dynamodb_tables_kms_cmk_encryption_enabled', ['dynamodb_table_kms_encryption']),
    c('ec2_ebs_volume_encryption', ['ebs_volumes_encrypted']),
    c('efs_encryption_at_rest_enabled', ['efs_file_system_encrypted']),
    c('elb_logging_enabled', ['elb_logging_enabled']),
    c('elb_ssl_listeners', ['elb_ssl_listeners']),
    c('elbv2_logging_enabled', ['elbv2_access_logs_enabled']),
    c('iam_aws_attached_policy_no_administrative_privileges', ['iam_policy_no_admin_star']),
    c('iam_customer_attached_policy_no_administrative_privileges', ['iam_policy_no_admin_star']),
    c('iam_inline_policy_no_administrative_privileges', ['iam_policy_no_admin_star']),
    c('iam_no_root_access_key', ['iam_root_no_access_keys']),
    c('iam_password_policy_lowercase', ['iam_password_policy_lowercase']),
    c('iam_password_policy_minimum_length_14', ['iam_account_password_policy_strong']),
    c('iam_password_policy_number', ['iam_password_policy_number']),
    c('iam_password_policy_reuse_24', ['iam_account_password_policy_strong']),
    c('iam_password_policy_symbol', ['iam_password_policy_symbol']),
    c('iam_password_policy_uppercase', ['iam_password_policy_uppercase']),
    c('iam_root_hardware_mfa_enabled', ['iam_root_hardware_mfa']),
    c('iam_root_mfa_enabled', ['iam_root_mfa_enabled']),
    c('iam_rotate_access_key_90_days', ['iam_user_access_keys_rotated']),
    c('iam_support_role_created', ['iam_support_role_created']),
    c('iam_user_accesskey_unused', ['iam_user_unused_credentials']),
    c('iam_user_console_access_unused', ['iam_user_unused_credentials']),
    c('iam_user_mfa_enabled_console_access', ['iam_user_console_mfa_enabled']),
    c('kms_cmk_rotation_enabled', ['kms_customer_keys_rotation']),
    c(
      'kms_key_enclave_attestation_not_enforced',
      [],
      'Needs a manual answer (`kms_enclave_keys_require_attestation`): no API says which keys a Nitro Enclave uses, and Prowler guesses them from tags and descriptions, so a key named otherwise passes unseen.',
    ),
    c('opensearch_service_domains_encryption_at_rest_enabled', ['opensearch_service_domains_encryption_at_rest_enabled']),
    c('opensearch_service_domains_node_to_node_encryption_enabled', ['opensearch_service_domains_node_to_node_encryption_enabled']),
    c('rds_instance_backup_enabled', ['rds_instance_backup_enabled']),
    c('rds_instance_integration_cloudwatch_logs', ['rds_instance_integration_cloudwatch_logs']),
    c('rds_instance_storage_encrypted', ['rds_instance_storage_encrypted']),
    c('redshift_cluster_audit_logging', ['redshift_cluster_audit_logging']),
    c('redshift_cluster_automated_snapshot', ['redshift_cluster_automated_snapshot']),
    c('s3_bucket_default_encryption', ['s3_bucket_default_encryption']),
    c('s3_bucket_secure_transport_policy', ['s3_bucket_tls_only']),
    c('sagemaker_notebook_instance_encryption_enabled', ['sagemaker_notebook_instance_encryption_enabled']),
    c('sns_topics_kms_encryption_at_rest_enabled', ['sns_topic_kms_encryption']),
    c('vpc_flow_logs_enabled', ['vpc_flow_logs_enabled']),
  ],
};

/** The Powerpipe/Steampipe AWS compliance mod's GDPR benchmark: every distinct control of its three articles. */
export const STEAMPIPE_GDPR: PublicMapping = {
  name: 'Powerpipe/Steampipe',
  source: 'turbot/steampipe-mod-aws-compliance, gdpr/article_25.pp, article_30.pp, article_32.pp at a1d0b44 (2025-12-06)',
  controls: [
    c('acm_certificate_expires_30_days', ['acm_certificates_not_expiring']),
    c(
      'apigateway_stage_cache_encryption_at_rest_enabled',
      ['apigateway_stage_cache_encrypted'],
      'Stages without a cache cluster are not applicable here; method overrides that cache are judged too, not only the stage default.',
    ),
    c('cloudfront_distribution_encryption_in_transit_enabled', [
      'cloudfront_https_only',
      'cloudfront_distribution_viewer_tls12',
      'cloudfront_distributions_using_deprecated_ssl_protocols',
    ]),
    c('cloudtrail_bucket_not_public', ['cloudtrail_bucket_not_public']),
    c('cloudtrail_multi_region_trail_enabled', ['cloudtrail_multi_region_logging']),
    c('cloudtrail_s3_data_events_enabled', ['cloudtrail_s3_dataevents_read_enabled', 'cloudtrail_s3_dataevents_write_enabled']),
    c('cloudtrail_s3_logging_enabled', ['cloudtrail_logs_s3_bucket_access_logging_enabled']),
    c('cloudtrail_security_trail_enabled', ['cloudtrail_multi_region_logging', 'cloudtrail_kms_encryption', 'cloudtrail_log_file_validation']),
    c('cloudtrail_trail_integrated_with_logs', ['cloudtrail_cloudwatch_logs']),
    c('cloudtrail_trail_logs_encrypted_with_kms_cmk', ['cloudtrail_kms_encryption']),
    c('cloudtrail_trail_validation_enabled', ['cloudtrail_log_file_validation']),
    c(
      'config_enabled_all_regions',
      ['config_recorder_all_regions', 'config_global_resources_recorded'],
      'Steampipe also wants one recorder somewhere with IncludeGlobalResourceTypes; here that is its own check, which also counts inclusion / exclusion lists and the regions that cannot record IAM types.',
    ),
    c('dax_cluster_encryption_at_rest_enabled', ['dax_cluster_encryption_enabled']),
    c('dynamodb_table_encrypted_with_kms', ['dynamodb_table_kms_encryption']),
    c('dynamodb_table_encryption_enabled', ['dynamodb_table_kms_encryption'], 'Every DynamoDB table is encrypted at rest; the check asks which key.'),
    c('ebs_attached_volume_encryption_enabled', ['ebs_volumes_encrypted']),
    c('ebs_volume_encryption_at_rest_enabled', ['ebs_volumes_encrypted', 'ebs_default_encryption']),
    c('efs_file_system_encrypt_data_at_rest', ['efs_file_system_encrypted']),
    c('elb_application_classic_lb_logging_enabled', ['elbv2_access_logs_enabled', 'elb_logging_enabled']),
    c('elb_application_lb_http_drop_invalid_header_enabled', ['elbv2_alb_drop_invalid_header_fields']),
    c('elb_application_lb_redirect_http_request_to_https', ['elbv2_http_redirects_to_https']),
    c('elb_classic_lb_use_ssl_certificate', ['elb_ssl_listeners', 'elb_listener_tls12_minimum']),
    c('elb_classic_lb_use_tls_https_listeners', ['elb_ssl_listeners']),
    c('es_domain_encryption_at_rest_enabled', ['opensearch_service_domains_encryption_at_rest_enabled']),
    c('es_domain_node_to_node_encryption_enabled', ['opensearch_service_domains_node_to_node_encryption_enabled']),
    c('iam_account_password_policy_min_length_14', ['iam_account_password_policy_strong']),
    c('iam_account_password_policy_one_lowercase_letter', ['iam_password_policy_lowercase']),
    c('iam_account_password_policy_one_number', ['iam_password_policy_number']),
    c('iam_account_password_policy_one_symbol', ['iam_password_policy_symbol']),
    c('iam_account_password_policy_one_uppercase_letter', ['iam_password_policy_uppercase']),
    c('iam_account_password_policy_reuse_24', ['iam_account_password_policy_strong']),
    c('iam_account_password_policy_strong_min_reuse_24', [
      'iam_account_password_policy_strong',
      'iam_password_policy_lowercase',
      'iam_password_policy_uppercase',
      'iam_password_policy_number',
      'iam_password_policy_symbol',
    ]),
    c(
      'iam_password_policy_expire_90',
      [],
      'Deliberately not demanded: forced expiry makes passwords weaker (NIST SP 800-63B §5.1.1.2); the password-policy fix does not set one.',
    ),
    c('iam_policy_no_star_star', ['iam_policy_no_admin_star']),
    c('iam_root_user_hardware_mfa_enabled', ['iam_root_hardware_mfa']),
    c('iam_root_user_mfa_enabled', ['iam_root_mfa_enabled']),
    c('iam_root_user_no_access_keys', ['iam_root_no_access_keys']),
    c('iam_support_role', ['iam_support_role_created']),
    c('iam_user_access_key_age_90', ['iam_user_access_keys_rotated']),
    c('iam_user_console_access_mfa_enabled', ['iam_user_console_mfa_enabled']),
    c('iam_user_no_inline_attached_policies', ['iam_user_no_direct_policies']),
    c('iam_user_unused_credentials_90', ['iam_user_unused_credentials']),
    c('kms_cmk_rotation_enabled', ['kms_customer_keys_rotation']),
    c('log_group_encryption_at_rest_enabled', ['logs_log_group_kms_and_retention']),
    c('log_metric_filter_bucket_policy', ['cloudwatch_log_metric_filter_for_s3_bucket_policy_changes']),
    c('log_metric_filter_cloudtrail_configuration', ['cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled']),
    c('log_metric_filter_config_configuration', ['cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled']),
    c('log_metric_filter_console_authentication_failure', ['cloudwatch_log_metric_filter_authentication_failures']),
    c('log_metric_filter_console_login_mfa', ['cloudwatch_log_metric_filter_sign_in_without_mfa']),
    c('log_metric_filter_disable_or_delete_cmk', ['cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk']),
    c('log_metric_filter_iam_policy', ['cloudwatch_log_metric_filter_policy_changes']),
    c('log_metric_filter_network_acl', ['cloudwatch_changes_to_network_acls_alarm_configured']),
    c('log_metric_filter_network_gateway', ['cloudwatch_changes_to_network_gateways_alarm_configured']),
    c('log_metric_filter_root_login', ['cloudwatch_log_metric_filter_root_usage']),
    c('log_metric_filter_route_table', ['cloudwatch_changes_to_network_route_tables_alarm_configured']),
    c('log_metric_filter_security_group', ['cloudwatch_log_metric_filter_security_group_changes']),
    c('log_metric_filter_unauthorized_api', ['cloudwatch_log_metric_filter_unauthorized_api_calls']),
    c('log_metric_filter_vpc', ['cloudwatch_changes_to_vpcs_alarm_configured']),
    c('rds_db_instance_encryption_at_rest_enabled', ['rds_instance_storage_encrypted']),
    c(
      'rds_db_instance_in_backup_plan',
      ['rds_instance_in_backup_plan'],
      'Steampipe looks for the instance in a backup selection (by ARN or tag key); here AWS Backup must have backed it up (ListProtectedResources) within 35 days, which a selection whose jobs fail does not show. Aurora and Multi-AZ DB clusters are judged as clusters.',
    ),
    c(
      'rds_db_instance_logging_enabled',
      ['rds_instance_integration_cloudwatch_logs'],
      'Steampipe wants every log type of the engine exported; here the main database log of the engine is demanded.',
    ),
    c('rds_db_snapshot_encrypted_at_rest', ['rds_snapshots_encrypted_and_private']),
    c('redshift_cluster_automatic_snapshots_min_7_days', ['redshift_cluster_automated_snapshot']),
    c('redshift_cluster_encryption_in_transit_enabled', ['redshift_cluster_in_transit_encryption_enabled']),
    c('redshift_cluster_encryption_logging_enabled', ['redshift_cluster_encrypted_at_rest', 'redshift_cluster_audit_logging']),
    c('s3_bucket_default_encryption_enabled', ['s3_bucket_default_encryption']),
    c(
      's3_bucket_default_encryption_enabled_kms',
      ['macie_sensitive_bucket_kms_encrypted'],
      'KMS default encryption is demanded of the buckets Macie scores sensitive (50+), not of every bucket.',
    ),
    c('s3_bucket_enforces_ssl', ['s3_bucket_tls_only']),
    c(
      'sagemaker_endpoint_configuration_encryption_at_rest_enabled',
      ['sagemaker_endpoint_config_encryption_enabled'],
      'Variants that are serverless or run on instance types with local NVMe storage (encrypted in hardware; SageMaker refuses a key) pass here; Steampipe fails them.',
    ),
    c('sagemaker_notebook_instance_encryption_at_rest_enabled', ['sagemaker_notebook_instance_encryption_enabled']),
    c('sns_topic_encrypted_at_rest', ['sns_topic_kms_encryption']),
    c('vpc_flow_logs_enabled', ['vpc_flow_logs_enabled']),
    c('wafv2_web_acl_logging_enabled', ['wafv2_webacl_logging_enabled']),
  ],
};

export const PUBLIC_MAPPINGS: readonly PublicMapping[] = [PROWLER_GDPR, STEAMPIPE_GDPR];
