import { accessanalyzerCollector, type AccessAnalyzerData } from './accessanalyzer.js';
import { accountCollector, type AccountData } from './account.js';
import { acmCollector, type AcmData } from './acm.js';
import { apigatewayCollector, type ApiGatewayData } from './apigateway.js';
import { apigatewayv2Collector, type ApiGatewayV2Data } from './apigatewayv2.js';
import { cloudfrontCollector, type CloudFrontData } from './cloudfront.js';
import { cloudtrailCollector, type CloudTrailData } from './cloudtrail.js';
import { cloudwatchCollector, type CloudWatchData } from './cloudwatch.js';
import { cognitoCollector, type CognitoData } from './cognito.js';
import { configCollector, type ConfigData } from './config.js';
import { daxCollector, type DaxData } from './dax.js';
import { dynamodbCollector, type DynamoDbData } from './dynamodb.js';
import { ebsCollector, type EbsData } from './ebs.js';
import { ec2Collector, type Ec2Data } from './ec2.js';
import { efsCollector, type EfsData } from './efs.js';
import { elbCollector, type ElbData } from './elb.js';
import { elbv2Collector, type Elbv2Data } from './elbv2.js';
import { eventbridgeCollector, type EventBridgeData } from './eventbridge.js';
import { guarddutyCollector, type GuardDutyData } from './guardduty.js';
import { iamCollector, type IamData } from './iam.js';
import { inspectorCollector, type InspectorData } from './inspector.js';
import { kmsCollector, type KmsData } from './kms.js';
import { lambdaCollector, type LambdaData } from './lambda.js';
import { logsCollector, type LogsData } from './logs.js';
import { macieCollector, type MacieData } from './macie.js';
import { opensearchCollector, type OpenSearchData } from './opensearch.js';
import { organizationsCollector, type OrganizationsData } from './organizations.js';
import { rdsCollector, type RdsData } from './rds.js';
import { redshiftCollector, type RedshiftData } from './redshift.js';
import { s3Collector, type S3Data } from './s3.js';
import { sagemakerCollector, type SageMakerData } from './sagemaker.js';
import { secretsmanagerCollector, type SecretsManagerData } from './secretsmanager.js';
import { securityhubCollector, type SecurityHubData } from './securityhub.js';
import { snsCollector, type SnsData } from './sns.js';
import { sqsCollector, type SqsData } from './sqs.js';
import { vpnCollector, type VpnData } from './vpn.js';
import type { Collector } from './types.js';
import { wafv2Collector, type Wafv2Data } from './wafv2.js';

/** What each collector puts on the snapshot, by collector id. */
export interface CollectorData {
  account: AccountData;
  accessanalyzer: AccessAnalyzerData;
  acm: AcmData;
  apigateway: ApiGatewayData;
  apigatewayv2: ApiGatewayV2Data;
  cloudfront: CloudFrontData;
  cloudtrail: CloudTrailData;
  cloudwatch: CloudWatchData;
  cognito: CognitoData;
  config: ConfigData;
  dax: DaxData;
  dynamodb: DynamoDbData;
  ebs: EbsData;
  ec2: Ec2Data;
  efs: EfsData;
  elb: ElbData;
  elbv2: Elbv2Data;
  eventbridge: EventBridgeData;
  guardduty: GuardDutyData;
  iam: IamData;
  inspector: InspectorData;
  kms: KmsData;
  lambda: LambdaData;
  logs: LogsData;
  macie: MacieData;
  opensearch: OpenSearchData;
  organizations: OrganizationsData;
  rds: RdsData;
  redshift: RedshiftData;
  s3: S3Data;
  sagemaker: SageMakerData;
  secretsmanager: SecretsManagerData;
  securityhub: SecurityHubData;
  sns: SnsData;
  sqs: SqsData;
  wafv2: Wafv2Data;
  vpn: VpnData;
}

export type CollectorId = keyof CollectorData;

/** Every collector, by id. The registry test checks that every check's `needs` is in here. */
export const COLLECTORS: { [K in CollectorId]: Collector<CollectorData[K]> & { id: K } } = {
  account: { ...accountCollector, id: 'account' },
  accessanalyzer: { ...accessanalyzerCollector, id: 'accessanalyzer' },
  acm: { ...acmCollector, id: 'acm' },
  apigateway: { ...apigatewayCollector, id: 'apigateway' },
  apigatewayv2: { ...apigatewayv2Collector, id: 'apigatewayv2' },
  cloudfront: { ...cloudfrontCollector, id: 'cloudfront' },
  cloudtrail: { ...cloudtrailCollector, id: 'cloudtrail' },
  cloudwatch: { ...cloudwatchCollector, id: 'cloudwatch' },
  cognito: { ...cognitoCollector, id: 'cognito' },
  config: { ...configCollector, id: 'config' },
  dax: { ...daxCollector, id: 'dax' },
  dynamodb: { ...dynamodbCollector, id: 'dynamodb' },
  ebs: { ...ebsCollector, id: 'ebs' },
  ec2: { ...ec2Collector, id: 'ec2' },
  efs: { ...efsCollector, id: 'efs' },
  elb: { ...elbCollector, id: 'elb' },
  elbv2: { ...elbv2Collector, id: 'elbv2' },
  eventbridge: { ...eventbridgeCollector, id: 'eventbridge' },
  guardduty: { ...guarddutyCollector, id: 'guardduty' },
  iam: { ...iamCollector, id: 'iam' },
  inspector: { ...inspectorCollector, id: 'inspector' },
  kms: { ...kmsCollector, id: 'kms' },
  lambda: { ...lambdaCollector, id: 'lambda' },
  logs: { ...logsCollector, id: 'logs' },
  macie: { ...macieCollector, id: 'macie' },
  opensearch: { ...opensearchCollector, id: 'opensearch' },
  organizations: { ...organizationsCollector, id: 'organizations' },
  rds: { ...rdsCollector, id: 'rds' },
  redshift: { ...redshiftCollector, id: 'redshift' },
  s3: { ...s3Collector, id: 's3' },
  sagemaker: { ...sagemakerCollector, id: 'sagemaker' },
  secretsmanager: { ...secretsmanagerCollector, id: 'secretsmanager' },
  securityhub: { ...securityhubCollector, id: 'securityhub' },
  sns: { ...snsCollector, id: 'sns' },
  sqs: { ...sqsCollector, id: 'sqs' },
  wafv2: { ...wafv2Collector, id: 'wafv2' },
  vpn: { ...vpnCollector, id: 'vpn' },
};

export function isCollectorId(id: string): id is CollectorId {
  return Object.hasOwn(COLLECTORS, id);
}
