import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** No opt-in region is enabled outside `scan.allowedRegions` (the regions that are scanned do not count as allowed). */
export const account_optin_regions_allowed = defineCheck({
  id: 'account_optin_regions_allowed',
  title: 'Only allowed opt-in regions are enabled',
  demands:
    'Every enabled opt-in region is listed in `scan.allowedRegions` (a region you scan is not thereby allowed; with no list, every enabled opt-in region fails).',
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
        const allowed = s.settings.allowedRegions ?? [];
        const enabled = regions.filter((r) => r.optInStatus === 'opted-in').map((r) => r.name);
        const extra = enabled.filter((r) => !allowed.includes(r));
        if (extra.length > 0) {
          const list = allowed.length > 0 ? `scan.allowedRegions (${allowed.join(', ')})` : 'scan.allowedRegions (none configured)';
          return [fail(resource, `Account ${s.accountId} has opt-in regions enabled that are not in ${list}: ${extra.join(', ')}.`)];
        }
        return [
          pass(
            resource,
            enabled.length > 0
              ? `Account ${s.accountId} has only allowed opt-in regions enabled (${enabled.join(', ')}).`
              : `Account ${s.accountId} has no opt-in region enabled${allowed.length > 0 ? '' : ' (no scan.allowedRegions configured, so any enabled opt-in region would fail)'}.`,
          ),
        ];
      }),
    );
  },
});
