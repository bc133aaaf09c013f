import {
  DescribeEndpointConfigCommand,
  DescribeNotebookInstanceCommand,
  ListEndpointConfigsCommand,
  ListNotebookInstancesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sagemakerCollector } from '../../src/aws/collectors/sagemaker.js';
import { sagemaker_endpoint_config_encryption_enabled } from '../../src/checks/sagemaker/sagemaker_endpoint_config_encryption_enabled.js';
import { sagemaker_notebook_instance_encryption_enabled } from '../../src/checks/sagemaker/sagemaker_notebook_instance_encryption_enabled.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, TEST_ACCOUNT } from '../helpers/collect-in.js';
import { awsError } from '../helpers/synthetic-aws.js';

const sm = mockClient(SageMakerClient);
afterEach(() => sm.reset());

const arn = (kind: string, name: string) => `arn:aws:sagemaker:eu-west-1:${TEST_ACCOUNT}:${kind}/${name}`;

describe('the SageMaker collector', () => {
  it('lists every page of notebooks and endpoint configurations (MaxResults 100), describes each once, and drops those deleted in between', async () => {
    const notebooks = ['keyed', 'plain', 'denied', 'deleted'];
    const configs = ['keyed', 'gpu', 'serverless', 'plain', 'gone'];
    const tokens: string[] = [];
    sm.on(ListNotebookInstancesCommand).callsFake((input: { NextToken?: string; MaxResults?: number }) => {
      tokens.push(`nb max=${input.MaxResults} token=${input.NextToken ?? '-'}`);
      const p = pageOf(notebooks, input.NextToken, 3);
      return {
        NotebookInstances: p.items.map((n) => ({
          NotebookInstanceName: n,
          NotebookInstanceArn: arn('notebook-instance', n),
          NotebookInstanceStatus: 'InService',
        })),
        NextToken: p.next,
      };
    });
    sm.on(DescribeNotebookInstanceCommand).callsFake((input: { NotebookInstanceName: string }) => {
      if (input.NotebookInstanceName === 'denied') throw awsError('AccessDeniedException', 'not authorized to perform sagemaker:DescribeNotebookInstance');
      if (input.NotebookInstanceName === 'deleted') throw awsError('ValidationException', 'RecordNotFound');
      return {
        NotebookInstanceName: input.NotebookInstanceName,
        ...(input.NotebookInstanceName === 'keyed' ? { KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k1' } : {}),
      };
    });
    sm.on(ListEndpointConfigsCommand).callsFake((input: { NextToken?: string; MaxResults?: number }) => {
      tokens.push(`ec max=${input.MaxResults} token=${input.NextToken ?? '-'}`);
      const p = pageOf(configs, input.NextToken, 3);
      return {
        EndpointConfigs: p.items.map((n) => ({ EndpointConfigName: n, EndpointConfigArn: arn('endpoint-config', n), CreationTime: new Date() })),
        NextToken: p.next,
      };
    });
    sm.on(DescribeEndpointConfigCommand).callsFake((input: { EndpointConfigName: string }) => {
      switch (input.EndpointConfigName) {
        case 'keyed':
          return { KmsKeyId: 'alias/inference', ProductionVariants: [{ VariantName: 'a', InstanceType: 'ml.m5.large' }] };
        case 'gpu':
          return { ProductionVariants: [{ VariantName: 'a', InstanceType: 'ml.g4dn.xlarge' }] };
        case 'serverless':
          return { ProductionVariants: [{ VariantName: 'a', ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }] };
        case 'gone':
          throw awsError('ValidationException', 'Could not find endpoint configuration "gone".');
        default:
          return { ProductionVariants: [{ VariantName: 'a', InstanceType: 'ml.c5.xlarge' }] };
      }
    });

    const { data } = await collectIn(sagemakerCollector, 'eu-west-1');
    expect(tokens.sort()).toEqual(['ec max=100 token=-', 'ec max=100 token=t3', 'nb max=100 token=-', 'nb max=100 token=t3']);
    expect(sm.commandCalls(DescribeNotebookInstanceCommand)).toHaveLength(4);
    expect(sm.commandCalls(DescribeEndpointConfigCommand)).toHaveLength(5);

    const s = compliantSnapshot();
    s.data.sagemaker = data;
    const status = (findings: { resource: string; status: string }[]) => Object.fromEntries(findings.map((f) => [f.resource.split('/').pop()!, f.status]));
    expect(status(sagemaker_notebook_instance_encryption_enabled.evaluate(s))).toEqual({ keyed: 'pass', plain: 'fail', denied: 'error' });
    expect(status(sagemaker_endpoint_config_encryption_enabled.evaluate(s))).toEqual({ keyed: 'pass', gpu: 'pass', serverless: 'pass', plain: 'fail' });
  });

  it('records a denied list as an error for the region, never as "no notebooks"', async () => {
    sm.on(ListNotebookInstancesCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform sagemaker:ListNotebookInstances'));
    sm.on(ListEndpointConfigsCommand).resolves({ EndpointConfigs: [] });
    const { data } = await collectIn(sagemakerCollector, 'eu-west-1');
    expect(data.notebooks).toMatchObject({ ok: false, error: { call: 'sagemaker:ListNotebookInstances', kind: 'denied' } });
    const s = compliantSnapshot();
    s.data.sagemaker = data;
    expect(sagemaker_notebook_instance_encryption_enabled.evaluate(s).map((f) => f.status)).toEqual(['error']);
    expect(sagemaker_endpoint_config_encryption_enabled.evaluate(s).map((f) => f.status)).toEqual(['not_applicable']);
  });
});
