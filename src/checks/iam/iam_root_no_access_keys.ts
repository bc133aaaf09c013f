import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** The root user has no active access keys. */
export const iam_root_no_access_keys = defineCheck({
  id: 'iam_root_no_access_keys',
  title: 'Root user has no access keys',
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'critical',
  scope: 'account',
  needs: ['iam'],
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  rationale: 'Root access keys cannot be limited by any policy; whoever holds one controls the whole account and all personal data in it.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'iam', resource, (iam) =>
      fromRead(iam.credentialReport, resource, (rows) => {
        const root = rows.find((r) => r.root);
        if (!root) return [fail(resource, `The credential report of account ${s.accountId} has no root line; treat the root user as unverified.`)];
        const active = root.accessKeys.filter((k) => k.active).length;
        return active > 0
          ? [fail(resource, `The root user of account ${s.accountId} has ${active} active access key(s).`)]
          : [pass(resource, `The root user of account ${s.accountId} has no active access keys.`)];
      }),
    );
  },
});
