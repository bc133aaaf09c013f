import { DescribeVpnConnectionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { DEFAULT_SCAN_SETTINGS } from '../../src/aws/collectors/context.js';
import { vpnCollector } from '../../src/aws/collectors/vpn.js';
import { scanTarget } from '../../src/checks/engine.js';
import { getCheck } from '../../src/checks/registry.js';
import { collectIn, regionOf, TEST_ACCOUNT } from '../helpers/collect-in.js';
import { mockSyntheticAccount, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

const ec2 = mockClient(EC2Client);
let restore: (() => void) | undefined;
afterEach(() => {
  ec2.reset();
  restore?.();
  restore = undefined;
});

describe('the VPN collector', () => {
  it('reads every VPN connection of the region with the telemetry of each tunnel', async () => {
    const regions: string[] = [];
    ec2.on(DescribeVpnConnectionsCommand).callsFake(async (_input, getClient) => {
      regions.push(await regionOf(getClient));
      return {
        VpnConnections: [
          {
            VpnConnectionId: 'vpn-1',
            State: 'available',
            VpnGatewayId: 'vgw-1',
            VgwTelemetry: [
              { OutsideIpAddress: '198.51.100.1', Status: 'UP', StatusMessage: '3 BGP ROUTES' },
              { OutsideIpAddress: '198.51.100.2', Status: 'DOWN', StatusMessage: 'IPSEC IS DOWN' },
            ],
          },
          { VpnConnectionId: 'vpn-2', State: 'pending', TransitGatewayId: 'tgw-1' },
        ],
      };
    });
    const { data, calls } = await collectIn(vpnCollector, 'eu-north-1');
    expect(regions).toEqual(['eu-north-1']);
    expect(calls).toEqual(['ec2:DescribeVpnConnections']);
    expect(data.connections).toEqual({
      ok: true,
      value: [
        {
          id: 'vpn-1',
          arn: `arn:aws:ec2:eu-north-1:${TEST_ACCOUNT}:vpn-connection/vpn-1`,
          state: 'available',
          gateway: 'vgw-1',
          tunnels: [
            { outsideIp: '198.51.100.1', status: 'UP', statusMessage: '3 BGP ROUTES' },
            { outsideIp: '198.51.100.2', status: 'DOWN', statusMessage: 'IPSEC IS DOWN' },
          ],
        },
        { id: 'vpn-2', arn: `arn:aws:ec2:eu-north-1:${TEST_ACCOUNT}:vpn-connection/vpn-2`, state: 'pending', gateway: 'tgw-1', tunnels: [] },
      ],
    });
  });

  it('records a denied DescribeVpnConnections as data', async () => {
    ec2
      .on(DescribeVpnConnectionsCommand)
      .rejects(Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation' }));
    const { data } = await collectIn(vpnCollector, 'eu-west-1');
    expect(data.connections).toMatchObject({ ok: false, error: { call: 'ec2:DescribeVpnConnections', kind: 'denied' } });
  });

  it('fails the misconfigured synthetic account, whose second tunnel is down', async () => {
    const m = mockSyntheticAccount({ misconfigured: true });
    restore = m.restore;
    const { results } = await scanTarget({
      clients: new AwsClients({ defaultRegion: 'eu-west-1' }),
      accountId: SYNTHETIC_ACCOUNT_ID,
      region: 'eu-west-1',
      home: true,
      regions: ['eu-west-1'],
      settings: DEFAULT_SCAN_SETTINGS,
      checks: [getCheck('vpc_vpn_connection_tunnels_up')!],
    });
    expect(results).toEqual([
      expect.objectContaining({ status: 'fail', message: expect.stringContaining('1 of 2 tunnels down, so no redundancy: 203.0.113.20 (IPSEC IS DOWN)') }),
    ]);
  });
});
