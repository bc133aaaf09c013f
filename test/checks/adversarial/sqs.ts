import type { SqsQueue } from '../../../src/aws/collectors/sqs.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const queues = (s: Snapshot): SqsQueue[] => {
  const r = s.data.sqs!.queues;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const queue = (name: string, encryption: SqsQueue['encryption'], policy: SqsQueue['policy'] = ok(null)): SqsQueue => ({
  url: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/${name}`,
  name,
  arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:${name}`,
  encryption,
  policy,
});
const ENCRYPTED = ok({ sqsManagedSse: true });
const allow = (name: string, extra: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:${name}`, ...extra }],
});
const POLICY =
  'SQS API, GetQueueAttributes attribute Policy (the queue policy, JSON); IAM JSON policy reference: Principal "*" and {"AWS":"*"} mean every principal, NotPrincipal with Allow every principal not listed; S3 "The meaning of public": access pinned to fixed aws:SourceArn/aws:SourceAccount/aws:SourceVpce values is not public';
const SOURCE =
  'SQS API, GetQueueAttributes: KmsMasterKeyId (SSE-KMS), SqsManagedSseEnabled "true" | "false" (SSE-SQS); queues created before SSE-SQS became the default have neither';

/** SQS: queues that look encrypted and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'sqs_queue_encrypted',
    name: 'SqsManagedSseEnabled "false" and no KmsMasterKeyId: an old queue, never encrypted',
    source: SOURCE,
    mutate: (s) => {
      queues(s).push(queue('legacy', ok({ sqsManagedSse: false })));
    },
    expect: 'fail',
    resource: ':legacy',
  },
  {
    check: 'sqs_queue_encrypted',
    name: 'a FIFO queue with SSE-SQS is encrypted, though it has no KMS key',
    source: SOURCE,
    mutate: (s) => {
      queues(s).push(queue('orders.fifo', ok({ sqsManagedSse: true })));
    },
    expect: 'pass',
    resource: ':orders.fifo',
  },
  {
    check: 'sqs_queue_encrypted',
    name: 'GetQueueAttributes denied for one queue: it may be unencrypted',
    source: 'SQS API, GetQueueAttributes requires sqs:GetQueueAttributes',
    mutate: (s) => {
      queues(s).push(queue('hidden', denied('sqs:GetQueueAttributes')));
    },
    expect: 'error',
    resource: ':hidden',
  },
  {
    check: 'sqs_queues_not_publicly_accessible',
    name: 'Principal {"AWS":"*"} with only an aws:SecureTransport condition: TLS is required, but anyone may send',
    source: POLICY,
    mutate: (s) => {
      queues(s).push(queue('intake', ENCRYPTED, ok(allow('intake', { Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))));
    },
    expect: 'fail',
    resource: ':intake',
  },
  {
    check: 'sqs_queues_not_publicly_accessible',
    name: 'Principal "*" with ArnLike aws:SourceArn "arn:aws:sns:*:*:*": looks pinned to SNS, is any topic of any account',
    source: POLICY,
    mutate: (s) => {
      queues(s).push(queue('fanout', ENCRYPTED, ok(allow('fanout', { Principal: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } } }))));
    },
    expect: 'fail',
    resource: ':fanout',
  },
  {
    check: 'sqs_queues_not_publicly_accessible',
    name: 'StringNotEquals aws:SourceAccount: a negated test lets every other caller in',
    source: `${POLICY}; a negated condition operator holds for every value but the ones listed`,
    mutate: (s) => {
      queues(s).push(
        queue('negated', ENCRYPTED, ok(allow('negated', { Principal: '*', Condition: { StringNotEquals: { 'aws:SourceAccount': '999999999999' } } }))),
      );
    },
    expect: 'fail',
    resource: ':negated',
  },
  {
    check: 'sqs_queues_not_publicly_accessible',
    name: 'Principal "*" pinned by aws:PrincipalOrgID to the organisation: not public',
    source: `${POLICY}; aws:PrincipalOrgID (IAM global condition keys)`,
    mutate: (s) => {
      queues(s).push(
        queue('org-shared', ENCRYPTED, ok(allow('org-shared', { Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }))),
      );
    },
    expect: 'pass',
    resource: ':org-shared',
  },
  {
    check: 'sqs_queues_not_publicly_accessible',
    name: 'GetQueueAttributes denied for one queue: its policy is unknown',
    source: 'SQS API, GetQueueAttributes requires sqs:GetQueueAttributes',
    mutate: (s) => {
      queues(s).push(queue('hidden', denied('sqs:GetQueueAttributes'), denied('sqs:GetQueueAttributes')));
    },
    expect: 'error',
    resource: ':hidden',
  },
];
