import type { VpnConnection } from '../../../src/aws/collectors/vpn.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT } from '../fixtures.js';

const VPN = 'vpn-connection/vpn-0a1b2c3d';
const SOURCE =
  'EC2 API, DescribeVpnConnections / VpnConnection: State (pending | available | deleting | deleted), VgwTelemetry[].Status (UP | DOWN), OutsideIpAddress, StatusMessage';

function connections(s: Snapshot): VpnConnection[] {
  const read = s.data.vpn!.connections;
  if (!read.ok) throw new Error('fixture read is not ok');
  return read.value;
}
const vpn = (s: Snapshot) => connections(s)[0]!;

/** vpc_vpn_connection_tunnels_up: VPN connections that look healthy and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: 'vpc_vpn_connection_tunnels_up',
    name: 'the connection is "available" and traffic flows, but over one tunnel: the other is DOWN, so no redundancy',
    source: `${SOURCE}; Site-to-Site VPN User Guide, Tunnel endpoint replacements: AWS updates one tunnel at a time, so a single working tunnel goes down at the next maintenance`,
    mutate: (s) => {
      vpn(s).tunnels[0]!.status = 'DOWN';
      vpn(s).tunnels[0]!.statusMessage = 'IPSEC IS DOWN';
    },
    expect: 'fail',
    resource: VPN,
  },
  {
    check: 'vpc_vpn_connection_tunnels_up',
    name: 'both tunnels DOWN on an available connection',
    source: SOURCE,
    mutate: (s) => {
      for (const t of vpn(s).tunnels) t.status = 'DOWN';
    },
    expect: 'fail',
    resource: VPN,
  },
  {
    check: 'vpc_vpn_connection_tunnels_up',
    name: 'a transit-gateway connection (no VgwTelemetry in the answer): unknown, not up',
    source: SOURCE,
    mutate: (s) => {
      connections(s).push({ id: 'vpn-tgw', arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpn-connection/vpn-tgw`, state: 'available', gateway: 'tgw-1', tunnels: [] });
    },
    expect: 'error',
    resource: 'vpn-connection/vpn-tgw',
  },
  {
    check: 'vpc_vpn_connection_tunnels_up',
    name: 'only a deleted connection with tunnels DOWN is left: nothing to judge',
    source: `${SOURCE}; deleted connections stay visible in DescribeVpnConnections for a while`,
    mutate: (s) => {
      const read = s.data.vpn!.connections;
      if (!read.ok) throw new Error('fixture read is not ok');
      read.value = [{ ...vpn(s), state: 'deleted', tunnels: vpn(s).tunnels.map((t) => ({ ...t, status: 'DOWN' })) }];
    },
    expect: 'not_applicable',
  },
];
