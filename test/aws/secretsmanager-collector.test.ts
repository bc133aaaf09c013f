import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { secretsmanagerCollector } from '../../src/aws/collectors/secretsmanager.js';
import { secretsmanager_secret_rotation_enabled } from '../../src/checks/secretsmanager/secretsmanager_secret_rotation_enabled.js';
import { AT, compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';
import { awsError } from '../helpers/synthetic-aws.js';

const sm = mockClient(SecretsManagerClient);
afterEach(() => sm.reset());
const daysAgo = (d: number) => new Date(Date.parse(AT) - d * 86_400_000);

describe('the Secrets Manager collector', () => {
  it('follows NextToken on ListSecrets (MaxResults 100) in each region and never reads a secret value', async () => {
    const sent: string[] = [];
    const all = [
      { Name: 'rotating', RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, LastRotatedDate: daysAgo(10), CreatedDate: daysAgo(100) },
      { Name: 'off', RotationEnabled: false, CreatedDate: daysAgo(100) },
      { Name: 'absent', CreatedDate: daysAgo(100) },
      { Name: 'stuck', RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, LastRotatedDate: daysAgo(90), CreatedDate: daysAgo(400) },
      { Name: 'cron', RotationEnabled: true, RotationRules: { ScheduleExpression: 'cron(0 4 ? * SUN *)' }, LastRotatedDate: daysAgo(3) },
    ];
    sm.on(ListSecretsCommand).callsFake(async (input: { NextToken?: string; MaxResults?: number }, getClient) => {
      const region = await regionOf(getClient);
      sent.push(`${region} max=${input.MaxResults} token=${input.NextToken ?? '-'}`);
      const p = pageOf(all, input.NextToken, 2);
      return { SecretList: p.items.map((x) => ({ ...x, ARN: `arn:aws:secretsmanager:${region}:${TEST_ACCOUNT}:secret:${x.Name}-AbCdEf` })), NextToken: p.next };
    });
    for (const region of ['eu-west-1', 'eu-central-1']) {
      sent.length = 0;
      const { data, calls } = await collectIn(secretsmanagerCollector, region, ['eu-west-1', 'eu-central-1']);
      expect(sent).toEqual([`${region} max=100 token=-`, `${region} max=100 token=t2`, `${region} max=100 token=t4`]);
      expect(new Set(calls)).toEqual(new Set(['secretsmanager:ListSecrets']));
      const s = { ...compliantSnapshot(), region };
      s.data.secretsmanager = data;
      const by = Object.fromEntries(
        secretsmanager_secret_rotation_enabled.evaluate(s).map((f) => [
          f.resource
            .split(':')
            .pop()!
            .replace(/-AbCdEf$/, ''),
          f.status,
        ]),
      );
      expect(by).toEqual({ rotating: 'pass', off: 'fail', absent: 'fail', stuck: 'fail', cron: 'pass' });
    }
  });

  it('a denied ListSecrets is an error naming the call', async () => {
    sm.on(ListSecretsCommand).rejects(awsError('AccessDeniedException', 'no'));
    const { data } = await collectIn(secretsmanagerCollector, 'eu-west-1');
    const s = compliantSnapshot();
    s.data.secretsmanager = data;
    expect(secretsmanager_secret_rotation_enabled.evaluate(s)).toMatchObject([
      { status: 'error', message: expect.stringContaining('AccessDeniedException on secretsmanager:ListSecrets') },
    ]);
  });
});
