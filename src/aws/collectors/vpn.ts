import { DescribeVpnConnectionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** One tunnel of a Site-to-Site VPN connection, from `VgwTelemetry`. */
export interface VpnTunnel {
  outsideIp: string;
  /** `UP` or `DOWN`. */
  status: string;
  statusMessage?: string;
}

export interface VpnConnection {
  id: string;
  arn: string;
  /** `pending`, `available`, `deleting` or `deleted` (deleted connections stay listed for a while). */
  state: string;
  /** The virtual private gateway or transit gateway it ends on. */
  gateway?: string;
  tunnels: VpnTunnel[];
}

export interface VpnData {
  connections: Read<VpnConnection[]>;
}

/**
 * Site-to-Site VPN (regional): every VPN connection (DescribeVpnConnections has no pages: one answer
 * lists them all) with the state of each of its two tunnels.
 */
export const vpnCollector: Collector<VpnData> = {
  id: 'vpn',
  scope: 'region',
  async collect(ctx) {
    const ec2 = ctx.clients.get(EC2Client, ctx.region);
    const connections = await ctx.read(async () => {
      const out = await ctx.must('ec2:DescribeVpnConnections', () => ec2.send(new DescribeVpnConnectionsCommand({})));
      return (out.VpnConnections ?? []).map((c): VpnConnection => {
        const id = c.VpnConnectionId ?? '';
        const gateway = c.VpnGatewayId ?? c.TransitGatewayId;
        return {
          id,
          arn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:vpn-connection/${id}`,
          state: c.State ?? '',
          ...(gateway ? { gateway } : {}),
          tunnels: (c.VgwTelemetry ?? []).map((t) => ({
            outsideIp: t.OutsideIpAddress ?? '?',
            status: t.Status ?? '',
            ...(t.StatusMessage ? { statusMessage: t.StatusMessage } : {}),
          })),
        };
      });
    });
    return { connections };
  },
};
