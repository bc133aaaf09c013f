import { afterEach, describe, expect, it } from 'vitest';
import { mockSyntheticAccount, scanSynthetic, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

const IDS = [
  'cognito_user_pool_password_policy_strong',
  'cognito_user_pool_deletion_protection_enabled',
  'config_rule_no_noncompliant_resources',
  'config_recorder_using_aws_service_role',
  'config_global_resources_recorded',
];
const REGIONS = ['eu-west-1', 'eu-central-1'];

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** Scans both regions of the synthetic account (the home one first) with the new checks only. */
async function results(misconfigured: boolean) {
  const m = mockSyntheticAccount({ pageSize: 2, misconfigured });
  restore = m.restore;
  const all = await scanSynthetic(IDS, REGIONS);
  return { results: all, counter: m.counter };
}

describe('the synthetic account and the Cognito password / deletion protection and Config rule / role / IAM recording checks', () => {
  it('compliant: every one passes in every region, no error', async () => {
    const { results: r, counter } = await results(false);
    for (const id of IDS) {
      const mine = r.filter((x) => x.checkId === id);
      expect(mine.length, id).toBeGreaterThan(0);
      expect(
        mine.filter((x) => x.status !== 'pass'),
        id,
      ).toEqual([]);
    }
    // Three rules on two pages, in each of the two regions.
    expect(r.filter((x) => x.checkId === 'config_rule_no_noncompliant_resources')).toHaveLength(6);
    expect(counter.byCommand.get('config:DescribeComplianceByConfigRule')).toBe(4);
    // The account-wide check ran once, on the home snapshot.
    expect(r.filter((x) => x.checkId === 'config_global_resources_recorded').map((x) => x.region)).toEqual(['global']);
  });

  it('misconfigured: each one fails, naming what is wrong', async () => {
    const { results: r } = await results(true);
    const failed = (id: string) => r.filter((x) => x.checkId === id && x.status === 'fail');
    const pool = `arn:aws:cognito-idp:eu-west-1:${SYNTHETIC_ACCOUNT_ID}:userpool/eu-west-1_pool`;
    expect(failed('cognito_user_pool_password_policy_strong').map((x) => x.resource)).toContain(pool);
    expect(failed('cognito_user_pool_password_policy_strong')[0]!.message).toMatch(/minimum length 8.*symbols not required/);
    expect(failed('cognito_user_pool_deletion_protection_enabled').map((x) => x.resource)).toContain(pool);
    const rules = failed('config_rule_no_noncompliant_resources');
    expect(rules.map((x) => x.resource).sort()).toEqual(
      REGIONS.flatMap((region) =>
        ['encrypted-volumes', 's3-bucket-versioning-enabled'].map((n) => `${SYNTHETIC_ACCOUNT_ID}/${region}/config-rule/${n}`),
      ).sort(),
    );
    expect(rules[0]!.message).toContain('2 resource(s)');
    expect(failed('config_recorder_using_aws_service_role')).toHaveLength(2);
    expect(failed('config_recorder_using_aws_service_role')[0]!.message).toContain(`arn:aws:iam::${SYNTHETIC_ACCOUNT_ID}:role/config-recorder`);
    const iam = failed('config_global_resources_recorded');
    expect(iam).toHaveLength(1);
    expect(iam[0]!.message).toContain('includeGlobalResourceTypes off');
    expect(r.filter((x) => IDS.includes(x.checkId) && x.status === 'error')).toEqual([]);
  });
});
