import { afterEach, describe, expect, it } from 'vitest';
import { mockSyntheticAccount, scanSynthetic, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

const IDS = [
  'iam_user_two_active_access_key',
  'iam_account_federated_identity_provider',
  'kms_cmk_not_deleted_unintentionally',
  'kms_key_policy_no_full_access_except_root',
];

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

async function results(misconfigured: boolean) {
  const m = mockSyntheticAccount({ users: 5, keys: 3, pageSize: 2, misconfigured });
  restore = m.restore;
  return { results: await scanSynthetic(IDS), counter: m.counter };
}

describe('the synthetic account and the access key, federation and KMS key checks', () => {
  it('compliant: every one passes, with no error, after one ListSAMLProviders and one ListOpenIDConnectProviders', async () => {
    const { results: r, counter } = await results(false);
    for (const id of IDS) {
      const mine = r.filter((x) => x.checkId === id);
      expect(mine.length, id).toBeGreaterThan(0);
      expect(
        mine.filter((x) => x.status !== 'pass'),
        id,
      ).toEqual([]);
    }
    expect(r.find((x) => x.checkId === 'iam_account_federated_identity_provider')!.message).toContain('IAM Identity Center');
    expect(counter.byCommand.get('iam:ListSAMLProviders')).toBe(1);
    expect(counter.byCommand.get('iam:ListOpenIDConnectProviders')).toBe(1);
  });

  it('misconfigured: each one fails, on the resource that is wrong', async () => {
    const { results: r } = await results(true);
    const failed = (id: string) => r.filter((x) => x.checkId === id && x.status === 'fail');
    expect(failed('iam_user_two_active_access_key').map((x) => x.resource)).toEqual([`arn:aws:iam::${SYNTHETIC_ACCOUNT_ID}:user/user-0001`]);
    const federation = failed('iam_account_federated_identity_provider');
    expect(federation).toHaveLength(1);
    expect(federation[0]!.message).toContain('3 IAM user(s) sign in with a console password');
    expect(federation[0]!.message).toContain('token.actions.githubusercontent.com');
    expect(failed('kms_cmk_not_deleted_unintentionally').map((x) => x.resource)).toEqual([`arn:aws:kms:eu-west-1:${SYNTHETIC_ACCOUNT_ID}:key/key-0002`]);
    const policy = failed('kms_key_policy_no_full_access_except_root');
    expect(policy.map((x) => x.resource)).toEqual([`arn:aws:kms:eu-west-1:${SYNTHETIC_ACCOUNT_ID}:key/key-0000`]);
    expect(policy[0]!.message).toContain(`arn:aws:iam::${SYNTHETIC_ACCOUNT_ID}:role/admin`);
    expect(r.filter((x) => x.status === 'error')).toEqual([]);
  });
});
