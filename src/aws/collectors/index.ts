import { accessanalyzerCollector, type AccessAnalyzerData } from './accessanalyzer.js';
import { accountCollector, type AccountData } from './account.js';
import { acmCollector, type AcmData } from './acm.js';
import { cloudfrontCollector, type CloudFrontData } from './cloudfront.js';
import { cloudtrailCollector, type CloudTrailData } from './cloudtrail.js';
import { cognitoCollector, type CognitoData } from './cognito.js';
import { configCollector, type ConfigData } from './config.js';
import { dynamodbCollector, type DynamoDbData } from './dynamodb.js';
import { ebsCollector, type EbsData } from './ebs.js';
import { ec2Collector, type Ec2Data } from './ec2.js';
import { efsCollector, type EfsData } from './efs.js';
import { elbv2Collector, type Elbv2Data } from './elbv2.js';
import { eventbridgeCollector, type EventBridgeData } from './eventbridge.js';
import { guarddutyCollector, type GuardDutyData } from './guardduty.js';
import { iamCollector, type IamData } from './iam.js';
import { inspectorCollector, type InspectorData } from './inspector.js';
import { kmsCollector, type KmsData } from './kms.js';
import { logsCollector, type LogsData } from './logs.js';
import { macieCollector, type MacieData } from './macie.js';
import { organizationsCollector, type OrganizationsData } from './organizations.js';
import { rdsCollector, type RdsData } from './rds.js';
import { s3Collector, type S3Data } from './s3.js';
import { secretsmanagerCollector, type SecretsManagerData } from './secretsmanager.js';
import { securityhubCollector, type SecurityHubData } from './securityhub.js';
import { snsCollector, type SnsData } from './sns.js';
import { sqsCollector, type SqsData } from './sqs.js';
import type { Collector } from './types.js';

/** What each collector puts on the snapshot, by collector id. */
export interface CollectorData {
  account: AccountData;
  accessanalyzer: AccessAnalyzerData;
  acm: AcmData;
  cloudfront: CloudFrontData;
  cloudtrail: CloudTrailData;
  cognito: CognitoData;
  config: ConfigData;
  dynamodb: DynamoDbData;
  ebs: EbsData;
  ec2: Ec2Data;
  efs: EfsData;
  elbv2: Elbv2Data;
  eventbridge: EventBridgeData;
  guardduty: GuardDutyData;
  iam: IamData;
  inspector: InspectorData;
  kms: KmsData;
  logs: LogsData;
  macie: MacieData;
  organizations: OrganizationsData;
  rds: RdsData;
  s3: S3Data;
  secretsmanager: SecretsManagerData;
  securityhub: SecurityHubData;
  sns: SnsData;
  sqs: SqsData;
}

export type CollectorId = keyof CollectorData;

/** Every collector, by id. The registry test checks that every check's `needs` is in here. */
export const COLLECTORS: { [K in CollectorId]: Collector<CollectorData[K]> & { id: K } } = {
  account: { ...accountCollector, id: 'account' },
  accessanalyzer: { ...accessanalyzerCollector, id: 'accessanalyzer' },
  acm: { ...acmCollector, id: 'acm' },
  cloudfront: { ...cloudfrontCollector, id: 'cloudfront' },
  cloudtrail: { ...cloudtrailCollector, id: 'cloudtrail' },
  cognito: { ...cognitoCollector, id: 'cognito' },
  config: { ...configCollector, id: 'config' },
  dynamodb: { ...dynamodbCollector, id: 'dynamodb' },
  ebs: { ...ebsCollector, id: 'ebs' },
  ec2: { ...ec2Collector, id: 'ec2' },
  efs: { ...efsCollector, id: 'efs' },
  elbv2: { ...elbv2Collector, id: 'elbv2' },
  eventbridge: { ...eventbridgeCollector, id: 'eventbridge' },
  guardduty: { ...guarddutyCollector, id: 'guardduty' },
  iam: { ...iamCollector, id: 'iam' },
  inspector: { ...inspectorCollector, id: 'inspector' },
  kms: { ...kmsCollector, id: 'kms' },
  logs: { ...logsCollector, id: 'logs' },
  macie: { ...macieCollector, id: 'macie' },
  organizations: { ...organizationsCollector, id: 'organizations' },
  rds: { ...rdsCollector, id: 'rds' },
  s3: { ...s3Collector, id: 's3' },
  secretsmanager: { ...secretsmanagerCollector, id: 'secretsmanager' },
  securityhub: { ...securityhubCollector, id: 'securityhub' },
  sns: { ...snsCollector, id: 'sns' },
  sqs: { ...sqsCollector, id: 'sqs' },
};

export function isCollectorId(id: string): id is CollectorId {
  return Object.hasOwn(COLLECTORS, id);
}
