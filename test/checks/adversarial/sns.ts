import type { SnsTopic } from '../../../src/aws/collectors/sns.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const topics = (s: Snapshot): SnsTopic[] => {
  const r = s.data.sns!.topics;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const topic = (name: string, kmsMasterKeyId: SnsTopic['kmsMasterKeyId']): SnsTopic => ({ arn: `arn:aws:sns:eu-west-1:${ACCOUNT}:${name}`, name, kmsMasterKeyId });
const SOURCE = 'SNS API, GetTopicAttributes: KmsMasterKeyId is present only when server-side encryption is on; alias/aws/sns is the AWS managed key';

/** SNS: topics whose encryption is not what it looks like. */
export const CASES: AdversarialCase[] = [
  {
    check: 'sns_topic_kms_encryption',
    name: 'a topic encrypted with the AWS managed alias/aws/sns is encrypted (noted, not failed)',
    source: SOURCE,
    mutate: (s) => {
      topics(s).push(topic('notify', ok('alias/aws/sns')));
    },
    expect: 'pass',
    resource: ':notify',
  },
  {
    check: 'sns_topic_kms_encryption',
    name: 'a FIFO topic with no KmsMasterKeyId attribute is unencrypted, whatever its other attributes',
    source: SOURCE,
    mutate: (s) => {
      topics(s).push(topic('events.fifo', ok(null)));
    },
    expect: 'fail',
    resource: ':events.fifo',
  },
  {
    check: 'sns_topic_kms_encryption',
    name: 'GetTopicAttributes denied: the topic may be unencrypted',
    source: 'SNS API, GetTopicAttributes requires sns:GetTopicAttributes',
    mutate: (s) => {
      topics(s).push(topic('hidden', denied('sns:GetTopicAttributes')));
    },
    expect: 'error',
    resource: ':hidden',
  },
];
