import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** No opt-in region is enabled outside the allowed list. */
export const account_optin_regions_allowed = defineCheck({
  id: 'account_optin_regions_allowed',
  title: 'Only allowed opt-in regions are enabled',
  actionItem: 5,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'low',
  scope: 'account',
  needs: ['account'],
  permissions: ['ec2:DescribeRegions'],
  rationale: 'Regions nobody uses are regions nobody watches; disabling them shrinks where personal data can end up.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'account', resource, (acct) =>
      fromRead(acct.regions, resource, (regions) => {
        const allowed = new Set([...s.settings.allowedRegions, ...s.regions]);
        const extra = regions.filter((r) => r.optInStatus === 'opted-in' && !allowed.has(r.name)).map((r) => r.name);
        return extra.length > 0
          ? [fail(resource, `Account ${s.accountId} has opt-in regions enabled outside the allowed list: ${extra.join(', ')}.`)]
          : [pass(resource, `Account ${s.accountId} has no opt-in regions enabled outside the allowed list.`)];
      }),
    );
  },
});
