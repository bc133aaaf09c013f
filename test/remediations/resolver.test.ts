import { describe, expect, it } from 'vitest';
import type { ScanMeta, StoredResult } from '../../src/checks/store.js';
import type { CheckStatus } from '../../src/checks/types.js';
import { parseConfig } from '../../src/config/load.js';
import { StoredResultFixResolver } from '../../src/remediations/resolver.js';

const SELF = '111122223333';
const MEMBER = '444455556666';
const ORG_MEMBER = '777788889999';
const MEMBER_ROLE = `arn:aws:iam::${MEMBER}:role/GdprBotScanner`;

function result(checkId: string, accountId: string, region: string, resource: string, status: CheckStatus, message = `${resource} is ${status}`): StoredResult {
  return { checkId, accountId, region, resource, status, message, scanId: 'scan-1', at: '2025-01-01T00:00:00.000Z' };
}

const RESULTS: StoredResult[] = [
  result('ebs_default_encryption', SELF, 'eu-west-1', `${SELF}/eu-west-1`, 'fail'),
  result('ebs_default_encryption', SELF, 'eu-central-1', `${SELF}/eu-central-1`, 'pass'),
  result('ebs_default_encryption', MEMBER, 'eu-west-1', `${MEMBER}/eu-west-1`, 'fail'),
  result('ebs_default_encryption', ORG_MEMBER, 'eu-west-1', `${ORG_MEMBER}/eu-west-1`, 'fail'),
  result('s3_bucket_tls_only', SELF, 'global', 'arn:aws:s3:::logs', 'fail'),
  result('s3_bucket_tls_only', SELF, 'global', 'arn:aws:s3:::data', 'fail'),
  result('s3_bucket_tls_only', SELF, 'global', 'arn:aws:s3:::web', 'error', 'Could not check arn:aws:s3:::web: AccessDenied on s3:GetBucketPolicy.'),
  result('cloudtrail_log_file_validation', SELF, 'global', `arn:aws:cloudtrail:us-east-1:${SELF}:trail/main`, 'fail'),
  result('kms_customer_keys_rotation', MEMBER, 'eu-west-1', `arn:aws:kms:eu-west-1:${MEMBER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, 'fail'),
  result('iam_user_access_keys_rotated', SELF, 'global', `arn:aws:iam::${SELF}:user/alice`, 'fail'),
  result('s3_account_public_access_blocked', SELF, 'global', `arn:aws:iam::${SELF}:root`, 'fail'),
];

function resolver(config: Record<string, unknown> = {}, results = RESULTS) {
  const cfg = parseConfig({ scan: { accounts: [{ id: MEMBER, roleArn: MEMBER_ROLE }], ...config } });
  const meta = { accounts: [SELF, MEMBER, ORG_MEMBER] } as ScanMeta;
  return new StoredResultFixResolver({ latest: () => Promise.resolve(results), lastScan: () => Promise.resolve(meta) }, cfg);
}

describe('the fix resolver (stored results, never AWS)', () => {
  it('builds the target of a regional fix from the exact result a Fix button names', async () => {
    expect(await resolver().resolve({ checkId: 'ebs_default_encryption', accountId: SELF, region: 'eu-west-1', resource: `${SELF}/eu-west-1` })).toEqual({
      remediationId: 'ebs-enable-default-encryption',
      target: { accountId: SELF, region: 'eu-west-1' },
    });
  });

  it('reaches member accounts through their scan.accounts role, and organisation accounts through organizationRole', async () => {
    expect(await resolver().resolve({ checkId: 'ebs_default_encryption', accountId: MEMBER, region: 'eu-west-1', resource: `${MEMBER}/eu-west-1` })).toEqual({
      remediationId: 'ebs-enable-default-encryption',
      target: { accountId: MEMBER, roleArn: MEMBER_ROLE, region: 'eu-west-1' },
    });
    const org = await resolver({ organization: true, organizationRole: 'OrgScanner' }).resolve({
      checkId: 'ebs_default_encryption',
      accountId: ORG_MEMBER,
      region: 'eu-west-1',
    });
    expect(org).toEqual({
      remediationId: 'ebs-enable-default-encryption',
      target: { accountId: ORG_MEMBER, roleArn: `arn:aws:iam::${ORG_MEMBER}:role/OrgScanner`, region: 'eu-west-1' },
    });
    // The bot's own account is never reached through a role.
    const own = await resolver({ organization: true }).resolve({ checkId: 'ebs_default_encryption', accountId: SELF, region: 'eu-west-1' });
    expect(own).toEqual({ remediationId: 'ebs-enable-default-encryption', target: { accountId: SELF, region: 'eu-west-1' } });
  });

  it('accepts short names from /gdpr fix (bucket, key id, region) and takes the region from an ARN', async () => {
    expect(await resolver().resolve({ checkId: 's3_bucket_tls_only', resource: 'logs' })).toEqual({
      remediationId: 's3-bucket-tls-only',
      target: { accountId: SELF, resource: 'arn:aws:s3:::logs' },
    });
    expect(await resolver().resolve({ checkId: 'kms_customer_keys_rotation', resource: '1234abcd-12ab-34cd-56ef-1234567890ab' })).toEqual({
      remediationId: 'kms-enable-key-rotation',
      target: {
        accountId: MEMBER,
        roleArn: MEMBER_ROLE,
        region: 'eu-west-1',
        resource: `arn:aws:kms:eu-west-1:${MEMBER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      },
    });
    expect(await resolver().resolve({ checkId: 'cloudtrail_log_file_validation' })).toEqual({
      remediationId: 'cloudtrail-enable-log-validation',
      target: { accountId: SELF, region: 'us-east-1', resource: `arn:aws:cloudtrail:us-east-1:${SELF}:trail/main` },
    });
    expect(await resolver().resolve({ checkId: 's3_account_public_access_blocked' })).toEqual({
      remediationId: 's3-account-block-public-access',
      target: { accountId: SELF },
    });
  });

  it('asks which one when several resources fail, and says so when a result could not be checked', async () => {
    const many = await resolver().resolve({ checkId: 's3_bucket_tls_only' });
    expect(many).toEqual({
      error: expect.stringMatching(
        /fails for 2 resources; name one with \/gdpr fix s3_bucket_tls_only <resource>, e\.g\. arn:aws:s3:::logs, arn:aws:s3:::data/,
      ) as unknown,
    });
    const unreadable = await resolver().resolve({ checkId: 's3_bucket_tls_only', resource: 'web' });
    expect(unreadable).toEqual({ error: expect.stringMatching(/the last scan could not check arn:aws:s3:::web \(.*AccessDenied/) as unknown });
  });

  it('refuses clearly: unknown check, no fix, no stored result, passes now, unknown resource', async () => {
    const r = resolver();
    expect(await r.resolve({ checkId: 'no_such_check' })).toEqual({ error: expect.stringMatching(/there is no check called no_such_check/) as unknown });
    expect(await r.resolve({ checkId: 'iam_root_mfa_enabled' })).toEqual({ error: expect.stringMatching(/has no automatic fix/) as unknown });
    expect(await r.resolve({ checkId: 'guardduty_enabled' })).toEqual({
      error: 'there is no stored result for guardduty_enabled; run /gdpr scan guardduty_enabled first',
    });
    expect(await r.resolve({ checkId: 'ebs_default_encryption', accountId: SELF, region: 'eu-central-1', resource: `${SELF}/eu-central-1` })).toEqual({
      error: expect.stringMatching(/^ebs_default_encryption passes now for /) as unknown,
    });
    expect(await r.resolve({ checkId: 'ebs_default_encryption', resource: 'ap-south-1' })).toEqual({
      error: expect.stringMatching(/no stored result of ebs_default_encryption for ap-south-1/) as unknown,
    });
  });

  it('builds a key selector from the check and the configured thresholds for the Fix button of the access key checks', async () => {
    const alice = `arn:aws:iam::${SELF}:user/alice`;
    expect(await resolver().resolve({ checkId: 'iam_user_access_keys_rotated', accountId: SELF, region: 'global', resource: alice })).toEqual({
      remediationId: 'iam-deactivate-access-key',
      target: { accountId: SELF, resource: alice, keySelector: { kind: 'older-than', days: 90 } },
    });
    const thresholds = { thresholds: { accessKeyMaxAgeDays: 45, unusedCredentialDays: 30 } };
    expect(await resolver(thresholds).resolve({ checkId: 'iam_user_access_keys_rotated', resource: 'alice' })).toEqual({
      remediationId: 'iam-deactivate-access-key',
      target: { accountId: SELF, resource: alice, keySelector: { kind: 'older-than', days: 45 } },
    });
    const unused = [
      ...RESULTS,
      result('iam_user_unused_credentials', SELF, 'global', alice, 'fail', 'IAM user alice has unused credentials: access key 1 unused for 120 days.'),
    ];
    // The unused-credentials check's fix also judges the console password by the same days.
    expect(await resolver(thresholds, unused).resolve({ checkId: 'iam_user_unused_credentials', resource: 'alice' })).toEqual({
      remediationId: 'iam-remove-unused-credentials',
      target: { accountId: SELF, resource: alice, keySelector: { kind: 'unused-for', days: 30 } },
    });
  });

  it('resolves a failure that is only about an unused console password to the fix that removes it', async () => {
    const alice = `arn:aws:iam::${SELF}:user/alice`;
    const passwordOnly = [
      ...RESULTS,
      result('iam_user_unused_credentials', SELF, 'global', alice, 'fail', `IAM user alice (${alice}) has unused credentials: password unused for 200 days.`),
    ];
    const expected = {
      remediationId: 'iam-remove-unused-credentials',
      target: { accountId: SELF, resource: alice, keySelector: { kind: 'unused-for', days: 90 } },
    };
    expect(await resolver({}, passwordOnly).resolve({ checkId: 'iam_user_unused_credentials', resource: 'alice' })).toEqual(expected);
    expect(await resolver({}, passwordOnly).resolve({ checkId: 'iam_user_unused_credentials', accountId: SELF, region: 'global', resource: alice })).toEqual(
      expected,
    );
  });

  it('an explicit key id on iam_user_unused_credentials means exactly that key: iam-deactivate-access-key, no selector, no password', async () => {
    const alice = `arn:aws:iam::${SELF}:user/alice`;
    const both = [
      ...RESULTS,
      result(
        'iam_user_unused_credentials',
        SELF,
        'global',
        alice,
        'fail',
        `IAM user alice (${alice}) has unused credentials: password unused for 200 days, access key 1 unused for 120 days.`,
      ),
    ];
    expect(await resolver({}, both).resolve({ checkId: 'iam_user_unused_credentials', resource: 'alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' })).toEqual({
      remediationId: 'iam-deactivate-access-key',
      target: { accountId: SELF, resource: alice, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    });
    // An invalid key id is refused by that fix, not silently turned into a selection.
    expect(await resolver({}, both).resolve({ checkId: 'iam_user_unused_credentials', resource: 'alice', accessKeyId: 'not-a-key' })).toEqual({
      error: expect.stringMatching(/^this fix needs the access key id; scans do not record key ids/) as unknown,
    });
  });

  it('selects every active key for a console user with keys, from the Fix button or /gdpr fix <check> <user>', async () => {
    const bob = `arn:aws:iam::${SELF}:user/bob`;
    const consoleUser = [
      ...RESULTS,
      result('iam_user_console_users_without_keys', SELF, 'global', bob, 'fail', `Console user bob (${bob}) also has 2 active access key(s).`),
    ];
    const expected = { remediationId: 'iam-deactivate-access-key', target: { accountId: SELF, resource: bob, keySelector: { kind: 'active' } } };
    expect(
      await resolver({}, consoleUser).resolve({ checkId: 'iam_user_console_users_without_keys', accountId: SELF, region: 'global', resource: bob }),
    ).toEqual(expected);
    expect(await resolver({}, consoleUser).resolve({ checkId: 'iam_user_console_users_without_keys', resource: 'bob' })).toEqual(expected);
  });

  it('keeps the explicit key id from /gdpr fix (no selector then), for every access key check', async () => {
    expect(await resolver().resolve({ checkId: 'iam_user_access_keys_rotated', resource: 'alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' })).toEqual({
      remediationId: 'iam-deactivate-access-key',
      target: { accountId: SELF, resource: `arn:aws:iam::${SELF}:user/alice`, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    });
    const bob = `arn:aws:iam::${SELF}:user/bob`;
    const consoleUser = [...RESULTS, result('iam_user_console_users_without_keys', SELF, 'global', bob, 'fail')];
    expect(
      await resolver({}, consoleUser).resolve({ checkId: 'iam_user_console_users_without_keys', resource: 'bob', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }),
    ).toEqual({
      remediationId: 'iam-deactivate-access-key',
      target: { accountId: SELF, resource: bob, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    });
  });
});
