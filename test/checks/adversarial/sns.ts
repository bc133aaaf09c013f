import type { SnsTopic } from '../../../src/aws/collectors/sns.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok, snsDefaultPolicy } from '../fixtures.js';

const topics = (s: Snapshot): SnsTopic[] => {
  const r = s.data.sns!.topics;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const topic = (name: string, kmsMasterKeyId: SnsTopic['kmsMasterKeyId'], policy: SnsTopic['policy'] = ok(null)): SnsTopic => ({
  arn: `arn:aws:sns:eu-west-1:${ACCOUNT}:${name}`,
  name,
  kmsMasterKeyId,
  policy,
});
const SOURCE = 'SNS API, GetTopicAttributes: KmsMasterKeyId is present only when server-side encryption is on; alias/aws/sns is the AWS managed key';

const POLICY =
  'SNS API, GetTopicAttributes attribute Policy; the default topic policy allows {"AWS":"*"} under StringEquals AWS:SourceOwner = the owner account (condition keys are case-insensitive); IAM JSON policy reference: Principal "*" is every principal';
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`;

/** SNS: topics whose encryption (or policy) is not what it looks like. */
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
  {
    check: 'sns_topics_not_publicly_accessible',
    name: 'the default topic policy ({"AWS":"*"} with AWS:SourceOwner = the owner) looks public and is not',
    source: POLICY,
    mutate: (s) => {
      topics(s).push(topic('billing', ok(KEY), ok(snsDefaultPolicy('billing'))));
    },
    expect: 'pass',
    resource: ':billing',
  },
  {
    check: 'sns_topics_not_publicly_accessible',
    name: 'the default policy plus a statement letting "*" subscribe: anyone can receive the notifications',
    source: POLICY,
    mutate: (s) => {
      const policy = snsDefaultPolicy('signups') as { Statement: unknown[] };
      policy.Statement.push({
        Sid: 'public-subscribe',
        Effect: 'Allow',
        Principal: '*',
        Action: 'SNS:Subscribe',
        Resource: `arn:aws:sns:eu-west-1:${ACCOUNT}:signups`,
      });
      topics(s).push(topic('signups', ok(KEY), ok(policy)));
    },
    expect: 'fail',
    resource: ':signups',
  },
  {
    check: 'sns_topics_not_publicly_accessible',
    name: 'a SourceOwner test with StringEqualsIfExists: a direct call has no source owner, so anyone passes',
    source: `${POLICY}; IAM condition operators: ...IfExists holds when the key is absent`,
    mutate: (s) => {
      topics(s).push(
        topic(
          'ifexists',
          ok(KEY),
          ok({
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: '*' },
                Action: 'SNS:Publish',
                Resource: `arn:aws:sns:eu-west-1:${ACCOUNT}:ifexists`,
                Condition: { StringEqualsIfExists: { 'AWS:SourceOwner': ACCOUNT } },
              },
            ],
          }),
        ),
      );
    },
    expect: 'fail',
    resource: ':ifexists',
  },
  {
    check: 'sns_topics_not_publicly_accessible',
    name: 'GetTopicAttributes denied for one topic: its policy is unknown',
    source: 'SNS API, GetTopicAttributes requires sns:GetTopicAttributes',
    mutate: (s) => {
      topics(s).push(topic('hidden', denied('sns:GetTopicAttributes'), denied('sns:GetTopicAttributes')));
    },
    expect: 'error',
    resource: ':hidden',
  },
];
