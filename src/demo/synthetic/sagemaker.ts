import {
  DescribeEndpointConfigCommand,
  DescribeNotebookInstanceCommand,
  ListEndpointConfigsCommand,
  ListNotebookInstancesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { page, type SyntheticCall, type SyntheticService } from './service.js';

/** SageMaker: one notebook instance and one endpoint configuration per region; without a KMS key when misconfigured. */
export const sagemaker: SyntheticService = ({ mock, count, accountId, pageSize, misconfigured }) => {
  const sm = mock(SageMakerClient);
  const arn = async (call: SyntheticCall, kind: string, name: string) => `arn:aws:sagemaker:${await call.region()}:${accountId}:${kind}/${name}`;
  const key = async (call: SyntheticCall) => `arn:aws:kms:${await call.region()}:${accountId}:key/sagemaker`;
  sm.on(ListNotebookInstancesCommand).callsFake(async (input: { NextToken?: string }, call: SyntheticCall) => {
    count('sagemaker:ListNotebookInstances');
    const p = page(['analytics'], input.NextToken, pageSize);
    return {
      NotebookInstances: await Promise.all(
        p.items.map(async (n) => ({
          NotebookInstanceName: n,
          NotebookInstanceArn: await arn(call, 'notebook-instance', n),
          NotebookInstanceStatus: 'InService',
        })),
      ),
      NextToken: p.next,
    };
  });
  sm.on(DescribeNotebookInstanceCommand).callsFake(async (input: { NotebookInstanceName: string }, call: SyntheticCall) => {
    count('sagemaker:DescribeNotebookInstance');
    return { NotebookInstanceName: input.NotebookInstanceName, NotebookInstanceStatus: 'InService', ...(misconfigured ? {} : { KmsKeyId: await key(call) }) };
  });
  sm.on(ListEndpointConfigsCommand).callsFake(async (input: { NextToken?: string }, call: SyntheticCall) => {
    count('sagemaker:ListEndpointConfigs');
    const p = page(['recommender'], input.NextToken, pageSize);
    return {
      EndpointConfigs: await Promise.all(
        p.items.map(async (n) => ({ EndpointConfigName: n, EndpointConfigArn: await arn(call, 'endpoint-config', n), CreationTime: new Date() })),
      ),
      NextToken: p.next,
    };
  });
  sm.on(DescribeEndpointConfigCommand).callsFake(async (input: { EndpointConfigName: string }, call: SyntheticCall) => {
    count('sagemaker:DescribeEndpointConfig');
    return {
      EndpointConfigName: input.EndpointConfigName,
      KmsKeyId: await key(call),
      ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
    };
  });
};
