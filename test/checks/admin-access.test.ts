import { describe, expect, it } from 'vitest';
import type { IamAuthorization } from '../../src/aws/collectors/iam.js';
import { getCheck } from '../../src/checks/registry.js';
import { CheckStatus } from '../../src/checks/types.js';
import { ACCOUNT, snapshotWith } from './fixtures.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const auth = (read: unknown) => (read as { value: IamAuthorization }).value;

describe('iam_policy_no_admin_star', () => {
  it('gives every offending user, group, role and customer managed policy its own failing result, naming it and how', () => {
    const s = snapshotWith((x) => {
      const a = auth(x.data.iam!.authorization);
      a.users[0]!.attachedPolicies.push({ name: 'AdministratorAccess', arn: ADMIN });
      a.groups[0]!.inlinePolicies.push({ name: 'almost-all', document: { Statement: [{ Effect: 'Allow', NotAction: ['s3:*'], Resource: '*' }] } });
      a.roles.push({
        name: 'platform',
        arn: `arn:aws:iam::${ACCOUNT}:role/platform`,
        path: '/',
        trustPolicy: { Statement: [] },
        attachedPolicies: [],
        inlinePolicies: [{ name: 'all-but-one', document: { Statement: [{ Effect: 'Allow', NotAction: 'cloudtrail:DeleteTrail', Resource: '*' }] } }],
      });
      a.policies.push({
        name: 'FullAdmin',
        arn: `arn:aws:iam::${ACCOUNT}:policy/FullAdmin`,
        attachmentCount: 1,
        document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      });
      a.users[1]!.attachedPolicies.push({ name: 'FullAdmin', arn: `arn:aws:iam::${ACCOUNT}:policy/FullAdmin` });
    });
    const failing = getCheck('iam_policy_no_admin_star')!
      .evaluate(s)
      .filter((f) => f.status === CheckStatus.Fail);
    const byResource = Object.fromEntries(failing.map((f) => [f.resource.split(':').pop(), f.message]));
    expect(Object.keys(byResource).sort()).toEqual(['group/analysts', 'policy/FullAdmin', 'role/platform', 'user/alice', 'user/ci-deployer']);
    expect(byResource['user/alice']).toContain('AdministratorAccess');
    expect(byResource['group/analysts']).toContain('almost-all');
    expect(byResource['role/platform']).toContain('all-but-one');
    expect(byResource['user/ci-deployer']).toContain('FullAdmin');
  });
});
