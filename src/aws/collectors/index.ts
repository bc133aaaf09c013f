import type { AccessAnalyzerData } from './accessanalyzer.js';
import type { AccountData } from './account.js';
import type { AcmData } from './acm.js';
import type { BackupData } from './backup.js';
import type { ApiGatewayData } from './apigateway.js';
import type { ApiGatewayV2Data } from './apigatewayv2.js';
import type { CloudFrontData } from './cloudfront.js';
import type { CloudTrailData } from './cloudtrail.js';
import type { CloudWatchData } from './cloudwatch.js';
import type { CognitoData } from './cognito.js';
import type { ConfigData, ConfigRegionsData } from './config.js';
import type { DaxData } from './dax.js';
import type { DynamoDbData } from './dynamodb.js';
import type { EbsData } from './ebs.js';
import type { Ec2Data } from './ec2.js';
import type { EfsData } from './efs.js';
import type { ElbData } from './elb.js';
import type { Elbv2Data } from './elbv2.js';
import type { EventBridgeData } from './eventbridge.js';
import type { GuardDutyData } from './guardduty.js';
import type { IamData } from './iam.js';
import type { InspectorData } from './inspector.js';
import type { KmsData } from './kms.js';
import type { LambdaData } from './lambda.js';
import type { LogsData } from './logs.js';
import type { MacieData } from './macie.js';
import type { MacieSessionsData } from './maciesessions.js';
import type { MacieProfilesData } from './macieprofiles.js';
import type { OpenSearchData } from './opensearch.js';
import type { OrganizationsData } from './organizations.js';
import type { RdsData } from './rds.js';
import type { RedshiftData } from './redshift.js';
import type { S3Data } from './s3.js';
import type { SageMakerData } from './sagemaker.js';
import type { SecretsManagerData } from './secretsmanager.js';
import type { SecurityHubData } from './securityhub.js';
import type { SnsData } from './sns.js';
import type { SqsData } from './sqs.js';
import type { SsmData } from './ssm.js';
import type { Collector, CollectorScope } from './types.js';
import type { VpnData } from './vpn.js';
import type { Wafv2Data } from './wafv2.js';

/** What each collector puts on the snapshot, by collector id. */
export interface CollectorData {
  accessanalyzer: AccessAnalyzerData;
  account: AccountData;
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
  maciesessions: MacieSessionsData;
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
  vpn: VpnData;
  wafv2: Wafv2Data;
  ssm: SsmData;
  backup: BackupData;
  configregions: ConfigRegionsData;
  macieprofiles: MacieProfilesData;
}

export type CollectorId = keyof CollectorData;

/**
 * A collector as the registry knows it before it is loaded: where it runs, and how to load it. Each
 * collector module imports its AWS SDK client(s), which are large (EC2's alone is ~29 MB), so a module
 * is loaded only when a scan runs a check that needs it; a process that scans nothing (ROLE=web, the
 * policy command) loads none.
 */
export interface CollectorEntry<D> {
  /** Must equal the collector's own `scope` (the collectors test checks it). */
  scope: CollectorScope;
  load: () => Promise<Collector<D>>;
}

/**
 * Every collector, by id: one line each, `id: { scope, load: async () => (await import('./file.js')).xCollector }`,
 * plus its data type in {@link CollectorData}. Import only types from collector modules here: a value
 * import would load the SDK client into every process again. The registry test checks that every
 * check's `needs` is in here.
 */
export const COLLECTORS: { [K in CollectorId]: CollectorEntry<CollectorData[K]> } = {
  accessanalyzer: { scope: 'region', load: async () => (await import('./accessanalyzer.js')).accessanalyzerCollector },
  account: { scope: 'account', load: async () => (await import('./account.js')).accountCollector },
  acm: { scope: 'region', load: async () => (await import('./acm.js')).acmCollector },
  apigateway: { scope: 'region', load: async () => (await import('./apigateway.js')).apigatewayCollector },
  apigatewayv2: { scope: 'region', load: async () => (await import('./apigatewayv2.js')).apigatewayv2Collector },
  cloudfront: { scope: 'account', load: async () => (await import('./cloudfront.js')).cloudfrontCollector },
  cloudtrail: { scope: 'account', load: async () => (await import('./cloudtrail.js')).cloudtrailCollector },
  cloudwatch: { scope: 'account', load: async () => (await import('./cloudwatch.js')).cloudwatchCollector },
  cognito: { scope: 'region', load: async () => (await import('./cognito.js')).cognitoCollector },
  config: { scope: 'region', load: async () => (await import('./config.js')).configCollector },
  dax: { scope: 'region', load: async () => (await import('./dax.js')).daxCollector },
  dynamodb: { scope: 'region', load: async () => (await import('./dynamodb.js')).dynamodbCollector },
  ebs: { scope: 'region', load: async () => (await import('./ebs.js')).ebsCollector },
  ec2: { scope: 'region', load: async () => (await import('./ec2.js')).ec2Collector },
  efs: { scope: 'region', load: async () => (await import('./efs.js')).efsCollector },
  elb: { scope: 'region', load: async () => (await import('./elb.js')).elbCollector },
  elbv2: { scope: 'region', load: async () => (await import('./elbv2.js')).elbv2Collector },
  eventbridge: { scope: 'region', load: async () => (await import('./eventbridge.js')).eventbridgeCollector },
  guardduty: { scope: 'region', load: async () => (await import('./guardduty.js')).guarddutyCollector },
  iam: { scope: 'account', load: async () => (await import('./iam.js')).iamCollector },
  inspector: { scope: 'region', load: async () => (await import('./inspector.js')).inspectorCollector },
  kms: { scope: 'region', load: async () => (await import('./kms.js')).kmsCollector },
  lambda: { scope: 'region', load: async () => (await import('./lambda.js')).lambdaCollector },
  logs: { scope: 'region', load: async () => (await import('./logs.js')).logsCollector },
  macie: { scope: 'region', load: async () => (await import('./macie.js')).macieCollector },
  maciesessions: { scope: 'account', load: async () => (await import('./maciesessions.js')).macieSessionsCollector },
  opensearch: { scope: 'region', load: async () => (await import('./opensearch.js')).opensearchCollector },
  organizations: { scope: 'account', load: async () => (await import('./organizations.js')).organizationsCollector },
  rds: { scope: 'region', load: async () => (await import('./rds.js')).rdsCollector },
  redshift: { scope: 'region', load: async () => (await import('./redshift.js')).redshiftCollector },
  s3: { scope: 'account', load: async () => (await import('./s3.js')).s3Collector },
  sagemaker: { scope: 'region', load: async () => (await import('./sagemaker.js')).sagemakerCollector },
  secretsmanager: { scope: 'region', load: async () => (await import('./secretsmanager.js')).secretsmanagerCollector },
  securityhub: { scope: 'region', load: async () => (await import('./securityhub.js')).securityhubCollector },
  sns: { scope: 'region', load: async () => (await import('./sns.js')).snsCollector },
  sqs: { scope: 'region', load: async () => (await import('./sqs.js')).sqsCollector },
  vpn: { scope: 'region', load: async () => (await import('./vpn.js')).vpnCollector },
  wafv2: { scope: 'region', load: async () => (await import('./wafv2.js')).wafv2Collector },
  ssm: { scope: 'region', load: async () => (await import('./ssm.js')).ssmCollector },
  backup: { scope: 'region', load: async () => (await import('./backup.js')).backupCollector },
  configregions: { scope: 'account', load: async () => (await import('./config.js')).configRegionsCollector },
  macieprofiles: { scope: 'account', load: async () => (await import('./macieprofiles.js')).macieProfilesCollector },
};

export function isCollectorId(id: string): id is CollectorId {
  return Object.hasOwn(COLLECTORS, id);
}
