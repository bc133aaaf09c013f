import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Account-level S3 Block Public Access has all four flags on. */
export const s3_account_public_access_blocked = defineCheck({
  id: 's3_account_public_access_blocked',
  title: 'S3 Block Public Access is on for the account',
  demands: 'All four account-level S3 Block Public Access settings are on.',
  actionItem: 1,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'high',
  scope: 'account',
  needs: ['s3'],
  permissions: ['s3:GetAccountPublicAccessBlock'],
  rationale: 'Account-wide Block Public Access stops any bucket, present or future, from being opened to the internet by a policy or ACL.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 's3', resource, (s3) =>
      fromRead(s3.accountPublicAccessBlock, resource, (pab) => {
        if (!pab) return [fail(resource, `Account ${s.accountId} has no account-level S3 Block Public Access configuration.`)];
        const off = Object.entries(pab)
          .filter(([, on]) => !on)
          .map(([flag]) => flag);
        return off.length > 0
          ? [fail(resource, `Account ${s.accountId} has S3 Block Public Access partly off: ${off.join(', ')}.`)]
          : [pass(resource, `Account ${s.accountId} blocks S3 public access with all four settings.`)];
      }),
    );
  },
});
