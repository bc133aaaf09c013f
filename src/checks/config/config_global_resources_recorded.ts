import type { ConfigRecorder } from '../../aws/collectors/config.js';
import { describeCallError } from '../../aws/collectors/context.js';
import { accountResource, fail, pass, withData } from '../helpers.js';
import { CheckStatus, defineCheck } from '../types.js';

/** The global IAM resource types Config records (users, groups, roles, customer managed policies). */
export const GLOBAL_IAM_TYPES = ['AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Role', 'AWS::IAM::Policy'] as const;

/**
 * Regions where AWS Config was available before February 2022, the only ones that can record the global
 * IAM resource types (RecordingGroup / ExclusionByResourceTypes, AWS Config API Reference: Hyderabad,
 * Melbourne, Spain, Zurich, Tel Aviv, UAE and every later region cannot). A list of those that can, so a
 * region newer than this list is never taken for one that records IAM.
 */
export const IAM_RECORDING_REGIONS: ReadonlySet<string> = new Set([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'ap-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'me-south-1',
  'af-south-1',
  'cn-north-1',
  'cn-northwest-1',
  'us-gov-west-1',
  'us-gov-east-1',
]);

/**
 * The global IAM types a recorder records. By recording strategy: all supported types record them only
 * with `includeGlobalResourceTypes`; exclusions record them unless excluded; an inclusion list records
 * those it lists (even with `includeGlobalResourceTypes` false). None in a region that cannot record them.
 */
export function recordedIamTypes(r: ConfigRecorder, region: string): string[] {
  if (!IAM_RECORDING_REGIONS.has(region)) return [];
  if (r.strategy === 'EXCLUSION_BY_RESOURCE_TYPES') return GLOBAL_IAM_TYPES.filter((t) => !r.excludedTypes.includes(t));
  if (r.strategy === 'INCLUSION_BY_RESOURCE_TYPES' || !r.allSupported) return GLOBAL_IAM_TYPES.filter((t) => r.includedTypes.includes(t));
  return r.includeGlobalResourceTypes ? [...GLOBAL_IAM_TYPES] : [];
}

/** Why a region records no (or not every) global IAM type, for the failure message. */
function regionGap(region: string, recorders: ConfigRecorder[]): string {
  const own = recorders.filter((r) => !r.servicePrincipal);
  if (own.length === 0) return `${region}: no recorder of the account`;
  if (!IAM_RECORDING_REGIONS.has(region)) return `${region}: Config cannot record IAM types there, it arrived after February 2022`;
  return `${region}: ${own
    .map((r) => {
      if (!r.recording) return `recorder ${r.name} is not recording`;
      if (r.lastStatus === 'FAILURE') return `recorder ${r.name} failed its last recording attempt`;
      const types = recordedIamTypes(r, region);
      if (types.length === 0)
        return r.allSupported && r.strategy !== 'EXCLUSION_BY_RESOURCE_TYPES' && r.strategy !== 'INCLUSION_BY_RESOURCE_TYPES'
          ? `recorder ${r.name} has includeGlobalResourceTypes off`
          : `recorder ${r.name} leaves the IAM types out`;
      return `recorder ${r.name} records only ${types.join(', ')}`;
    })
    .join('; ')}`;
}

/**
 * Somewhere in the scanned regions, a working customer-managed Config recorder records the global IAM
 * resource types (users, groups, roles, customer managed policies): they are global, so one region is
 * enough, and Config records them only where it is told to. Unreadable regions make it an error when no
 * readable region records them all; a recorder in a region that was not scanned is not seen.
 */
export const config_global_resources_recorded = defineCheck({
  id: 'config_global_resources_recorded',
  title: 'AWS Config records IAM resources somewhere',
  demands: 'At least one scanned region has a working Config recorder that records the global IAM resource types (users, groups, roles, policies).',
  actionItem: 7,
  gdpr: ['Art. 30', 'Art. 32'],
  severity: 'medium',
  scope: 'account',
  needs: ['configregions'],
  permissions: ['config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus'],
  rationale: 'Who may reach personal data is decided in IAM; without recorded IAM configuration there is no history of who was granted what, and when.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'configregions', resource, (c) => {
      const regions = Object.keys(c.regions).sort();
      const covered = new Map<string, string>();
      const unread: string[] = [];
      const gaps: string[] = [];
      for (const region of regions) {
        const read = c.regions[region]!;
        if (!read.ok) {
          unread.push(`${describeCallError(read.error)} in ${region}`);
          continue;
        }
        const here = new Set<string>();
        for (const r of read.value) {
          if (r.servicePrincipal || !r.recording || r.lastStatus === 'FAILURE') continue;
          for (const t of recordedIamTypes(r, region)) {
            here.add(t);
            if (!covered.has(t)) covered.set(t, `${r.name} in ${region}`);
          }
        }
        if (here.size < GLOBAL_IAM_TYPES.length) gaps.push(regionGap(region, read.value));
      }
      const missing = GLOBAL_IAM_TYPES.filter((t) => !covered.has(t));
      if (missing.length === 0) {
        const by = [...new Set(covered.values())];
        return [pass(resource, `AWS Config records the global IAM resource types of account ${s.accountId} (recorder ${by.join(', recorder ')}).`)];
      }
      if (unread.length > 0) {
        return [
          {
            status: CheckStatus.Error,
            resource,
            message: `Could not check ${resource}: ${unread.join('; ')}; no readable region records ${missing.join(', ')} for account ${s.accountId}.`,
          },
        ];
      }
      const scanned = regions.length > 0 ? regions.join(', ') : 'none';
      return [
        fail(
          resource,
          `No working AWS Config recorder in the scanned regions of account ${s.accountId} (${scanned}) records ${missing.join(', ')}: changes to IAM are recorded nowhere (${gaps.join('; ')}). Turn on includeGlobalResourceTypes (with all supported resource types) on the recorder of one region where Config has been available since before February 2022.`,
        ),
      ];
    });
  },
});
