import { fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** An AWS Config recorder records all resource types in each scanned region. */
export const config_recorder_all_regions = defineCheck({
  id: 'config_recorder_all_regions',
  title: 'AWS Config records in every scanned region',
  actionItem: 7,
  gdpr: ['Art. 30', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['config'],
  permissions: ['config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus'],
  rationale: 'Config is the inventory of the resources that process personal data and the history of how they were configured.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'config', resource, (c) =>
      fromRead(c.recorders, resource, (recorders) => {
        if (recorders.length === 0) return [fail(resource, `No AWS Config recorder in ${s.region} (account ${s.accountId}).`)];
        const good = recorders.find((r) => r.recording && r.allSupported);
        if (good) return [pass(resource, `AWS Config recorder ${good.name} records all resource types in ${s.region} (account ${s.accountId}).`)];
        const r = recorders[0]!;
        return [fail(resource, `AWS Config recorder ${r.name} in ${s.region} (account ${s.accountId}) is ${r.recording ? 'not recording all resource types' : 'not recording'}.`)];
      }),
    );
  },
});
