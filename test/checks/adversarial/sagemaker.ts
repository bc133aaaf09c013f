import type { SageMakerEndpointConfig, SageMakerNotebook } from '../../../src/aws/collectors/sagemaker.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const data = (s: Snapshot) => s.data.sagemaker!;
const notebooks = (s: Snapshot): SageMakerNotebook[] => {
  const r = data(s).notebooks;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const configs = (s: Snapshot): SageMakerEndpointConfig[] => {
  const r = data(s).endpointConfigs;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const config = (name: string, detail: SageMakerEndpointConfig['detail']): SageMakerEndpointConfig => ({
  name,
  arn: `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:endpoint-config/${name}`,
  detail,
});
const NOTEBOOK =
  'SageMaker API, DescribeNotebookInstance: KmsKeyId is returned only when a key was given to CreateNotebookInstance (it cannot be changed later)';
const ENDPOINT =
  'SageMaker API, CreateEndpointConfig KmsKeyId: "Certain Nitro-based instances include local storage … encrypted using a hardware module on the instance. You can\'t request a KmsKeyId when using an instance type with local storage"; ServerlessConfig variants have no instance';

/** SageMaker: notebooks and endpoints that look encrypted and are not, and the reverse. */
export const CASES: AdversarialCase[] = [
  {
    check: 'sagemaker_notebook_instance_encryption_enabled',
    name: 'a stopped notebook without KmsKeyId still keeps its volume (and the data copied there): it fails',
    source: NOTEBOOK,
    mutate: (s) => {
      notebooks(s).push({
        name: 'old-analysis',
        arn: `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:notebook-instance/old-analysis`,
        status: 'Stopped',
        kmsKeyId: ok(undefined),
      });
    },
    expect: 'fail',
    resource: 'old-analysis',
  },
  {
    check: 'sagemaker_notebook_instance_encryption_enabled',
    name: 'DescribeNotebookInstance denied for one notebook: its key is unknown',
    source: 'SageMaker API, DescribeNotebookInstance requires sagemaker:DescribeNotebookInstance',
    mutate: (s) => {
      notebooks(s).push({
        name: 'hidden',
        arn: `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:notebook-instance/hidden`,
        status: 'InService',
        kmsKeyId: denied('sagemaker:DescribeNotebookInstance'),
      });
    },
    expect: 'error',
    resource: 'hidden',
  },
  {
    check: 'sagemaker_endpoint_config_encryption_enabled',
    name: 'no KmsKeyId, every variant on ml.g4dn (local NVMe, encrypted in hardware; SageMaker refuses a key): passes',
    source: ENDPOINT,
    mutate: (s) => {
      configs(s).push(
        config(
          'vision-gpu',
          ok({
            variants: [
              { name: 'a', instanceType: 'ml.g4dn.xlarge', serverless: false },
              { name: 'b', instanceType: 'ml.m5d.large', serverless: false },
            ],
          }),
        ),
      );
    },
    expect: 'pass',
    resource: 'vision-gpu',
  },
  {
    check: 'sagemaker_endpoint_config_encryption_enabled',
    name: 'no KmsKeyId, one local-storage variant and one ml.m5 (EBS) variant: the EBS one is unencrypted by a key of the account',
    source: ENDPOINT,
    mutate: (s) => {
      configs(s).push(
        config(
          'mixed',
          ok({
            variants: [
              { name: 'canary', instanceType: 'ml.m5.large', serverless: false },
              { name: 'main', instanceType: 'ml.c5d.xlarge', serverless: false },
            ],
          }),
        ),
      );
    },
    expect: 'fail',
    resource: 'mixed',
  },
  {
    check: 'sagemaker_endpoint_config_encryption_enabled',
    name: 'ml.m5.2xlarge has a d in its size, not in its family (m5): an EBS volume, and without a key it fails',
    source: ENDPOINT,
    mutate: (s) => {
      configs(s).push(config('plain', ok({ variants: [{ name: 'AllTraffic', instanceType: 'ml.m5.2xlarge', serverless: false }] })));
    },
    expect: 'fail',
    resource: 'plain',
  },
];
