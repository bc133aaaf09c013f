import { ListLoggingConfigurationsCommand, ListWebACLsCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { page, type SyntheticService } from './service.js';

/**
 * WAFv2: one regional web ACL (`shop`) in each region, logging to a CloudWatch Logs group
 * (misconfigured: no logging configuration); no CloudFront web ACL.
 */
export const wafv2Service: SyntheticService = ({ mock, count, accountId, pageSize, misconfigured }) => {
  const arn = (region: string) => `arn:aws:wafv2:${region}:${accountId}:regional/webacl/shop/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`;
  const waf = mock(WAFV2Client);
  waf.on(ListWebACLsCommand).callsFake(async (input: { Scope: string; NextMarker?: string }, call: { region: () => Promise<string> }) => {
    count('wafv2:ListWebACLs');
    const region = await call.region();
    const acls = input.Scope === 'REGIONAL' ? [{ Name: 'shop', Id: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', ARN: arn(region), LockToken: 'token' }] : [];
    const p = page(acls, input.NextMarker, Math.min(pageSize, 100));
    return { WebACLs: p.items, NextMarker: p.next };
  });
  waf.on(ListLoggingConfigurationsCommand).callsFake(async (input: { Scope: string; NextMarker?: string }, call: { region: () => Promise<string> }) => {
    count('wafv2:ListLoggingConfigurations');
    const region = await call.region();
    const configs =
      input.Scope === 'REGIONAL' && !misconfigured
        ? [{ ResourceArn: arn(region), LogDestinationConfigs: [`arn:aws:logs:${region}:${accountId}:log-group:aws-waf-logs-shop`] }]
        : [];
    const p = page(configs, input.NextMarker, Math.min(pageSize, 100));
    return { LoggingConfigurations: p.items, NextMarker: p.next };
  });
};
