import type { EnabledStandard } from '../../../src/aws/collectors/securityhub.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const standard = (name: string, status: string, reason?: string): EnabledStandard => ({
  standardsArn: `arn:aws:securityhub:eu-west-1::standards/${name}`,
  subscriptionArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:subscription/${name}`,
  status,
  ...(reason ? { reason } : {}),
});

/** securityhub_enabled: a hub that exists and checks nothing. */
export const CASES: AdversarialCase[] = [
  {
    check: 'securityhub_enabled',
    name: 'the hub exists (DescribeHub answers) but no standard is enabled (EnableDefaultStandards false)',
    source: 'Security Hub API Reference, EnableSecurityHub.EnableDefaultStandards; GetEnabledStandards returns an empty StandardsSubscriptions list',
    mutate: (s) => {
      s.data.securityhub!.standards = ok([]);
    },
    expect: 'fail',
  },
  {
    check: 'securityhub_enabled',
    name: 'the only standard is INCOMPLETE because the region has no Config recorder',
    source: 'Security Hub API Reference, StandardsSubscription.StandardsStatus INCOMPLETE with StandardsStatusReason NO_AVAILABLE_CONFIGURATION_RECORDER',
    mutate: (s) => {
      s.data.securityhub!.standards = ok([standard('aws-foundational-security-best-practices/v/1.0.0', 'INCOMPLETE', 'NO_AVAILABLE_CONFIGURATION_RECORDER')]);
    },
    expect: 'fail',
  },
  {
    check: 'securityhub_enabled',
    name: 'the only standard is FAILED',
    source: 'Security Hub API Reference, StandardsSubscription.StandardsStatus FAILED',
    mutate: (s) => {
      s.data.securityhub!.standards = ok([standard('cis-aws-foundations-benchmark/v/1.4.0', 'FAILED', 'INTERNAL_ERROR')]);
    },
    expect: 'fail',
  },
  {
    check: 'securityhub_enabled',
    name: 'the only standard is DELETING (being disabled): it does not count',
    source: 'Security Hub API Reference, StandardsSubscription.StandardsStatus DELETING: "The standard is in the process of being disabled"',
    mutate: (s) => {
      s.data.securityhub!.standards = ok([standard('aws-foundational-security-best-practices/v/1.0.0', 'DELETING')]);
    },
    expect: 'fail',
  },
  {
    check: 'securityhub_enabled',
    name: 'the hub exists but its standards could not be read',
    source: 'Security Hub API Reference, GetEnabledStandards (needs securityhub:GetEnabledStandards)',
    mutate: (s) => {
      s.data.securityhub!.standards = denied('securityhub:GetEnabledStandards');
    },
    expect: 'error',
  },
  {
    check: 'securityhub_enabled',
    name: 'one standard is being deleted and another is READY: the hub checks controls',
    source: 'Security Hub API Reference, StandardsSubscription.StandardsStatus READY: "The standard is enabled"',
    mutate: (s) => {
      s.data.securityhub!.standards = ok([
        standard('cis-aws-foundations-benchmark/v/1.2.0', 'DELETING'),
        standard('aws-foundational-security-best-practices/v/1.0.0', 'READY'),
      ]);
    },
    expect: 'pass',
  },
  {
    check: 'securityhub_fsbp_or_cis_standard_ready',
    name: 'the hub runs only the AWS Resource Tagging Standard (READY): a standard is on, yet no security control runs',
    source: 'Security Hub User Guide, AWS Resource Tagging Standard: its controls check only that resources carry tags',
    mutate: (s) => {
      s.data.securityhub!.standards = ok([standard('aws-resource-tagging-standard/v/1.0.0', 'READY')]);
    },
    expect: 'fail',
  },
  {
    check: 'securityhub_fsbp_or_cis_standard_ready',
    name: 'CIS v1.2.0 has the legacy ruleset ARN (arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0): it counts',
    source:
      'Security Hub API Reference, DescribeStandards: CIS AWS Foundations Benchmark v1.2.0 StandardsArn arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
    mutate: (s) => {
      s.data.securityhub!.standards = ok([
        {
          standardsArn: 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
          subscriptionArn: 'arn:aws:securityhub:eu-west-1:123456789012:subscription/cis-aws-foundations-benchmark/v/1.2.0',
          status: 'READY',
        },
      ]);
    },
    expect: 'pass',
  },
  {
    check: 'securityhub_fsbp_or_cis_standard_ready',
    name: 'FSBP is enabled but INCOMPLETE (no Config recorder) while PCI DSS is READY: the baseline does not run',
    source: 'Security Hub API Reference, StandardsStatusReason.StatusReasonCode NO_AVAILABLE_CONFIGURATION_RECORDER; StandardsStatus INCOMPLETE',
    mutate: (s) => {
      s.data.securityhub!.standards = ok([standard('aws-foundational-security-best-practices/v/1.0.0', 'INCOMPLETE'), standard('pci-dss/v/3.2.1', 'READY')]);
    },
    expect: 'fail',
  },
];
