import {
  DescribeBucketsCommand,
  GetAdministratorAccountCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetFindingsCommand,
  GetMacieSessionCommand,
  ListAutomatedDiscoveryAccountsCommand,
  ListFindingsCommand,
  Macie2Client,
} from '@aws-sdk/client-macie2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MACIE_MAX_EMPTY_PAGES, macieCollector } from '../../src/aws/collectors/macie.js';
import { macie_automated_discovery } from '../../src/checks/macie/macie_automated_discovery.js';
import { macie_enabled } from '../../src/checks/macie/macie_enabled.js';
import { macie_no_stale_sensitive_data_findings } from '../../src/checks/macie/macie_no_stale_sensitive_data_findings.js';
import { macie_sensitive_bucket_kms_encrypted } from '../../src/checks/macie/macie_sensitive_bucket_kms_encrypted.js';
import { macieSessionsCollector } from '../../src/aws/collectors/maciesessions.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';

const macie = mockClient(Macie2Client);
afterEach(() => macie.reset());
// No open sensitive-data findings unless a test says otherwise.
beforeEach(() => {
  macie.on(ListFindingsCommand).resolves({ findingIds: [] });
  macie.on(DescribeBucketsCommand).resolves({ buckets: [] });
});

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });
/** What Macie answers when it is not enabled in the account and region. */
const NOT_ENABLED = () => awsError('AccessDeniedException', 'Macie is not enabled.');

async function judge(region = 'eu-west-1') {
  const { data, calls } = await collectIn(macieCollector, region);
  const s = { ...compliantSnapshot(), region };
  s.data.macie = data;
  return { data, calls, enabled: macie_enabled.evaluate(s)[0]!, discovery: macie_automated_discovery.evaluate(s)[0]! };
}

describe('the Macie collector', () => {
  it('reads "Macie is not enabled" as off (a fail), without calling the discovery APIs', async () => {
    macie.on(GetMacieSessionCommand).rejects(NOT_ENABLED());
    const { data, calls, enabled, discovery } = await judge();
    expect(data).toEqual({
      session: { ok: true, value: null },
      automatedDiscovery: { ok: true, value: null },
      oldestSensitiveFinding: { ok: true, value: null },
      buckets: { ok: true, value: null },
    });
    expect(calls).toEqual(['macie2:GetMacieSession']);
    expect(enabled.status).toBe('fail');
    expect(discovery.status).toBe('fail');
  });

  it('reads any other AccessDeniedException as an error naming the call, even when its message mentions "not enabled" elsewhere', async () => {
    for (const message of [
      'User: arn:aws:sts::123456789012:assumed-role/scanner/s is not authorized to perform: macie2:GetMacieSession because no identity-based policy allows the macie2:GetMacieSession action',
      'User is not authorized to perform: macie2:GetMacieSession with an explicit deny in a service control policy (region not enabled for this OU)',
    ]) {
      macie.reset();
      macie.on(ListFindingsCommand).resolves({ findingIds: [] });
      macie.on(GetMacieSessionCommand).rejects(awsError('AccessDeniedException', message));
      macie.on(GetAdministratorAccountCommand).resolves({});
      macie.on(GetAutomatedDiscoveryConfigurationCommand).resolves({ status: 'ENABLED' });
      const { enabled, discovery } = await judge();
      expect(enabled.status).toBe('error');
      expect(enabled.message).toContain('AccessDeniedException on macie2:GetMacieSession');
      expect(discovery.status).toBe('error');
    }
  });

  it("reads a standalone account's configuration in each region; PAUSED Macie fails both checks even with discovery ENABLED", async () => {
    const regions: string[] = [];
    macie.on(GetMacieSessionCommand).callsFake(async (_input: unknown, getClient) => {
      const region = await regionOf(getClient);
      regions.push(region);
      return { status: region === 'eu-west-1' ? 'ENABLED' : 'PAUSED' };
    });
    macie.on(GetAdministratorAccountCommand).resolves({});
    macie.on(GetAutomatedDiscoveryConfigurationCommand).resolves({ status: 'ENABLED', autoEnableOrganizationMembers: 'NONE' });
    const west = await judge('eu-west-1');
    expect(west.calls).toEqual([
      'macie2:GetMacieSession',
      'macie2:GetAdministratorAccount',
      'macie2:GetAutomatedDiscoveryConfiguration',
      'macie2:ListFindings',
      'macie2:DescribeBuckets',
    ]);
    expect([west.enabled.status, west.discovery.status]).toEqual(['pass', 'pass']);
    const paris = await judge('eu-west-3');
    expect([paris.enabled.status, paris.discovery.status]).toEqual(['fail', 'fail']);
    expect(paris.discovery.message).toContain('PAUSED');
    expect(regions).toEqual(['eu-west-1', 'eu-west-3']);
    expect(macie.commandCalls(ListAutomatedDiscoveryAccountsCommand)).toHaveLength(0);
  });

  it("reads a member account's own status from ListAutomatedDiscoveryAccounts, asking for this account id", async () => {
    macie.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' });
    macie.on(GetAdministratorAccountCommand).resolves({ administrator: { accountId: '210987654321', relationshipStatus: 'Enabled' } });
    macie
      .on(GetAutomatedDiscoveryConfigurationCommand)
      .rejects(awsError('AccessDeniedException', 'Only the Macie administrator or a standalone account can do this'));
    macie.on(ListAutomatedDiscoveryAccountsCommand).resolves({ items: [{ accountId: TEST_ACCOUNT, status: 'DISABLED' }] });
    let r = await judge();
    expect(macie.commandCalls(ListAutomatedDiscoveryAccountsCommand)[0]!.args[0].input).toEqual({ accountIds: [TEST_ACCOUNT] });
    expect(macie.commandCalls(GetAutomatedDiscoveryConfigurationCommand)).toHaveLength(0);
    expect(r.data.automatedDiscovery).toEqual({ ok: true, value: { status: 'DISABLED', administrator: '210987654321' } });
    expect(r.discovery.status).toBe('fail');
    expect(r.discovery.message).toContain('210987654321');

    macie.on(ListAutomatedDiscoveryAccountsCommand).resolves({ items: [{ accountId: TEST_ACCOUNT, status: 'ENABLED' }] });
    r = await judge();
    expect(r.discovery.status).toBe('pass');

    macie.on(ListAutomatedDiscoveryAccountsCommand).resolves({ items: [] });
    r = await judge();
    expect(r.discovery.status).toBe('fail');
  });

  it('treats an administrator relationship that ended (Removed) as a standalone account', async () => {
    macie.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' });
    macie.on(GetAdministratorAccountCommand).resolves({ administrator: { accountId: '210987654321', relationshipStatus: 'Removed' } });
    macie.on(GetAutomatedDiscoveryConfigurationCommand).resolves({ status: 'DISABLED' });
    const r = await judge();
    expect(r.data.automatedDiscovery).toEqual({ ok: true, value: { status: 'DISABLED' } });
    expect(r.discovery.status).toBe('fail');
  });

  it('asks for the oldest open sensitive-data finding (archived false, category CLASSIFICATION, createdAt ascending) and dates it with GetFindings', async () => {
    macie.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' });
    macie.on(GetAdministratorAccountCommand).resolves({});
    macie.on(GetAutomatedDiscoveryConfigurationCommand).resolves({ status: 'ENABLED' });
    const lists: unknown[] = [];
    macie.on(ListFindingsCommand).callsFake(async (input: { nextToken?: string }) => {
      lists.push(input);
      return input.nextToken ? { findingIds: ['f-old'], nextToken: 'more' } : { findingIds: [], nextToken: 't1' };
    });
    macie.on(GetFindingsCommand).resolves({
      findings: [
        {
          id: 'f-old',
          type: 'SensitiveData:S3Object/Personal',
          category: 'CLASSIFICATION',
          createdAt: new Date('2026-03-01T10:00:00Z'),
          severity: { description: 'High', score: 3 },
          resourcesAffected: { s3Bucket: { name: 'customer-exports' } },
        },
      ],
    });
    const { data } = await collectIn(macieCollector, 'eu-west-1');
    expect(lists[0]).toMatchObject({
      findingCriteria: { criterion: { archived: { eq: ['false'] }, category: { eq: ['CLASSIFICATION'] } } },
      sortCriteria: { attributeName: 'createdAt', orderBy: 'ASC' },
      maxResults: 1,
    });
    expect(lists).toHaveLength(2);
    expect(data.oldestSensitiveFinding).toEqual({
      ok: true,
      value: { id: 'f-old', type: 'SensitiveData:S3Object/Personal', createdAt: '2026-03-01T10:00:00.000Z', bucket: 'customer-exports', severity: 'High' },
    });
    const s = compliantSnapshot();
    s.data.macie = data;
    const [f] = macie_no_stale_sensitive_data_findings.evaluate(s);
    expect(f!.status).toBe('fail');
    expect(f!.message).toContain('open for 91 days (more than 30)');
  });

  it('stops after a bounded number of empty ListFindings pages (an error, not a pass), and records a denied ListFindings', async () => {
    macie.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' });
    macie.on(GetAdministratorAccountCommand).resolves({});
    macie.on(GetAutomatedDiscoveryConfigurationCommand).resolves({ status: 'ENABLED' });
    macie.on(ListFindingsCommand).callsFake(async (input: { nextToken?: string }) => ({ findingIds: [], nextToken: `${input.nextToken ?? ''}x` }));
    const { data } = await collectIn(macieCollector, 'eu-west-1');
    expect(macie.commandCalls(ListFindingsCommand)).toHaveLength(MACIE_MAX_EMPTY_PAGES);
    const s = compliantSnapshot();
    s.data.macie = data;
    expect(macie_no_stale_sensitive_data_findings.evaluate(s)[0]!.status).toBe('error');

    macie.on(ListFindingsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: macie2:ListFindings'));
    const denied = await collectIn(macieCollector, 'eu-west-1');
    expect(denied.data.oldestSensitiveFinding.ok ? undefined : denied.data.oldestSensitiveFinding.error).toMatchObject({
      call: 'macie2:ListFindings',
      kind: 'denied',
    });
  });

  it("reads every page of DescribeBuckets: score, encryption type and owner; a sensitive SSE-S3 bucket on page 2 fails, a member account's bucket is not judged", async () => {
    macie.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' });
    macie.on(GetAdministratorAccountCommand).resolves({});
    macie.on(GetAutomatedDiscoveryConfigurationCommand).resolves({ status: 'ENABLED' });
    macie.on(DescribeBucketsCommand, { nextToken: undefined }).resolves({
      buckets: [
        {
          bucketName: 'crm-exports',
          accountId: TEST_ACCOUNT,
          region: 'eu-west-1',
          sensitivityScore: 91,
          serverSideEncryption: { type: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k' },
        },
        { bucketName: 'member-dump', accountId: '210987654321', region: 'eu-west-1', sensitivityScore: 99, serverSideEncryption: { type: 'NONE' } },
      ],
      nextToken: 'p2',
    });
    macie.on(DescribeBucketsCommand, { nextToken: 'p2' }).resolves({
      buckets: [
        { bucketName: 'hr-scans', accountId: TEST_ACCOUNT, region: 'eu-west-1', sensitivityScore: 50, serverSideEncryption: { type: 'AES256' } },
        { bucketName: 'new-uploads', accountId: TEST_ACCOUNT, region: 'eu-west-1', sensitivityScore: -1, serverSideEncryption: { type: 'AES256' } },
      ],
    });
    const { data, calls } = await collectIn(macieCollector, 'eu-west-1');
    expect(calls.filter((c) => c === 'macie2:DescribeBuckets')).toHaveLength(2);
    expect(data.buckets.ok && data.buckets.value?.map((b) => [b.name, b.sensitivityScore, b.encryption])).toEqual([
      ['crm-exports', 91, 'aws:kms'],
      ['member-dump', 99, 'NONE'],
      ['hr-scans', 50, 'AES256'],
      ['new-uploads', -1, 'AES256'],
    ]);
    const s = compliantSnapshot();
    s.accountId = TEST_ACCOUNT;
    s.data.macie = data;
    const byBucket = Object.fromEntries(macie_sensitive_bucket_kms_encrypted.evaluate(s).map((f) => [f.resource, f.status]));
    expect(byBucket).toEqual({ 'arn:aws:s3:::crm-exports': 'pass', 'arn:aws:s3:::hr-scans': 'fail', 'arn:aws:s3:::new-uploads': 'error' });
  });

  it('reads DescribeBuckets denied as an error of the sensitive-bucket check, never a pass', async () => {
    macie.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' });
    macie.on(GetAdministratorAccountCommand).resolves({});
    macie.on(GetAutomatedDiscoveryConfigurationCommand).resolves({ status: 'ENABLED' });
    macie.on(DescribeBucketsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: macie2:DescribeBuckets'));
    const { data } = await collectIn(macieCollector, 'eu-west-1');
    const s = { ...compliantSnapshot(), data: { ...compliantSnapshot().data, macie: data } };
    const findings = macie_sensitive_bucket_kms_encrypted.evaluate(s);
    expect(findings.map((f) => f.status)).toEqual(['error']);
    expect(findings[0]!.message).toContain('macie2:DescribeBuckets');
  });
});

describe('the Macie sessions collector (account-wide)', () => {
  it('reads GetMacieSession in every scanned region, "not enabled" as null and a real denial as an error', async () => {
    macie.on(GetMacieSessionCommand).callsFake(async (_input: unknown, getClient) => {
      const region = await regionOf(getClient);
      if (region === 'eu-west-3') throw NOT_ENABLED();
      if (region === 'eu-central-1')
        throw awsError('AccessDeniedException', 'User is not authorized to perform: macie2:GetMacieSession with an explicit deny in a service control policy');
      return { status: region === 'eu-west-1' ? 'ENABLED' : 'PAUSED' };
    });
    const { data } = await collectIn(macieSessionsCollector, 'eu-west-1', ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1']);
    expect(data.byRegion['eu-west-1']).toEqual({ ok: true, value: 'ENABLED' });
    expect(data.byRegion['eu-west-2']).toEqual({ ok: true, value: 'PAUSED' });
    expect(data.byRegion['eu-west-3']).toEqual({ ok: true, value: null });
    expect(data.byRegion['eu-central-1']!.ok).toBe(false);
  });
});
