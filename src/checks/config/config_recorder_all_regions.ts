import type { ConfigRecorder } from '../../aws/collectors/config.js';
import { fail, fromRead, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Why a (customer-managed) recorder does not record every resource type, or `undefined` when it does. */
function partialRecording(r: ConfigRecorder): string | undefined {
  if (r.strategy === 'EXCLUSION_BY_RESOURCE_TYPES') {
    return r.excludedTypes.length > 0
      ? `excludes ${r.excludedTypes.length} resource type(s) (${r.excludedTypes.slice(0, 5).join(', ')}${r.excludedTypes.length > 5 ? ', …' : ''})`
      : undefined;
  }
  if (r.strategy === 'INCLUSION_BY_RESOURCE_TYPES' || !r.allSupported) return `records only ${r.includedTypes.length} listed resource type(s)`;
  return undefined;
}

/**
 * In each scanned region, a customer-managed AWS Config recorder is recording, its last recording
 * attempt did not fail, it records all supported resource types (no inclusion list, no exclusions),
 * and a delivery channel exists whose last history and snapshot deliveries did not fail.
 * Service-linked recorders do not count. Global IAM resource types are not required in every region.
 */
export const config_recorder_all_regions = defineCheck({
  id: 'config_recorder_all_regions',
  title: 'AWS Config records in every scanned region',
  demands:
    "In every scanned region: the account's own recorder records all resource types, is recording, its last attempt did not fail, and a delivery channel's last delivery did not fail.",
  actionItem: 7,
  gdpr: ['Art. 30', 'Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['config'],
  permissions: [
    'config:DescribeConfigurationRecorders',
    'config:DescribeConfigurationRecorderStatus',
    'config:DescribeDeliveryChannels',
    'config:DescribeDeliveryChannelStatus',
  ],
  rationale: 'Config is the inventory of the resources that process personal data and the history of how they were configured.',
  evaluate(s) {
    const resource = regionResource(s);
    const where = `in ${s.region} (account ${s.accountId})`;
    return withData(s, 'config', resource, (c) =>
      fromRead(c.recorders, resource, (recorders) => {
        const own = recorders.filter((r) => !r.servicePrincipal);
        if (own.length === 0) {
          const linked = recorders.filter((r) => r.servicePrincipal).map((r) => `${r.name} (for ${r.servicePrincipal})`);
          return [
            fail(
              resource,
              `No AWS Config recorder ${where}${linked.length > 0 ? `; only service-linked recorder(s) ${linked.join(', ')}, which record only what that service needs` : ''}.`,
            ),
          ];
        }
        const problems = own.map((r) => {
          const why: string[] = [];
          if (!r.recording) why.push('is not recording');
          if (r.lastStatus === 'FAILURE') why.push(`failed its last recording attempt${r.lastErrorCode ? ` (${r.lastErrorCode})` : ''}`);
          const partial = partialRecording(r);
          if (partial) why.push(partial);
          return { r, why };
        });
        const good = problems.find((p) => p.why.length === 0)?.r;
        if (!good) return [fail(resource, `AWS Config ${where}: ${problems.map((p) => `recorder ${p.r.name} ${p.why.join(' and ')}`).join('; ')}.`)];
        return fromRead(c.deliveryChannels, resource, (channels) => {
          if (channels.length === 0)
            return [fail(resource, `AWS Config recorder ${good.name} ${where} has no delivery channel: the configuration history is delivered nowhere.`)];
          const working = channels.find((ch) => ch.history !== 'FAILURE' && ch.snapshot !== 'FAILURE');
          if (!working) {
            const ch = channels[0]!;
            return [
              fail(
                resource,
                `AWS Config ${where}: the last delivery of delivery channel ${ch.name}${ch.bucket ? ` to bucket ${ch.bucket}` : ''} failed${ch.lastErrorCode ? ` (${ch.lastErrorCode})` : ''}.`,
              ),
            ];
          }
          return [
            pass(
              resource,
              `AWS Config recorder ${good.name} records all resource types ${where} and delivers them through ${working.name}${working.bucket ? ` to ${working.bucket}` : ''}.`,
            ),
          ];
        });
      }),
    );
  },
});
