import { ListLoggingConfigurationsCommand, ListWebACLsCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { wafv2Collector } from '../../src/aws/collectors/wafv2.js';
import { wafv2_webacl_logging_enabled } from '../../src/checks/wafv2/wafv2_webacl_logging_enabled.js';
import { compliantSnapshot } from '../checks/fixtures.js';
import { collectIn, pageOf, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';
import { awsError } from '../helpers/synthetic-aws.js';

const waf = mockClient(WAFV2Client);
afterEach(() => waf.reset());

const arn = (region: string, scope: string, name: string) =>
  `arn:aws:wafv2:${region}:${TEST_ACCOUNT}:${scope === 'CLOUDFRONT' ? 'global' : 'regional'}/webacl/${name}/id-${name}`;

describe('the WAFv2 collector', () => {
  it('follows NextMarker, reads CloudFront web ACLs only in us-east-1, and maps logging destinations by ACL ARN', async () => {
    const sent: string[] = [];
    waf.on(ListWebACLsCommand).callsFake(async (input: { Scope: string; NextMarker?: string }, getClient) => {
      const region = await regionOf(getClient);
      sent.push(`${region} ${input.Scope} ${input.NextMarker ?? '-'}`);
      const names = input.Scope === 'CLOUDFRONT' ? ['edge'] : ['shop', 'api', 'admin'];
      const p = pageOf(names, input.NextMarker, 2);
      // WAF answers a NextMarker on the last page too: an empty page ends the list.
      return {
        WebACLs: p.items.map((n) => ({ Name: n, Id: `id-${n}`, ARN: arn(region, input.Scope, n) })),
        NextMarker: p.next ?? (p.items.length > 0 && input.Scope === 'REGIONAL' ? 't9' : undefined),
      };
    });
    waf.on(ListLoggingConfigurationsCommand).callsFake(async (input: { Scope: string }, getClient) => {
      const region = await regionOf(getClient);
      const logged = input.Scope === 'CLOUDFRONT' ? ['edge'] : ['shop'];
      return {
        LoggingConfigurations: logged.map((n) => ({
          ResourceArn: arn(region, input.Scope, n),
          LogDestinationConfigs: [`arn:aws:firehose:${region}:${TEST_ACCOUNT}:deliverystream/aws-waf-logs-${n}`],
        })),
      };
    });

    const west = await collectIn(wafv2Collector, 'eu-west-1', ['eu-west-1', 'us-east-1']);
    expect(sent).toEqual(['eu-west-1 REGIONAL -', 'eu-west-1 REGIONAL t2', 'eu-west-1 REGIONAL t9']);
    expect(west.data.webAcls.ok && west.data.webAcls.value.map((a) => a.name)).toEqual(['shop', 'api', 'admin']);

    sent.length = 0;
    const east = await collectIn(wafv2Collector, 'us-east-1', ['eu-west-1', 'us-east-1']);
    expect(sent.filter((x) => x.includes('CLOUDFRONT'))).toEqual(['us-east-1 CLOUDFRONT -']);
    const s = { ...compliantSnapshot(), region: 'us-east-1' };
    s.data.wafv2 = east.data;
    const verdicts = Object.fromEntries(wafv2_webacl_logging_enabled.evaluate(s).map((f) => [f.resource.split('/')[2], f.status]));
    expect(verdicts).toEqual({ shop: 'pass', api: 'fail', admin: 'fail', edge: 'pass' });
  });

  it('records a denied ListLoggingConfigurations as a failed read: error per web ACL, never a pass', async () => {
    waf.on(ListWebACLsCommand).resolves({ WebACLs: [{ Name: 'shop', Id: 'id-shop', ARN: arn('eu-west-1', 'REGIONAL', 'shop') }] });
    waf.on(ListLoggingConfigurationsCommand).rejects(awsError('WAFAccessDeniedException', 'not authorized to perform wafv2:ListLoggingConfigurations'));
    const { data } = await collectIn(wafv2Collector, 'eu-west-1');
    expect(data.logging).toMatchObject({ ok: false, error: { call: 'wafv2:ListLoggingConfigurations', code: 'WAFAccessDeniedException' } });
    const s = compliantSnapshot();
    s.data.wafv2 = data;
    const [f] = wafv2_webacl_logging_enabled.evaluate(s);
    expect(f!.status).toBe('error');
  });
});
