import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHubFindingId } from '../../src/findings/normalize.js';
import { ACCOUNT, FakeFindingServices, gdFinding } from '../helpers/aws-findings.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { asffFinding, body, guardDutyEvent, securityHubEvent } from '../helpers/finding-events.js';
import { buttonClick } from '../helpers/slack-request.js';
import { SqsStandIn } from '../helpers/sqs-server.js';

const QUEUE_URL = `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/gdpr-bot-findings`;
const ENV = ['AWS_ENDPOINT_URL_SQS', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_ENDPOINT_URL', 'AWS_PROFILE'] as const;

describe('findings.delivery: eventbridge through the real bot', () => {
  let t: TestBot;
  let sqs: SqsStandIn;
  let aws: FakeFindingServices;
  const sts = mockClient(STSClient);
  const saved: Partial<Record<(typeof ENV)[number], string | undefined>> = {};
  const findingPost = (id: string) =>
    t.slack.callsTo('chat.postMessage').find((c) => (c.args.blocks as { block_id?: string }[] | undefined)?.[0]?.block_id === `finding:${id}`);

  beforeAll(async () => {
    sqs = await new SqsStandIn().start();
    // The SDK resolves the SQS endpoint and credentials from the environment, as it would in production.
    for (const name of ENV) saved[name] = process.env[name];
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_PROFILE;
    Object.assign(process.env, { AWS_ENDPOINT_URL_SQS: sqs.url, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'test-secret-EXAMPLE' });
    aws = new FakeFindingServices();
    aws.addGuardDuty(gdFinding(1));
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    t = await startTestBot({ config: { findings: { pollInterval: '1h', minSeverity: 'low', delivery: 'eventbridge', sqs: { queueUrl: QUEUE_URL } } } });
    // The first poll runs at start-up (it posts gd000001).
    await t.slack.waitFor(() => Boolean(findingPost('gd000001')), 'the first poll');
  });
  afterAll(async () => {
    await t?.close();
    await sqs?.close();
    aws?.restore();
    sts.restore();
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('posts what EventBridge delivers within a receive, once, and deletes the messages', async () => {
    // gd000001 again (the poll already posted it), a new GuardDuty finding, and an Inspector finding via Security Hub.
    sqs.send(body(guardDutyEvent(1, { title: 'Synthetic finding 1', type: 'Recon:EC2/PortProbeUnprotectedPort', severity: 5 })));
    sqs.send(body(guardDutyEvent(2)));
    sqs.send(body(guardDutyEvent(2)));
    sqs.send(body(securityHubEvent([asffFinding(3)])));
    const shId = securityHubFindingId(String(asffFinding(3).ProductArn), String(asffFinding(3).Id));
    await t.slack.waitFor(() => Boolean(findingPost('gd000002') && findingPost(shId)), 'the queued findings');
    await t.slack.waitFor(() => sqs.messages.length === 0, 'the messages to be deleted');
    const ids = t.slack
      .callsTo('chat.postMessage')
      .map((c) => (c.args.blocks as { block_id?: string }[] | undefined)?.[0]?.block_id)
      .filter((b): b is string => Boolean(b?.startsWith('finding:')));
    expect(ids.sort()).toEqual([`finding:gd000001`, `finding:gd000002`, `finding:${shId}`].sort());
    expect(findingPost(shId)!.args.channel).toBe('C0000FIND');
  });

  it('Archive on a Security Hub finding says where it is closed and changes nothing', async () => {
    const shId = securityHubFindingId(String(asffFinding(3).ProductArn), String(asffFinding(3).Id));
    const res = await t.post(
      buttonClick({ actionId: 'finding_archive', value: shId, userId: 'U0000APPR1', responseUrl: t.slack.responseUrl('sh-archive'), channelId: 'C0000FIND' }),
    );
    expect(res.status).toBe(200);
    await t.slack.waitFor(() => t.slack.responses.some((r) => r.id === 'sh-archive'), 'the answer');
    expect(String(t.slack.responses.find((r) => r.id === 'sh-archive')!.body.text)).toMatch(/closed in Security Hub itself/);
    expect(aws.archived).toEqual([]);
  });
});
