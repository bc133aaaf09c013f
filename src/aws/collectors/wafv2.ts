import { ListLoggingConfigurationsCommand, ListWebACLsCommand, WAFV2Client, type Scope } from '@aws-sdk/client-wafv2';
import type { CollectContext, Read } from './context.js';
import type { Collector } from './types.js';

/** A WAF web ACL. */
export interface WebAcl {
  name: string;
  arn: string;
  /** `REGIONAL` (ALB, API Gateway, AppSync, Cognito, …) or `CLOUDFRONT` (read in us-east-1 only). */
  scope: Scope;
}

export interface Wafv2Data {
  webAcls: Read<WebAcl[]>;
  /** Web ACL ARN → its logging destinations (ListLoggingConfigurations `LogDestinationConfigs`). */
  logging: Read<Record<string, string[]>>;
}

/** Items per page of the WAF lists (`Limit` upper bound 100). */
const LIMIT = 100;

/** Every page of a WAF list: the SDK has no paginators for WAFv2, so NextMarker is followed here. */
async function allPages<T>(ctx: CollectContext, call: string, send: (marker: string | undefined) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await ctx.must(call, () => send(marker));
    out.push(...page.items);
    // WAF may answer a NextMarker with an empty last page: stop on either.
    if (!page.next || page.items.length === 0) return out;
    marker = page.next;
  }
}

/**
 * WAFv2 (regional): the region's web ACLs and their logging configurations; in us-east-1 also the
 * CloudFront (global) web ACLs, which exist only there.
 */
export const wafv2Collector: Collector<Wafv2Data> = {
  id: 'wafv2',
  scope: 'region',
  async collect(ctx) {
    const waf = ctx.clients.get(WAFV2Client, ctx.region);
    const scopes: Scope[] = ctx.region === 'us-east-1' ? ['REGIONAL', 'CLOUDFRONT'] : ['REGIONAL'];
    const [webAcls, logging] = await Promise.all([
      ctx.read(async () =>
        (
          await Promise.all(
            scopes.map((scope) =>
              allPages(ctx, 'wafv2:ListWebACLs', async (marker) => {
                const out = await waf.send(new ListWebACLsCommand({ Scope: scope, Limit: LIMIT, NextMarker: marker }));
                return { items: (out.WebACLs ?? []).map((a): WebAcl => ({ name: a.Name ?? '', arn: a.ARN ?? '', scope })), next: out.NextMarker };
              }),
            ),
          )
        ).flat(),
      ),
      ctx.read(async () => {
        const configs = (
          await Promise.all(
            scopes.map((scope) =>
              allPages(ctx, 'wafv2:ListLoggingConfigurations', async (marker) => {
                const out = await waf.send(new ListLoggingConfigurationsCommand({ Scope: scope, Limit: LIMIT, NextMarker: marker }));
                return { items: out.LoggingConfigurations ?? [], next: out.NextMarker };
              }),
            ),
          )
        ).flat();
        return Object.fromEntries(configs.map((c) => [c.ResourceArn ?? '', c.LogDestinationConfigs ?? []]));
      }),
    ]);
    return { webAcls, logging };
  },
};
