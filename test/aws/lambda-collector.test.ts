import { GetPolicyCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { lambdaCollector } from '../../src/aws/collectors/lambda.js';
import { lambda_function_not_publicly_accessible } from '../../src/checks/lambda/lambda_function_not_publicly_accessible.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';
import { awsError } from '../helpers/synthetic-aws.js';

const lambda = mockClient(LambdaClient);
afterEach(() => lambda.reset());

const POLICIES: Record<string, string | Error> = {
  pinned: JSON.stringify({
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:events:eu-west-1:${TEST_ACCOUNT}:rule/nightly` } },
      },
    ],
  }),
  open: JSON.stringify({
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } }],
  }),
  none: awsError('ResourceNotFoundException', 'The resource you requested does not exist.'),
  denied: awsError('AccessDeniedException', 'not authorized to perform lambda:GetPolicy'),
  garbled: '{"Statement":',
};

describe('the Lambda collector', () => {
  it("follows NextMarker on ListFunctions (MaxItems 50) in each region and reads each function's policy by ARN: none, pinned, public, denied, unreadable", async () => {
    const names = Object.keys(POLICIES);
    const sent: string[] = [];
    lambda.on(ListFunctionsCommand).callsFake(async (input: { Marker?: string; MaxItems?: number }, getClient) => {
      const region = await regionOf(getClient);
      sent.push(`${region} max=${input.MaxItems} marker=${input.Marker ?? '-'}`);
      const p = pageOf(names, input.Marker, 3);
      return {
        Functions: p.items.map((n) => ({ FunctionName: n, FunctionArn: `arn:aws:lambda:${region}:${TEST_ACCOUNT}:function:${n}` })),
        NextMarker: p.next,
      };
    });
    lambda.on(GetPolicyCommand).callsFake(async (input: { FunctionName: string }) => {
      const answer = POLICIES[input.FunctionName.split(':').pop()!]!;
      if (answer instanceof Error) throw answer;
      return { Policy: answer, RevisionId: 'r1' };
    });
    for (const region of ['eu-west-1', 'eu-central-1']) {
      sent.length = 0;
      lambda.resetHistory();
      const { data, calls } = await collectIn(lambdaCollector, region, ['eu-west-1', 'eu-central-1']);
      expect(sent).toEqual([`${region} max=50 marker=-`, `${region} max=50 marker=t3`]);
      expect(
        lambda
          .commandCalls(GetPolicyCommand)
          .map((c) => c.args[0].input.FunctionName)
          .sort(),
      ).toEqual(names.map((n) => `arn:aws:lambda:${region}:${TEST_ACCOUNT}:function:${n}`).sort());
      expect(calls.filter((c) => c === 'lambda:ListFunctions')).toHaveLength(2);
      if (!data.functions.ok) throw new Error('not read');
      expect(data.functions.value.find((f) => f.name === 'none')!.policy).toEqual({ ok: true, value: null });
      const s = { ...compliantSnapshot(), region };
      s.data.lambda = data;
      const findings = lambda_function_not_publicly_accessible.evaluate(s);
      expect(Object.fromEntries(findings.map((f) => [f.resource.split(':').pop()!, f.status]))).toEqual({
        pinned: 'pass',
        open: 'fail',
        none: 'pass',
        denied: 'error',
        garbled: 'error',
      });
      expect(findings.find((f) => f.resource.endsWith(':denied'))!.message).toContain('lambda:GetPolicy');
    }
  });

  it('records ListFunctions denied as a failed read of the region, judged error, never pass', async () => {
    lambda.on(ListFunctionsCommand).rejects(awsError('AccessDeniedException', 'no'));
    const { data } = await collectIn(lambdaCollector, 'eu-west-1');
    expect(data.functions).toMatchObject({ ok: false, error: { call: 'lambda:ListFunctions', kind: 'denied' } });
    const s = compliantSnapshot();
    s.data.lambda = data;
    expect(lambda_function_not_publicly_accessible.evaluate(s).map((f) => f.status)).toEqual(['error']);
  });
});
