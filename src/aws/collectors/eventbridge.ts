import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import type { CollectContext, Read } from './context.js';
import type { Collector } from './types.js';
import { FINDINGS_EVENTS, type FindingsEventKind } from '../facts.js';

/** A rule of the region's default event bus. */
export interface EventRule {
  name: string;
  arn: string;
  /** `ENABLED`, `DISABLED` or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`. */
  state: string;
  /** The event pattern as EventBridge returns it (JSON text); absent for a scheduled rule. */
  eventPattern?: string;
  /** Which findings events the pattern matches ({@link matchesFindings}). */
  matches: FindingsEventKind[];
  /** How many targets the rule has; read only for a rule that matches findings events. */
  targets?: Read<number>;
}

export interface EventBridgeData {
  rules: Read<EventRule[]>;
}

/** Whether one pattern value (`"aws.guardduty"`, `{"prefix": "aws."}`) matches `value`. Anything else (anything-but, wildcard…) is not relied on. */
function valueMatches(v: unknown, value: string): boolean {
  if (typeof v === 'string') return v === value;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const prefix = (v as { prefix?: unknown }).prefix;
    return typeof prefix === 'string' && value.startsWith(prefix);
  }
  return false;
}

/** A pattern field matches `value`: absent (any value), or an array one of whose entries matches it. */
function fieldMatches(field: unknown, value: string): boolean {
  if (field === undefined) return true;
  return Array.isArray(field) && field.some((v) => valueMatches(v, value));
}

/**
 * The findings events an event pattern routes: its `source` must name the service (a pattern without a
 * source is not relied on: it is not a findings rule), and its `detail-type`, when present, the findings
 * event. A pattern that is not JSON matches nothing.
 */
export function matchesFindings(eventPattern: string | undefined): FindingsEventKind[] {
  if (!eventPattern) return [];
  let pattern: unknown;
  try {
    pattern = JSON.parse(eventPattern);
  } catch {
    return []; // not a pattern EventBridge would accept: it routes nothing
  }
  if (!pattern || typeof pattern !== 'object') return [];
  const p = pattern as Record<string, unknown>;
  if (p.source === undefined) return [];
  return (Object.keys(FINDINGS_EVENTS) as FindingsEventKind[]).filter(
    (k) => fieldMatches(p.source, FINDINGS_EVENTS[k].source) && fieldMatches(p['detail-type'], FINDINGS_EVENTS[k].detailType),
  );
}

/** Pages of a NextToken-paginated EventBridge list (the client has no paginators). */
async function* tokenPages<P extends { NextToken?: string }>(send: (token: string | undefined) => Promise<P>): AsyncIterable<P> {
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await send(token);
    yield page;
    token = page.NextToken || undefined;
    if (token && seen.has(token)) return; // a repeated token would loop for ever
    if (token) seen.add(token);
  } while (token);
}

async function targetCount(ctx: CollectContext, eb: EventBridgeClient, rule: string): Promise<number> {
  const targets = await ctx.pages(
    'events:ListTargetsByRule',
    tokenPages((NextToken) => eb.send(new ListTargetsByRuleCommand({ Rule: rule, EventBusName: 'default', NextToken, Limit: 100 }))),
    (p) => p.Targets,
  );
  return targets.length;
}

/**
 * EventBridge (regional): every rule of the default event bus (every page), which findings events its
 * pattern routes, and, for those that route some, how many targets they have.
 */
export const eventbridgeCollector: Collector<EventBridgeData> = {
  id: 'eventbridge',
  scope: 'region',
  async collect(ctx) {
    const eb = ctx.clients.get(EventBridgeClient, ctx.region);
    const rules = await ctx.read(async () => {
      const listed = await ctx.pages(
        'events:ListRules',
        tokenPages((NextToken) => eb.send(new ListRulesCommand({ EventBusName: 'default', NextToken, Limit: 100 }))),
        (p) =>
          p.Rules?.map((r) => ({
            name: r.Name ?? '',
            arn: r.Arn ?? '',
            state: r.State ?? '',
            eventPattern: r.EventPattern,
            matches: matchesFindings(r.EventPattern),
          })),
      );
      return Promise.all(
        listed.map(async (r): Promise<EventRule> => (r.matches.length > 0 ? { ...r, targets: await ctx.read(() => targetCount(ctx, eb, r.name)) } : r)),
      );
    });
    return { rules };
  },
};
