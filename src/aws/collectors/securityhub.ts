import { DescribeHubCommand, paginateGetEnabledStandards, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** A standards subscription of the hub (GetEnabledStandards). */
export interface EnabledStandard {
  /** `arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0`, … */
  standardsArn: string;
  subscriptionArn: string;
  /** `READY`, `PENDING`, `INCOMPLETE`, `DELETING` or `FAILED`; only `READY` runs its controls. */
  status: string;
  /** `StandardsStatusReason.StatusReasonCode`, e.g. `NO_AVAILABLE_CONFIGURATION_RECORDER`. */
  reason?: string;
}

export interface SecurityHubData {
  /** The hub's ARN, `null` when Security Hub is not enabled in the region. */
  hub: Read<string | null>;
  /** The hub's standards subscriptions, every page; empty when the hub is not enabled (not read then). */
  standards: Read<EnabledStandard[]>;
}

/** Security Hub (regional): whether the account is subscribed, and which standards are enabled. */
export const securityhubCollector: Collector<SecurityHubData> = {
  id: 'securityhub',
  scope: 'region',
  async collect(ctx) {
    const sh = ctx.clients.get(SecurityHubClient, ctx.region);
    const hub = await ctx.read(
      async () =>
        (await ctx.call('securityhub:DescribeHub', () => sh.send(new DescribeHubCommand({})), ['InvalidAccessException', 'ResourceNotFoundException']))
          ?.HubArn ?? null,
    );
    if (!hub.ok) return { hub, standards: hub };
    if (hub.value === null) return { hub, standards: { ok: true, value: [] } };
    const standards = await ctx.read(async () =>
      (await ctx.pages('securityhub:GetEnabledStandards', paginateGetEnabledStandards({ client: sh }, {}), (p) => p.StandardsSubscriptions)).map(
        (s): EnabledStandard => ({
          standardsArn: s.StandardsArn ?? '',
          subscriptionArn: s.StandardsSubscriptionArn ?? '',
          status: s.StandardsStatus ?? '',
          ...(s.StandardsStatusReason?.StatusReasonCode ? { reason: s.StandardsStatusReason.StatusReasonCode } : {}),
        }),
      ),
    );
    return { hub, standards };
  },
};
