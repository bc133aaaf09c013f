import type { LogGroup } from '../../../src/aws/collectors/logs.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied } from '../fixtures.js';

const groups = (s: Snapshot): LogGroup[] => {
  const r = s.data.logs!.logGroups;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const group = (name: string, over: Partial<LogGroup>): LogGroup => ({
  name,
  arn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${name}`,
  kmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`,
  retentionInDays: 30,
  ...over,
});
const SOURCE =
  'CloudWatch Logs API, DescribeLogGroups / LogGroup: kmsKeyId (absent: encrypted by CloudWatch Logs with its own keys), retentionInDays (absent: never expire)';

/** CloudWatch Logs: groups that look fine and keep data for ever or outside the account's keys. */
export const CASES: AdversarialCase[] = [
  {
    check: 'logs_log_group_kms_and_retention',
    name: 'a KMS-encrypted group with no retentionInDays keeps its events for ever ("never expire")',
    source: SOURCE,
    mutate: (s) => {
      groups(s).push(group('/app/audit', { retentionInDays: undefined }));
    },
    expect: 'fail',
    resource: 'log-group:/app/audit',
  },
  {
    check: 'logs_log_group_kms_and_retention',
    name: 'a group with retention but no kmsKeyId is encrypted only with CloudWatch Logs keys',
    source: SOURCE,
    mutate: (s) => {
      groups(s).push(group('/aws/lambda/signup', { kmsKeyId: undefined }));
    },
    expect: 'fail',
    resource: 'log-group:/aws/lambda/signup',
  },
  {
    check: 'logs_log_group_kms_and_retention',
    name: 'DescribeLogGroups denied on a later page: the region cannot be judged',
    source: SOURCE,
    mutate: (s) => {
      s.data.logs!.logGroups = denied('logs:DescribeLogGroups');
    },
    expect: 'error',
  },
];
