import type { SqsQueue } from '../../../src/aws/collectors/sqs.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const queues = (s: Snapshot): SqsQueue[] => {
  const r = s.data.sqs!.queues;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const queue = (name: string, encryption: SqsQueue['encryption']): SqsQueue => ({
  url: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/${name}`,
  name,
  arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:${name}`,
  encryption,
});
const SOURCE = 'SQS API, GetQueueAttributes: KmsMasterKeyId (SSE-KMS), SqsManagedSseEnabled "true" | "false" (SSE-SQS); queues created before SSE-SQS became the default have neither';

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
];
