import type { FindingsConfig } from '../config/schema.js';
import { FINDING_EVENTS } from './events.js';
import { macieLevelsAtLeast, guardDutyMinScore } from './severity.js';
import { SEVERITIES, type Severity } from './types.js';

/**
 * The CloudFormation template of `findings.delivery: eventbridge` (`gdpr-bot policy --eventbridge`):
 * in one account and region, three EventBridge rules on the default event bus (GuardDuty, Macie and
 * Security Hub findings, at or above `findings.minSeverity`, open ones only), the SQS queue the bot
 * long-polls (SSE-SQS encryption, TLS only, a redrive policy to a dead-letter queue), and queue policies
 * that let only those rules send (`events.amazonaws.com` with `aws:SourceArn`; everyone else is denied
 * SendMessage, so nobody with `sqs:SendMessage` in the account can slip a made-up finding in).
 *
 * Deploy it in every region whose findings should arrive in seconds (GuardDuty, Macie and Security Hub
 * publish their events in the finding's region), and give the bot each queue's URL: today the bot
 * consumes one queue (`findings.sqs.queueUrl`), so several regions send to one queue through
 * EventBridge's cross-region routing, or Security Hub's cross-region aggregation is used.
 */

const GET_ARN = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

/** The rules' event patterns: the findings event of each service, filtered as the poll filters. */
export function findingsEventPatterns(minSeverity: Severity): Record<'GuardDuty' | 'Macie' | 'SecurityHub', Record<string, unknown>> {
  const labels = SEVERITIES.filter((s) => SEVERITIES.indexOf(s) >= SEVERITIES.indexOf(minSeverity)).map((s) => s.toUpperCase());
  return {
    GuardDuty: {
      source: ['aws.guardduty'],
      'detail-type': [FINDING_EVENTS['aws.guardduty'].detailType],
      detail: { severity: [{ numeric: ['>=', guardDutyMinScore(minSeverity)] }] },
    },
    Macie: {
      source: ['aws.macie'],
      'detail-type': [FINDING_EVENTS['aws.macie'].detailType],
      // Macie has no critical: with minSeverity critical, the rule matches nothing (and the feed takes nothing of Macie's).
      detail: { severity: { description: macieLevelsAtLeast(minSeverity).length > 0 ? macieLevelsAtLeast(minSeverity) : ['(none)'] } },
    },
    SecurityHub: {
      source: ['aws.securityhub'],
      'detail-type': [FINDING_EVENTS['aws.securityhub'].detailType],
      detail: {
        findings: {
          // GuardDuty's and Macie's own findings come through their rules; their copies here would be sent twice.
          ProductName: [{ 'anything-but': ['GuardDuty', 'Macie'] }],
          RecordState: ['ACTIVE'],
          Workflow: { Status: ['NEW', 'NOTIFIED'] },
          Severity: { Label: labels },
        },
      },
    },
  };
}

/** The template, as a JSON document CloudFormation takes (`aws cloudformation deploy --template-file`). */
export function eventBridgeTemplate(findings?: Pick<FindingsConfig, 'minSeverity'>): Record<string, unknown> {
  const patterns = findingsEventPatterns(findings?.minSeverity ?? 'medium');
  const rules = Object.keys(patterns).map((name) => `${name}FindingsRule`);
  const ruleArns = rules.map(GET_ARN);
  const resources: Record<string, unknown> = {
    FindingsDeadLetterQueue: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: { 'Fn::Sub': '${QueueName}-dlq' },
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1_209_600,
      },
    },
    FindingsQueue: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: { Ref: 'QueueName' },
        SqsManagedSseEnabled: true,
        // The bot's consumer asks for 60 s per receive and long-polls 20 s; findings older than 4 days are the poll's.
        VisibilityTimeout: 60,
        ReceiveMessageWaitTimeSeconds: 20,
        MessageRetentionPeriod: 345_600,
        // A message the bot could not hand over 10 times (Redis down, a poll holding the lock) is set aside; the poll still lists its finding.
        RedrivePolicy: { deadLetterTargetArn: GET_ARN('FindingsDeadLetterQueue'), maxReceiveCount: 10 },
      },
    },
  };
  for (const [name, pattern] of Object.entries(patterns)) {
    resources[`${name}FindingsRule`] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Description: `gdpr-bot: ${name === 'SecurityHub' ? 'Security Hub' : name} findings to the bot's SQS queue`,
        EventBusName: 'default',
        State: 'ENABLED',
        EventPattern: pattern,
        Targets: [
          {
            Id: 'gdpr-bot-findings',
            Arn: GET_ARN('FindingsQueue'),
            // EventBridge retries a failed delivery for up to 24 h, then keeps the event in the dead-letter queue.
            RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
            DeadLetterConfig: { Arn: GET_ARN('FindingsDeadLetterQueue') },
          },
        ],
      },
    };
  }
  const queuePolicy = (queue: string) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'FindingsRulesSend',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: GET_ARN(queue),
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } },
      },
      {
        Sid: 'NobodyElseSends',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:SendMessage',
        Resource: GET_ARN(queue),
        Condition: { ArnNotEquals: { 'aws:SourceArn': ruleArns } },
      },
      {
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: GET_ARN(queue),
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
  resources.FindingsQueuePolicy = {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: { Queues: [{ Ref: 'FindingsQueue' }], PolicyDocument: queuePolicy('FindingsQueue') },
  };
  resources.FindingsDeadLetterQueuePolicy = {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: { Queues: [{ Ref: 'FindingsDeadLetterQueue' }], PolicyDocument: queuePolicy('FindingsDeadLetterQueue') },
  };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'gdpr-bot findings in seconds: EventBridge rules send GuardDuty, Macie and Security Hub findings to an encrypted SQS queue (with a dead-letter queue) that the bot long-polls.',
    Parameters: {
      QueueName: {
        Type: 'String',
        Default: 'gdpr-bot-findings',
        AllowedPattern: '^[A-Za-z0-9_-]{1,76}$',
        Description: 'Name of the queue (its dead-letter queue gets -dlq)',
      },
    },
    Resources: resources,
    Outputs: {
      QueueUrl: { Description: 'findings.sqs.queueUrl in gdpr-bot.yml', Value: { Ref: 'FindingsQueue' } },
      QueueArn: { Value: GET_ARN('FindingsQueue') },
      DeadLetterQueueUrl: { Value: { Ref: 'FindingsDeadLetterQueue' } },
    },
  };
}
