import {
  DescribeEndpointConfigCommand,
  DescribeNotebookInstanceCommand,
  paginateListEndpointConfigs,
  paginateListNotebookInstances,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** A notebook instance and the KMS key of its ML storage volume, as DescribeNotebookInstance reports them. */
export interface SageMakerNotebook {
  name: string;
  arn: string;
  /** `NotebookInstanceStatus` (Pending, InService, Stopping, Stopped, Failed, Deleting, Updating). */
  status: string;
  /** `KmsKeyId`: the key that encrypts the ML storage volume; absent when none was chosen at creation. */
  kmsKeyId: Read<string | undefined>;
}

/** One production variant of an endpoint configuration. */
export interface SageMakerVariant {
  name: string;
  /** `InstanceType` (e.g. `ml.m5.xlarge`); absent for a serverless variant. */
  instanceType?: string;
  serverless: boolean;
}

/** An endpoint configuration: the key of its storage volumes and its variants. */
export interface SageMakerEndpointConfig {
  name: string;
  arn: string;
  detail: Read<{ kmsKeyId?: string; variants: SageMakerVariant[] }>;
}

export interface SageMakerData {
  notebooks: Read<SageMakerNotebook[]>;
  endpointConfigs: Read<SageMakerEndpointConfig[]>;
}

/** Items per list page (SageMaker's maximum `MaxResults` is 100). */
const PAGE = 100;
/** A resource deleted between the list and the describe: SageMaker answers ValidationException ("RecordNotFound", "Could not find …"). */
const GONE = ['ResourceNotFound'];

function isGone(error: { code: string; message: string }): boolean {
  return error.code === 'ValidationException' && /RecordNotFound|Could not find/i.test(error.message);
}

/** SageMaker (regional): every notebook instance and endpoint configuration (every page), each described once. */
export const sagemakerCollector: Collector<SageMakerData> = {
  id: 'sagemaker',
  scope: 'region',
  async collect(ctx) {
    const sm = ctx.clients.get(SageMakerClient, ctx.region);
    const notebooks = await ctx.read(async () => {
      const listed = await ctx.pages(
        'sagemaker:ListNotebookInstances',
        paginateListNotebookInstances({ client: sm, pageSize: PAGE }, {}),
        (p) => p.NotebookInstances,
      );
      const read = await Promise.all(
        listed.map(async (n): Promise<SageMakerNotebook | undefined> => {
          const name = n.NotebookInstanceName ?? '';
          let gone = false;
          const kmsKeyId = await ctx.read(async () => {
            const out = await ctx.call(
              'sagemaker:DescribeNotebookInstance',
              () => sm.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name })),
              GONE,
            );
            if (out === null) gone = true;
            return out?.KmsKeyId || undefined;
          });
          if (gone || (!kmsKeyId.ok && isGone(kmsKeyId.error))) return undefined;
          return { name, arn: n.NotebookInstanceArn ?? name, status: n.NotebookInstanceStatus ?? 'unknown', kmsKeyId };
        }),
      );
      return read.filter((n): n is SageMakerNotebook => n !== undefined);
    });
    const endpointConfigs = await ctx.read(async () => {
      const listed = await ctx.pages(
        'sagemaker:ListEndpointConfigs',
        paginateListEndpointConfigs({ client: sm, pageSize: PAGE }, {}),
        (p) => p.EndpointConfigs,
      );
      const read = await Promise.all(
        listed.map(async (e): Promise<SageMakerEndpointConfig | undefined> => {
          const name = e.EndpointConfigName ?? '';
          let gone = false;
          const detail = await ctx.read(async () => {
            const out = await ctx.call(
              'sagemaker:DescribeEndpointConfig',
              () => sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name })),
              GONE,
            );
            if (out === null) gone = true;
            return {
              kmsKeyId: out?.KmsKeyId || undefined,
              variants: (out?.ProductionVariants ?? []).map((v) => ({
                name: v.VariantName ?? '',
                instanceType: v.InstanceType,
                serverless: v.ServerlessConfig !== undefined,
              })),
            };
          });
          if (gone || (!detail.ok && isGone(detail.error))) return undefined;
          return { name, arn: e.EndpointConfigArn ?? name, detail };
        }),
      );
      return read.filter((e): e is SageMakerEndpointConfig => e !== undefined);
    });
    return { notebooks, endpointConfigs };
  },
};
