import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

/**
 * Both tunnels of every available Site-to-Site VPN connection are `UP`. With one tunnel down the
 * connection has no redundancy (AWS replaces tunnel endpoints during maintenance, one at a time); with
 * both down the encrypted link is gone and traffic may be routed another, possibly clear-text, way.
 */
export const vpc_vpn_connection_tunnels_up = defineCheck({
  id: 'vpc_vpn_connection_tunnels_up',
  title: 'Site-to-Site VPN tunnels are up',
  demands: 'Every available Site-to-Site VPN connection has both of its tunnels UP (VgwTelemetry); one tunnel down leaves no redundancy and fails too.',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['vpn'],
  permissions: ['ec2:DescribeVpnConnections'],
  rationale:
    'The VPN is what encrypts traffic between your network and AWS; a connection whose tunnels are down stops protecting it, and one with a single tunnel fails outright at the next endpoint maintenance.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'vpn', resource, (vpn) =>
      fromRead(vpn.connections, resource, (all) => {
        const live = all.filter((c) => c.state === 'available');
        if (live.length === 0) {
          const other = all.length > 0 ? ` (${all.map((c) => `${c.id} is ${c.state}`).join(', ')})` : '';
          return [notApplicable(resource, `No available Site-to-Site VPN connections in ${s.region} (account ${s.accountId})${other}.`)];
        }
        return live.map((c): Finding => {
          const name = `VPN connection ${c.id}${c.gateway ? ` (${c.gateway})` : ''}`;
          if (c.tunnels.length === 0)
            return {
              status: CheckStatus.Error,
              resource: c.arn,
              message: `Could not check ${c.arn}: ec2:DescribeVpnConnections gave no tunnel telemetry for ${name}.`,
            };
          const down = c.tunnels.filter((t) => t.status === 'DOWN');
          const unknown = c.tunnels.filter((t) => t.status !== 'UP' && t.status !== 'DOWN');
          const describe = (t: (typeof c.tunnels)[number]) => `${t.outsideIp}${t.statusMessage ? ` (${t.statusMessage})` : ''}`;
          if (down.length > 0) {
            const what =
              down.length === c.tunnels.length ? 'has every tunnel down' : `has ${down.length} of ${c.tunnels.length} tunnels down, so no redundancy`;
            return fail(c.arn, `${name} ${what}: ${down.map(describe).join(', ')}.`);
          }
          if (unknown.length > 0)
            return {
              status: CheckStatus.Error,
              resource: c.arn,
              message: `Could not check ${c.arn}: ${name} reports tunnel status ${unknown.map((t) => `"${t.status}" for ${t.outsideIp}`).join(', ')}.`,
            };
          if (c.tunnels.length < 2) return fail(c.arn, `${name} reports only ${c.tunnels.length} tunnel, so no redundancy.`);
          return pass(c.arn, `${name} has all ${c.tunnels.length} tunnels up.`);
        });
      }),
    );
  },
});
