import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { DEFAULT_SCAN_SETTINGS } from '../../src/aws/collectors/context.js';
import { scanTarget } from '../../src/checks/engine.js';
import { CHECKS } from '../../src/checks/registry.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

async function iamResults(misconfigured: boolean) {
  const m = mockSyntheticAccount({ users: 5, pageSize: 2, misconfigured });
  restore = m.restore;
  const { results } = await scanTarget({
    clients: new AwsClients({ defaultRegion: 'eu-west-1' }),
    accountId: SYNTHETIC_ACCOUNT_ID,
    region: 'eu-west-1',
    home: true,
    regions: ['eu-west-1'],
    settings: DEFAULT_SCAN_SETTINGS,
    checks: CHECKS.filter((c) => c.id.startsWith('iam_')),
    sleep: async () => undefined,
  });
  return results;
}

describe('the synthetic account answers every call of the IAM collector', () => {
  it('compliant by default: roles and groups are read, no IAM check errs, the admin check passes', async () => {
    const results = await iamResults(false);
    expect(results.filter((r) => r.status === 'error')).toEqual([]);
    expect(results.filter((r) => r.checkId === 'iam_policy_no_admin_star' && r.status === 'fail')).toEqual([]);
    expect(results.filter((r) => r.checkId === 'iam_user_unused_credentials' && r.status === 'fail')).toEqual([]);
  });

  it('misconfigured: a role with AdministratorAccess and a group with NotAction s3:* fail, each as its own result', async () => {
    const failed = (await iamResults(true)).filter((r) => r.checkId === 'iam_policy_no_admin_star' && r.status === 'fail');
    expect(failed.map((r) => r.resource).sort()).toEqual([
      `arn:aws:iam::${SYNTHETIC_ACCOUNT_ID}:group/analysts`,
      `arn:aws:iam::${SYNTHETIC_ACCOUNT_ID}:role/app`,
    ]);
    expect(failed.find((r) => r.resource.endsWith('role/app'))!.message).toContain('has the AWS managed AdministratorAccess');
    expect(failed.find((r) => r.resource.endsWith('group/analysts'))!.message).toContain('inline policy almost-all, which allows NotAction `"s3:*"`');
  });
});
