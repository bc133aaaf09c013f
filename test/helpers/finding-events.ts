/**
 * EventBridge events as the findings rules deliver them to SQS (the message body is the event), shaped
 * like the services' documented events: GuardDuty's `detail` is the finding in the API's camelCase
 * JSON, Macie's the Macie finding, Security Hub's `detail.findings[]` ASFF.
 */
export const EVENT_ACCOUNT = '111122223333';

type Json = Record<string, unknown>;

function envelope(source: string, detailType: string, detail: Json, over: Json = {}): Json {
  return {
    version: '0',
    id: `evt-${Math.random().toString(16).slice(2, 10)}-0000-0000-0000-000000000000`,
    'detail-type': detailType,
    source,
    account: EVENT_ACCOUNT,
    time: '2026-01-01T00:00:30Z',
    region: 'eu-west-1',
    resources: [],
    detail,
    ...over,
  };
}

const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();

/** A "GuardDuty Finding" event; `detail` fields may be overridden (or removed with `undefined`). */
export function guardDutyEvent(n: number, detail: Json = {}, over: Json = {}): Json {
  const updated = at(n);
  return envelope(
    'aws.guardduty',
    'GuardDuty Finding',
    {
      schemaVersion: '2.0',
      accountId: EVENT_ACCOUNT,
      region: 'eu-west-1',
      partition: 'aws',
      id: `gd${String(n).padStart(6, '0')}`,
      arn: `arn:aws:guardduty:eu-west-1:${EVENT_ACCOUNT}:detector/det-1/finding/gd${String(n).padStart(6, '0')}`,
      type: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom',
      resource: {
        resourceType: 'AccessKey',
        accessKeyDetails: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', principalId: 'AIDAEXAMPLE', userName: 'alice', userType: 'IAMUser' },
      },
      service: {
        serviceName: 'guardduty',
        detectorId: 'det-1',
        action: {
          actionType: 'AWS_API_CALL',
          awsApiCallAction: {
            api: 'ListBuckets',
            serviceName: 's3.amazonaws.com',
            callerType: 'Remote IP',
            remoteIpDetails: { ipAddressV4: '198.51.100.7', country: { countryName: 'Nowhere' }, organization: { asnOrg: 'Example ASN' } },
          },
        },
        resourceRole: 'TARGET',
        eventFirstSeen: updated,
        eventLastSeen: updated,
        archived: false,
        count: 1,
      },
      severity: 8,
      createdAt: updated,
      updatedAt: updated,
      title: `API ListBuckets was invoked from a known malicious IP address (${n}).`,
      description: 'An API was used to access a bucket from a known malicious IP address.',
      ...detail,
    },
    over,
  );
}

/** A "Macie Finding" event. */
export function macieEvent(n: number, detail: Json = {}): Json {
  const updated = at(n);
  return envelope('aws.macie', 'Macie Finding', {
    schemaVersion: '1.0',
    id: `mc${String(n).padStart(6, '0')}`,
    accountId: EVENT_ACCOUNT,
    partition: 'aws',
    region: 'eu-west-1',
    type: 'SensitiveData:S3Object/Personal',
    title: `The S3 object contains personal information (${n}).`,
    description: 'The object contains personal information such as full names or mailing addresses.',
    severity: { score: 2, description: 'Medium' },
    createdAt: updated,
    updatedAt: updated,
    count: 1,
    category: 'CLASSIFICATION',
    archived: false,
    resourcesAffected: {
      s3Bucket: { name: 'customer-exports', publicAccess: { effectivePermission: 'NOT_PUBLIC' } },
      s3Object: { key: `exports/${n}.csv`, publicAccess: false },
    },
    classificationDetails: { result: { sensitiveData: [{ category: 'PERSONAL_INFORMATION', totalCount: 42 }] } },
    ...detail,
  });
}

/** One ASFF finding (Inspector by default). */
export function asffFinding(n: number, over: Json = {}): Json {
  const updated = at(n);
  return {
    SchemaVersion: '2018-10-08',
    Id: `arn:aws:inspector2:eu-west-1:${EVENT_ACCOUNT}:finding/${String(n).padStart(32, '0')}`,
    ProductArn: 'arn:aws:securityhub:eu-west-1::product/aws/inspector',
    ProductName: 'Inspector',
    CompanyName: 'Amazon',
    Region: 'eu-west-1',
    GeneratorId: 'AWSInspector',
    AwsAccountId: EVENT_ACCOUNT,
    Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
    FirstObservedAt: updated,
    LastObservedAt: updated,
    CreatedAt: updated,
    UpdatedAt: updated,
    Severity: { Label: 'HIGH', Normalized: 70 },
    Title: `CVE-2026-${1000 + n} - openssl`,
    Description: 'A flaw in openssl allows a remote attacker to read memory.',
    Remediation: { Recommendation: { Text: 'Update openssl.' } },
    Resources: [
      { Type: 'AwsEc2Instance', Id: `arn:aws:ec2:eu-west-1:${EVENT_ACCOUNT}:instance/i-${String(n).padStart(8, '0')}`, Partition: 'aws', Region: 'eu-west-1' },
    ],
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
    ...over,
  };
}

/** A "Security Hub Findings - Imported" event carrying `findings`. */
export function securityHubEvent(findings: Json[], over: Json = {}): Json {
  return envelope('aws.securityhub', 'Security Hub Findings - Imported', { findings }, over);
}

export const body = (event: Json): string => JSON.stringify(event);
