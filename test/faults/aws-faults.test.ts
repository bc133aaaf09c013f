import { BatchGetAccountStatusCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { GetAccountPasswordPolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import type { MetadataBearer } from '@smithy/types';
import type { AwsStub } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { DEFAULT_SCAN_SETTINGS } from '../../src/aws/collectors/context.js';
import { scanTarget } from '../../src/checks/engine.js';
import { CHECKS } from '../../src/checks/registry.js';
import { CheckStatus, type CheckResult } from '../../src/checks/types.js';
import { ResultStore } from '../../src/checks/store.js';
import { startTestBot, type TestBot } from '../helpers/bot.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID, type LooseStub } from '../helpers/synthetic-aws.js';

/**
 * AWS answering AccessDenied or throttling for longer than the retries last: every check that needed
 * the missing data reports `error` naming the failing API ("could not check: …"), never `pass` (nor a
 * `fail` or `not_applicable` made up from nothing).
 */

/** An SDK service exception as the SDK builds it: `name` is the AWS error code. */
function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'req-1', attempts: 3, totalRetryDelay: 0 },
    ...extra,
  });
}
const accessDenied = () =>
  sdkError('AccessDeniedException', 'User: arn:aws:sts::111122223333:assumed-role/gdpr-bot/scan is not authorized to perform this operation');
const throttled = () => sdkError('ThrottlingException', 'Rate exceeded', { $retryable: { throttling: true } });

type AnyStub = AwsStub<object, MetadataBearer, unknown>;

/** Every scan of one (account, region) the way the scan-target job runs it, retries kept to one attempt. */
async function scan(home = true): Promise<CheckResult[]> {
  const { results } = await scanTarget({
    clients: new AwsClients({ defaultRegion: 'eu-west-1', maxAttempts: 1 }),
    accountId: SYNTHETIC_ACCOUNT_ID,
    region: 'eu-west-1',
    home,
    regions: ['eu-west-1'],
    settings: DEFAULT_SCAN_SETTINGS,
    checks: CHECKS,
    sleep: () => Promise.resolve(),
  });
  return results;
}

describe('fault: AWS AccessDenied on every collector API', () => {
  let aws: ReturnType<typeof mockSyntheticAccount>;
  const denied: string[] = [];
  beforeAll(() => {
    aws = mockSyntheticAccount({ buckets: 3, users: 3, keys: 2 });
    const sts = aws.stub(STSClient);
    for (const stub of aws.stubs) {
      if (stub === sts) continue;
      (stub as unknown as AnyStub)
        .reset()
        .onAnyCommand()
        .callsFake((input: unknown) => {
          denied.push(JSON.stringify(input));
          throw accessDenied();
        });
    }
  });
  afterAll(() => aws?.restore());

  it('reports every check as an error naming a failing API, none as pass', async () => {
    const results = await scan(true);
    expect(denied.length).toBeGreaterThan(0);
    const checked = new Set(results.map((r) => r.checkId));
    expect([...checked].sort()).toEqual(CHECKS.map((c) => c.id).sort());
    const wrong = results.filter((r) => r.status !== CheckStatus.Error || !/AccessDenied(Exception)? on [a-z0-9-]+:[A-Za-z]+/.test(r.message));
    expect(wrong.map((r) => `${r.checkId}: ${r.status}: ${r.message}`)).toEqual([]);
  });
});

/** APIs that keep answering ThrottlingException, and the check that needs each. */
const THROTTLED: { client: unknown; command: unknown; api: string; check: string }[] = [
  { client: S3Client, command: GetBucketEncryptionCommand, api: 's3:GetEncryptionConfiguration', check: 's3_bucket_default_encryption' },
  { client: KMSClient, command: GetKeyRotationStatusCommand, api: 'kms:GetKeyRotationStatus', check: 'kms_customer_keys_rotation' },
  { client: IAMClient, command: GetAccountPasswordPolicyCommand, api: 'iam:GetAccountPasswordPolicy', check: 'iam_account_password_policy_strong' },
];

function throttle(aws: ReturnType<typeof mockSyntheticAccount>, seen: string[]): void {
  for (const { client, command, api } of THROTTLED) {
    (aws.stub(client) as LooseStub).on(command).callsFake(() => {
      seen.push(api);
      throw throttled();
    });
  }
}

describe('fault: AWS throttling that outlasts the retries on some APIs', () => {
  let aws: ReturnType<typeof mockSyntheticAccount>;
  const seen: string[] = [];
  beforeAll(() => {
    aws = mockSyntheticAccount({ buckets: 3, users: 3, keys: 2 });
  });
  afterAll(() => aws?.restore());

  it('turns exactly the checks that needed the throttled data into errors naming the API', async () => {
    const baseline = await scan(true);
    const healthyErrors = new Set(baseline.filter((r) => r.status === CheckStatus.Error).map((r) => r.checkId));
    throttle(aws, seen);
    const results = await scan(true);
    expect(new Set(seen)).toEqual(new Set(THROTTLED.map((x) => x.api)));
    for (const { api, check } of THROTTLED) {
      const mine = results.filter((r) => r.checkId === check);
      expect(mine.length, check).toBeGreaterThan(0);
      expect(
        baseline.some((r) => r.checkId === check && r.status !== CheckStatus.Error),
        `${check} had a real answer before`,
      ).toBe(true);
      for (const r of mine) {
        expect(r.status, `${check} ${r.resource}`).toBe(CheckStatus.Error);
        expect(r.message).toContain(`ThrottlingException on ${api}`);
      }
    }
    // Every check that needs a throttled API is affected (several read the password policy), and no other.
    const affected = new Set(CHECKS.filter((c) => THROTTLED.some((x) => c.permissions.includes(x.api))).map((c) => c.id));
    const others = results.filter((r) => !affected.has(r.checkId) && r.status === CheckStatus.Error && !healthyErrors.has(r.checkId));
    expect(others.map((r) => `${r.checkId}: ${r.message}`)).toEqual([]);
  });
});

describe('fault: throttling and AccessDenied during a /gdpr scan through the bot', () => {
  let t: TestBot;
  let aws: ReturnType<typeof mockSyntheticAccount>;
  const channel = 'C0000SCAN';
  beforeAll(async () => {
    aws = mockSyntheticAccount({ buckets: 3, users: 3, keys: 2 });
    throttle(aws, []);
    (aws.stub(Inspector2Client) as LooseStub).on(BatchGetAccountStatusCommand).callsFake(() => {
      throw accessDenied();
    });
    t = await startTestBot({
      config: {
        channels: { approvals: 'C0000APPR', findings: 'C0000FIND', audit: 'C0000AUDT', private: [channel] },
        scan: { regions: ['eu-west-1'], allowedRegions: ['eu-west-1'], schedule: '0 6 * * *' },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    aws?.restore();
  });

  it('/gdpr status shows the unreadable checks as "could not check: <error> on <API>", never as passing', async () => {
    const started = await t.ask('scan', { channel });
    const scanId = /`(scan-[a-z0-9-]+)`/.exec(String(started.text))?.[1];
    expect(scanId, String(started.text)).toBeDefined();
    await t.slack.waitFor(
      () =>
        [...t.slack.callsTo('chat.update'), ...t.slack.callsTo('chat.postMessage')].some(
          (c) =>
            c.args.channel === channel &&
            JSON.stringify(c.args.blocks ?? []).includes('Scan finished') &&
            JSON.stringify(c.args.blocks ?? []).includes(scanId!),
        ),
      'the scan to finish',
      20_000,
    );
    const status = JSON.stringify((await t.ask('status', { channel })).blocks);
    // The status lists the first unreadable checks, each naming its API, and points to Details for the rest.
    const named = THROTTLED.filter(({ api }) => status.includes(`could not check: ThrottlingException on ${api}`));
    expect(named.length).toBeGreaterThan(0);
    if (named.length < THROTTLED.length) expect(status).toMatch(/…and \d+ more \(see \*Details\*\)/);
    // (the denied inspector2:BatchGetAccountStatus is among those behind Details when the list is full)
    if (!status.includes('could not check: AccessDeniedException on inspector2:BatchGetAccountStatus'))
      expect(status).toMatch(/…and \d+ more \(see \*Details\*\)/);
    expect(status).not.toContain('could not check: Could not check');
    expect(status).toMatch(/Checks: \d+ passed · 0 failed · [1-9]\d* could not check/);
    // The stored results agree: every result of a throttled check is an error, none of them passes.
    const results = await new ResultStore(t.bot.services.redis, t.bot.services.keys).latest();
    for (const check of [...THROTTLED.map((x) => x.check), 'inspector_enabled']) {
      const mine = results.filter((r) => r.checkId === check);
      expect(mine.length, check).toBeGreaterThan(0);
      expect(
        mine.every((r) => r.status === CheckStatus.Error),
        check,
      ).toBe(true);
    }
  });
});
