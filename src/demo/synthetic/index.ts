import { apigateway } from './apigateway.js';
import { backup } from './backup.js';
import { cloudwatchService } from './cloudwatch.js';
import { dax } from './dax.js';
import { elb } from './elb.js';
import { eventbridge } from './eventbridge.js';
import { syntheticLambda } from './lambda.js';
import { opensearch } from './opensearch.js';
import { redshift } from './redshift.js';
import { sagemaker } from './sagemaker.js';
import type { SyntheticService } from './service.js';
import { ssm } from './ssm.js';
import { wafv2Service } from './wafv2.js';

/**
 * The synthetic services that live in a file of their own (one import and one entry each, in name order).
 * `defineSyntheticAccount` registers them all after its own.
 */
export const SYNTHETIC_SERVICES: readonly SyntheticService[] = [
  apigateway,
  cloudwatchService,
  dax,
  elb,
  eventbridge,
  syntheticLambda,
  opensearch,
  redshift,
  sagemaker,
  wafv2Service,
  ssm,
  backup,
];
