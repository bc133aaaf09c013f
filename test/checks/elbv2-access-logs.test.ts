import { describe, expect, it } from 'vitest';
import type { LoadBalancer } from '../../src/aws/collectors/elbv2.js';
import { getCheck } from '../../src/checks/registry.js';
import { ACCOUNT, ok, snapshotWith } from './fixtures.js';

const check = getCheck('elbv2_access_logs_enabled')!;
const nlb = (listeners: { protocol: string; port: number }[], enabled: boolean): LoadBalancer => ({
  arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/net/tcp/3`,
  name: 'tcp',
  type: 'network',
  accessLogs: ok({ enabled, bucket: 'elb-logs' }),
  listeners: ok(listeners.map((l) => ({ arn: `arn:listener/${l.port}`, defaultActions: [{ type: 'forward', targetGroups: 1 }], ...l }))),
});

describe('elbv2_access_logs_enabled on network and gateway load balancers', () => {
  it.each([true, false])(
    'a network load balancer without a TLS listener is not applicable, whatever the attribute says (enabled=%s), never a pass',
    (enabled) => {
      const findings = check.evaluate(
        snapshotWith((s) => void (s.data.elbv2!.loadBalancers as { value: LoadBalancer[] }).value.push(nlb([{ protocol: 'TCP', port: 80 }], enabled))),
      );
      const f = findings.find((x) => x.resource.endsWith('net/tcp/3'))!;
      expect(f.status).toBe('not_applicable');
      expect(f.message).toMatch(/no TLS listener \(TCP 80\).*TLS connections only/);
    },
  );

  it('says which listeners of a network load balancer its access logs leave out', () => {
    const findings = check.evaluate(
      snapshotWith(
        (s) =>
          void (s.data.elbv2!.loadBalancers as { value: LoadBalancer[] }).value.push(
            nlb(
              [
                { protocol: 'TLS', port: 443 },
                { protocol: 'TCP', port: 80 },
              ],
              true,
            ),
          ),
      ),
    );
    const f = findings.find((x) => x.resource.endsWith('net/tcp/3'))!;
    expect(f).toMatchObject({ status: 'pass', message: expect.stringContaining('TCP 80 are not logged') });
  });

  it('leaves gateway load balancers out (they have no access logs)', () => {
    const findings = check.evaluate(
      snapshotWith((s) => {
        s.data.elbv2!.loadBalancers = ok([
          {
            arn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/gwy/inspect/4`,
            name: 'inspect',
            type: 'gateway',
            accessLogs: ok({}),
            listeners: ok([]),
          },
        ]);
      }),
    );
    expect(findings).toEqual([
      expect.objectContaining({ status: 'not_applicable', message: expect.stringContaining('No application or network load balancers') }),
    ]);
  });
});
