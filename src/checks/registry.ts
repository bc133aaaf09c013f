/**
 * Every check of the scanner. A check lives in `src/checks/<service>/<check_id>.ts` and is listed
 * here once; the registry test makes sure the list, the file names and the metadata agree.
 */
import type { Check, GdprArticle, ActionItem } from './types.js';
import { GDPR_ARTICLES, ACTION_ITEM_NUMBERS } from './types.js';
import { accessanalyzer_enabled } from './accessanalyzer/accessanalyzer_enabled.js';
import { accessanalyzer_enabled_without_findings } from './accessanalyzer/accessanalyzer_enabled_without_findings.js';
import { account_optin_regions_allowed } from './account/account_optin_regions_allowed.js';
import { acm_certificates_not_expiring } from './acm/acm_certificates_not_expiring.js';
import { apigateway_domain_name_tls12 } from './apigateway/apigateway_domain_name_tls12.js';
import { apigateway_stage_access_logging_enabled } from './apigateway/apigateway_stage_access_logging_enabled.js';
import { apigateway_stage_cache_encrypted } from './apigateway/apigateway_stage_cache_encrypted.js';
import { apigatewayv2_api_access_logging_enabled } from './apigatewayv2/apigatewayv2_api_access_logging_enabled.js';
import { cloudfront_distribution_viewer_tls12 } from './cloudfront/cloudfront_distribution_viewer_tls12.js';
import { cloudfront_distributions_using_deprecated_ssl_protocols } from './cloudfront/cloudfront_distributions_using_deprecated_ssl_protocols.js';
import { cloudfront_https_only } from './cloudfront/cloudfront_https_only.js';
import { cloudtrail_bucket_not_public } from './cloudtrail/cloudtrail_bucket_not_public.js';
import { cloudtrail_cloudwatch_logs } from './cloudtrail/cloudtrail_cloudwatch_logs.js';
import { cloudtrail_kms_encryption } from './cloudtrail/cloudtrail_kms_encryption.js';
import { cloudtrail_log_file_validation } from './cloudtrail/cloudtrail_log_file_validation.js';
import { cloudtrail_logs_s3_bucket_access_logging_enabled } from './cloudtrail/cloudtrail_logs_s3_bucket_access_logging_enabled.js';
import { cloudtrail_multi_region_logging } from './cloudtrail/cloudtrail_multi_region_logging.js';
import { cloudtrail_s3_dataevents_read_enabled } from './cloudtrail/cloudtrail_s3_dataevents_read_enabled.js';
import { cloudtrail_s3_dataevents_write_enabled } from './cloudtrail/cloudtrail_s3_dataevents_write_enabled.js';
import { cloudwatch_changes_to_network_acls_alarm_configured } from './cloudwatch/cloudwatch_changes_to_network_acls_alarm_configured.js';
import { cloudwatch_changes_to_network_gateways_alarm_configured } from './cloudwatch/cloudwatch_changes_to_network_gateways_alarm_configured.js';
import { cloudwatch_changes_to_network_route_tables_alarm_configured } from './cloudwatch/cloudwatch_changes_to_network_route_tables_alarm_configured.js';
import { cloudwatch_changes_to_vpcs_alarm_configured } from './cloudwatch/cloudwatch_changes_to_vpcs_alarm_configured.js';
import { cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled } from './cloudwatch/cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled.js';
import { cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled } from './cloudwatch/cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled.js';
import { cloudwatch_log_metric_filter_authentication_failures } from './cloudwatch/cloudwatch_log_metric_filter_authentication_failures.js';
import { cloudwatch_log_metric_filter_aws_organizations_changes } from './cloudwatch/cloudwatch_log_metric_filter_aws_organizations_changes.js';
import { cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk } from './cloudwatch/cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk.js';
import { cloudwatch_log_metric_filter_for_s3_bucket_policy_changes } from './cloudwatch/cloudwatch_log_metric_filter_for_s3_bucket_policy_changes.js';
import { cloudwatch_log_metric_filter_policy_changes } from './cloudwatch/cloudwatch_log_metric_filter_policy_changes.js';
import { cloudwatch_log_metric_filter_root_usage } from './cloudwatch/cloudwatch_log_metric_filter_root_usage.js';
import { cloudwatch_log_metric_filter_security_group_changes } from './cloudwatch/cloudwatch_log_metric_filter_security_group_changes.js';
import { cloudwatch_log_metric_filter_sign_in_without_mfa } from './cloudwatch/cloudwatch_log_metric_filter_sign_in_without_mfa.js';
import { cloudwatch_log_metric_filter_unauthorized_api_calls } from './cloudwatch/cloudwatch_log_metric_filter_unauthorized_api_calls.js';
import { cognito_user_pool_deletion_protection_enabled } from './cognito/cognito_user_pool_deletion_protection_enabled.js';
import { cognito_user_pool_mfa_on } from './cognito/cognito_user_pool_mfa_on.js';
import { cognito_user_pool_password_policy_strong } from './cognito/cognito_user_pool_password_policy_strong.js';
import { cognito_user_pool_threat_protection } from './cognito/cognito_user_pool_threat_protection.js';
import { config_global_resources_recorded } from './config/config_global_resources_recorded.js';
import { config_recorder_all_regions } from './config/config_recorder_all_regions.js';
import { config_recorder_using_aws_service_role } from './config/config_recorder_using_aws_service_role.js';
import { config_rule_no_noncompliant_resources } from './config/config_rule_no_noncompliant_resources.js';
import { dax_cluster_encryption_enabled } from './dax/dax_cluster_encryption_enabled.js';
import { dynamodb_table_kms_encryption } from './dynamodb/dynamodb_table_kms_encryption.js';
import { dynamodb_table_point_in_time_recovery } from './dynamodb/dynamodb_table_point_in_time_recovery.js';
import { ebs_default_encryption } from './ebs/ebs_default_encryption.js';
import { ebs_snapshots_encrypted_and_private } from './ebs/ebs_snapshots_encrypted_and_private.js';
import { ebs_volumes_encrypted } from './ebs/ebs_volumes_encrypted.js';
import { ec2_ami_public } from './ec2/ec2_ami_public.js';
import { ec2_securitygroup_allow_ingress_from_internet_to_admin_ports } from './ec2/ec2_securitygroup_allow_ingress_from_internet_to_admin_ports.js';
import { ec2_securitygroup_allow_ingress_from_internet_to_database_ports } from './ec2/ec2_securitygroup_allow_ingress_from_internet_to_database_ports.js';
import { efs_file_system_encrypted } from './efs/efs_file_system_encrypted.js';
import { elb_listener_tls12_minimum } from './elb/elb_listener_tls12_minimum.js';
import { elb_logging_enabled } from './elb/elb_logging_enabled.js';
import { elb_ssl_listeners } from './elb/elb_ssl_listeners.js';
import { elbv2_access_logs_enabled } from './elbv2/elbv2_access_logs_enabled.js';
import { elbv2_alb_drop_invalid_header_fields } from './elbv2/elbv2_alb_drop_invalid_header_fields.js';
import { elbv2_http_redirects_to_https } from './elbv2/elbv2_http_redirects_to_https.js';
import { elbv2_listener_tls12_minimum } from './elbv2/elbv2_listener_tls12_minimum.js';
import { eventbridge_guardduty_findings_rule } from './eventbridge/eventbridge_guardduty_findings_rule.js';
import { eventbridge_securityhub_findings_rule } from './eventbridge/eventbridge_securityhub_findings_rule.js';
import { guardduty_centrally_managed } from './guardduty/guardduty_centrally_managed.js';
import { guardduty_ec2_malware_protection_enabled } from './guardduty/guardduty_ec2_malware_protection_enabled.js';
import { guardduty_enabled } from './guardduty/guardduty_enabled.js';
import { guardduty_no_open_high_findings } from './guardduty/guardduty_no_open_high_findings.js';
import { guardduty_rds_protection_enabled } from './guardduty/guardduty_rds_protection_enabled.js';
import { guardduty_s3_protection_enabled } from './guardduty/guardduty_s3_protection_enabled.js';
import { iam_account_federated_identity_provider } from './iam/iam_account_federated_identity_provider.js';
import { iam_account_password_policy_strong } from './iam/iam_account_password_policy_strong.js';
import { iam_password_policy_lowercase } from './iam/iam_password_policy_lowercase.js';
import { iam_password_policy_number } from './iam/iam_password_policy_number.js';
import { iam_password_policy_symbol } from './iam/iam_password_policy_symbol.js';
import { iam_password_policy_uppercase } from './iam/iam_password_policy_uppercase.js';
import { iam_policy_no_admin_star } from './iam/iam_policy_no_admin_star.js';
import { iam_role_cross_account_trust_restricted } from './iam/iam_role_cross_account_trust_restricted.js';
import { iam_root_hardware_mfa } from './iam/iam_root_hardware_mfa.js';
import { iam_root_mfa_enabled } from './iam/iam_root_mfa_enabled.js';
import { iam_root_no_access_keys } from './iam/iam_root_no_access_keys.js';
import { iam_root_not_used_recently } from './iam/iam_root_not_used_recently.js';
import { iam_support_role_created } from './iam/iam_support_role_created.js';
import { iam_user_access_keys_rotated } from './iam/iam_user_access_keys_rotated.js';
import { iam_user_console_mfa_enabled } from './iam/iam_user_console_mfa_enabled.js';
import { iam_user_console_users_without_keys } from './iam/iam_user_console_users_without_keys.js';
import { iam_user_no_direct_policies } from './iam/iam_user_no_direct_policies.js';
import { iam_user_two_active_access_key } from './iam/iam_user_two_active_access_key.js';
import { iam_user_unused_credentials } from './iam/iam_user_unused_credentials.js';
import { inspector_enabled } from './inspector/inspector_enabled.js';
import { kms_cmk_not_deleted_unintentionally } from './kms/kms_cmk_not_deleted_unintentionally.js';
import { kms_customer_keys_rotation } from './kms/kms_customer_keys_rotation.js';
import { kms_key_not_publicly_accessible } from './kms/kms_key_not_publicly_accessible.js';
import { kms_key_policy_no_full_access_except_root } from './kms/kms_key_policy_no_full_access_except_root.js';
import { lambda_function_not_publicly_accessible } from './lambda/lambda_function_not_publicly_accessible.js';
import { logs_log_group_kms_and_retention } from './logs/logs_log_group_kms_and_retention.js';
import { macie_automated_discovery } from './macie/macie_automated_discovery.js';
import { macie_enabled } from './macie/macie_enabled.js';
import { macie_enabled_in_bucket_regions } from './macie/macie_enabled_in_bucket_regions.js';
import { macie_no_stale_sensitive_data_findings } from './macie/macie_no_stale_sensitive_data_findings.js';
import { macie_sensitive_bucket_kms_encrypted } from './macie/macie_sensitive_bucket_kms_encrypted.js';
import { opensearch_service_domains_audit_logging_enabled } from './opensearch/opensearch_service_domains_audit_logging_enabled.js';
import { opensearch_service_domains_encryption_at_rest_enabled } from './opensearch/opensearch_service_domains_encryption_at_rest_enabled.js';
import { opensearch_service_domains_https_communications_enforced } from './opensearch/opensearch_service_domains_https_communications_enforced.js';
import { opensearch_service_domains_node_to_node_encryption_enabled } from './opensearch/opensearch_service_domains_node_to_node_encryption_enabled.js';
import { organizations_control_tower_governed } from './organizations/organizations_control_tower_governed.js';
import { organizations_member } from './organizations/organizations_member.js';
import { organizations_scp_region_deny } from './organizations/organizations_scp_region_deny.js';
import { rds_cluster_storage_encrypted } from './rds/rds_cluster_storage_encrypted.js';
import { rds_cluster_transport_encrypted } from './rds/rds_cluster_transport_encrypted.js';
import { rds_instance_backup_enabled } from './rds/rds_instance_backup_enabled.js';
import { rds_instance_in_backup_plan } from './rds/rds_instance_in_backup_plan.js';
import { rds_instance_integration_cloudwatch_logs } from './rds/rds_instance_integration_cloudwatch_logs.js';
import { rds_instance_region_allowed } from './rds/rds_instance_region_allowed.js';
import { rds_instance_storage_encrypted } from './rds/rds_instance_storage_encrypted.js';
import { rds_instance_transport_encrypted } from './rds/rds_instance_transport_encrypted.js';
import { rds_snapshots_encrypted_and_private } from './rds/rds_snapshots_encrypted_and_private.js';
import { redshift_cluster_audit_logging } from './redshift/redshift_cluster_audit_logging.js';
import { redshift_cluster_automated_snapshot } from './redshift/redshift_cluster_automated_snapshot.js';
import { redshift_cluster_encrypted_at_rest } from './redshift/redshift_cluster_encrypted_at_rest.js';
import { redshift_cluster_in_transit_encryption_enabled } from './redshift/redshift_cluster_in_transit_encryption_enabled.js';
import { redshift_cluster_public_access } from './redshift/redshift_cluster_public_access.js';
import { s3_account_public_access_blocked } from './s3/s3_account_public_access_blocked.js';
import { s3_bucket_default_encryption } from './s3/s3_bucket_default_encryption.js';
import { s3_bucket_public_access_blocked } from './s3/s3_bucket_public_access_blocked.js';
import { s3_bucket_region_allowed } from './s3/s3_bucket_region_allowed.js';
import { s3_bucket_tls_only } from './s3/s3_bucket_tls_only.js';
import { s3_log_bucket_mfa_delete } from './s3/s3_log_bucket_mfa_delete.js';
import { s3_personal_data_bucket_data_events_logged } from './s3/s3_personal_data_bucket_data_events_logged.js';
import { sagemaker_endpoint_config_encryption_enabled } from './sagemaker/sagemaker_endpoint_config_encryption_enabled.js';
import { sagemaker_notebook_instance_encryption_enabled } from './sagemaker/sagemaker_notebook_instance_encryption_enabled.js';
import { secretsmanager_secret_rotation_enabled } from './secretsmanager/secretsmanager_secret_rotation_enabled.js';
import { securityhub_enabled } from './securityhub/securityhub_enabled.js';
import { securityhub_fsbp_or_cis_standard_ready } from './securityhub/securityhub_fsbp_or_cis_standard_ready.js';
import { sns_topic_kms_encryption } from './sns/sns_topic_kms_encryption.js';
import { sns_topics_not_publicly_accessible } from './sns/sns_topics_not_publicly_accessible.js';
import { sqs_queue_encrypted } from './sqs/sqs_queue_encrypted.js';
import { sqs_queues_not_publicly_accessible } from './sqs/sqs_queues_not_publicly_accessible.js';
import { ssm_ec2_instances_managed } from './ssm/ssm_ec2_instances_managed.js';
import { vpc_flow_logs_enabled } from './vpc/vpc_flow_logs_enabled.js';
import { vpc_vpn_connection_tunnels_up } from './vpc/vpc_vpn_connection_tunnels_up.js';
import { wafv2_webacl_logging_enabled } from './wafv2/wafv2_webacl_logging_enabled.js';

/** All checks, sorted by action item then id. */

export const CHECKS: readonly Check[] = [
  accessanalyzer_enabled,
  accessanalyzer_enabled_without_findings,
  account_optin_regions_allowed,
  acm_certificates_not_expiring,
  apigateway_domain_name_tls12,
  apigateway_stage_access_logging_enabled,
  apigateway_stage_cache_encrypted,
  apigatewayv2_api_access_logging_enabled,
  cloudfront_distribution_viewer_tls12,
  cloudfront_distributions_using_deprecated_ssl_protocols,
  cloudfront_https_only,
  cloudtrail_bucket_not_public,
  cloudtrail_cloudwatch_logs,
  cloudtrail_kms_encryption,
  cloudtrail_log_file_validation,
  cloudtrail_logs_s3_bucket_access_logging_enabled,
  cloudtrail_multi_region_logging,
  cloudtrail_s3_dataevents_read_enabled,
  cloudtrail_s3_dataevents_write_enabled,
  cloudwatch_changes_to_network_acls_alarm_configured,
  cloudwatch_changes_to_network_gateways_alarm_configured,
  cloudwatch_changes_to_network_route_tables_alarm_configured,
  cloudwatch_changes_to_vpcs_alarm_configured,
  cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled,
  cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled,
  cloudwatch_log_metric_filter_authentication_failures,
  cloudwatch_log_metric_filter_aws_organizations_changes,
  cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk,
  cloudwatch_log_metric_filter_for_s3_bucket_policy_changes,
  cloudwatch_log_metric_filter_policy_changes,
  cloudwatch_log_metric_filter_root_usage,
  cloudwatch_log_metric_filter_security_group_changes,
  cloudwatch_log_metric_filter_sign_in_without_mfa,
  cloudwatch_log_metric_filter_unauthorized_api_calls,
  cognito_user_pool_deletion_protection_enabled,
  cognito_user_pool_mfa_on,
  cognito_user_pool_password_policy_strong,
  cognito_user_pool_threat_protection,
  config_global_resources_recorded,
  config_recorder_all_regions,
  config_recorder_using_aws_service_role,
  config_rule_no_noncompliant_resources,
  dax_cluster_encryption_enabled,
  dynamodb_table_kms_encryption,
  dynamodb_table_point_in_time_recovery,
  ebs_default_encryption,
  ebs_snapshots_encrypted_and_private,
  ebs_volumes_encrypted,
  ec2_ami_public,
  ec2_securitygroup_allow_ingress_from_internet_to_admin_ports,
  ec2_securitygroup_allow_ingress_from_internet_to_database_ports,
  efs_file_system_encrypted,
  elb_listener_tls12_minimum,
  elb_logging_enabled,
  elb_ssl_listeners,
  elbv2_access_logs_enabled,
  elbv2_alb_drop_invalid_header_fields,
  elbv2_http_redirects_to_https,
  elbv2_listener_tls12_minimum,
  eventbridge_guardduty_findings_rule,
  eventbridge_securityhub_findings_rule,
  guardduty_centrally_managed,
  guardduty_ec2_malware_protection_enabled,
  guardduty_enabled,
  guardduty_no_open_high_findings,
  guardduty_rds_protection_enabled,
  guardduty_s3_protection_enabled,
  iam_account_federated_identity_provider,
  iam_account_password_policy_strong,
  iam_password_policy_lowercase,
  iam_password_policy_number,
  iam_password_policy_symbol,
  iam_password_policy_uppercase,
  iam_policy_no_admin_star,
  iam_role_cross_account_trust_restricted,
  iam_root_hardware_mfa,
  iam_root_mfa_enabled,
  iam_root_no_access_keys,
  iam_root_not_used_recently,
  iam_support_role_created,
  iam_user_access_keys_rotated,
  iam_user_console_mfa_enabled,
  iam_user_console_users_without_keys,
  iam_user_no_direct_policies,
  iam_user_two_active_access_key,
  iam_user_unused_credentials,
  inspector_enabled,
  kms_cmk_not_deleted_unintentionally,
  kms_customer_keys_rotation,
  kms_key_not_publicly_accessible,
  kms_key_policy_no_full_access_except_root,
  lambda_function_not_publicly_accessible,
  logs_log_group_kms_and_retention,
  macie_automated_discovery,
  macie_enabled,
  macie_enabled_in_bucket_regions,
  macie_no_stale_sensitive_data_findings,
  macie_sensitive_bucket_kms_encrypted,
  opensearch_service_domains_audit_logging_enabled,
  opensearch_service_domains_encryption_at_rest_enabled,
  opensearch_service_domains_https_communications_enforced,
  opensearch_service_domains_node_to_node_encryption_enabled,
  organizations_control_tower_governed,
  organizations_member,
  organizations_scp_region_deny,
  rds_cluster_storage_encrypted,
  rds_cluster_transport_encrypted,
  rds_instance_backup_enabled,
  rds_instance_in_backup_plan,
  rds_instance_integration_cloudwatch_logs,
  rds_instance_region_allowed,
  rds_instance_storage_encrypted,
  rds_instance_transport_encrypted,
  rds_snapshots_encrypted_and_private,
  redshift_cluster_audit_logging,
  redshift_cluster_automated_snapshot,
  redshift_cluster_encrypted_at_rest,
  redshift_cluster_in_transit_encryption_enabled,
  redshift_cluster_public_access,
  s3_account_public_access_blocked,
  s3_bucket_default_encryption,
  s3_bucket_public_access_blocked,
  s3_bucket_region_allowed,
  s3_bucket_tls_only,
  s3_log_bucket_mfa_delete,
  sagemaker_endpoint_config_encryption_enabled,
  sagemaker_notebook_instance_encryption_enabled,
  secretsmanager_secret_rotation_enabled,
  securityhub_enabled,
  securityhub_fsbp_or_cis_standard_ready,
  sns_topic_kms_encryption,
  sns_topics_not_publicly_accessible,
  sqs_queue_encrypted,
  sqs_queues_not_publicly_accessible,
  ssm_ec2_instances_managed,
  vpc_flow_logs_enabled,
  vpc_vpn_connection_tunnels_up,
  wafv2_webacl_logging_enabled,
  s3_personal_data_bucket_data_events_logged,
].sort((a, b) => a.actionItem - b.actionItem || a.id.localeCompare(b.id));

const BY_ID = new Map(CHECKS.map((c) => [c.id, c]));

/** The check with this id, if any. */
export function getCheck(id: string): Check | undefined {
  return BY_ID.get(id);
}

/** The checks of one action item. */
export function checksForActionItem(item: ActionItem): Check[] {
  return CHECKS.filter((c) => c.actionItem === item);
}

/** The article → checks view, derived from each check's own metadata (never kept as a separate list). */
export function checksByArticle(checks: readonly Check[] = CHECKS): Map<GdprArticle, Check[]> {
  return new Map(GDPR_ARTICLES.map((a) => [a, checks.filter((c) => c.gdpr.includes(a))]));
}

/** The action item → checks view. */
export function checksByActionItem(checks: readonly Check[] = CHECKS): Map<ActionItem, Check[]> {
  return new Map(ACTION_ITEM_NUMBERS.map((n) => [n, checks.filter((c) => c.actionItem === n)]));
}

/** What the user asked to scan: everything, one action item, or named checks. */
export type CheckSelector = { kind: 'all' } | { kind: 'actionItem'; item: ActionItem } | { kind: 'checks'; ids: string[] };

/** The checks a selector names. Unknown ids are reported by {@link parseCheckSelector}, not here. */
export function selectChecks(selector: CheckSelector): Check[] {
  switch (selector.kind) {
    case 'all':
      return [...CHECKS];
    case 'actionItem':
      return checksForActionItem(selector.item);
    case 'checks':
      return CHECKS.filter((c) => selector.ids.includes(c.id));
  }
}

/** Reads `all`, `1`–`14` or check ids; returns the unknown words separately so the caller can say so. */
export function parseCheckSelector(words: readonly string[]): { selector: CheckSelector; unknown: string[] } {
  const ids: string[] = [];
  const unknown: string[] = [];
  let item: ActionItem | undefined;
  for (const word of words) {
    const w = word.toLowerCase();
    if (w === 'all') continue;
    if (/^\d{1,2}$/.test(w) && ACTION_ITEM_NUMBERS.includes(Number(w) as ActionItem)) item = Number(w) as ActionItem;
    else if (BY_ID.has(w)) ids.push(w);
    else unknown.push(word);
  }
  if (ids.length > 0) return { selector: { kind: 'checks', ids: [...ids, ...(item ? checksForActionItem(item).map((c) => c.id) : [])] }, unknown };
  if (item) return { selector: { kind: 'actionItem', item }, unknown };
  return { selector: { kind: 'all' }, unknown };
}
