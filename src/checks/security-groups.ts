import type { IngressRule, SecurityGroup } from '../aws/collectors/ec2.js';
import type { Snapshot } from '../aws/snapshot.js';
import { fail, fromRead, notApplicable, pass, regionResource, withData } from './helpers.js';
import type { Finding } from './types.js';

/** A TCP port the checks look for, and what usually listens there. */
export interface NamedPort {
  port: number;
  name: string;
}

/** True for a CIDR that covers every address of its family: any IPv4 or IPv6 prefix of length 0 (`0.0.0.0/0`, `::/0`). */
export function coversInternet(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}

/**
 * True when the rule admits TCP traffic to `port`. IpProtocol `-1` (or `all`) is every protocol on every
 * port, whatever FromPort/ToPort say; `tcp` or its number `6` covers FromPort..ToPort, and a TCP rule
 * without ports (or with -1) covers every port.
 */
export function admitsTcpPort(rule: IngressRule, port: number): boolean {
  const p = rule.protocol.trim().toLowerCase();
  if (p === '-1' || p === 'all') return true;
  if (p !== 'tcp' && p !== '6') return false;
  const from = rule.fromPort === undefined || rule.fromPort < 0 ? 0 : rule.fromPort;
  const to = rule.toPort === undefined || rule.toPort < 0 ? 65535 : rule.toPort;
  return from <= port && port <= to;
}

function ruleWords(rule: IngressRule): string {
  const p = rule.protocol.trim().toLowerCase();
  if (p === '-1' || p === 'all') return 'all traffic';
  return rule.fromPort === rule.toPort ? `${rule.protocol} ${rule.fromPort ?? 'all'}` : `${rule.protocol} ${rule.fromPort ?? 0}-${rule.toPort ?? 65535}`;
}

/** The ports of `ports` the group admits from the whole internet, each with the rule that admits it. */
export function openToInternet(group: SecurityGroup, ports: readonly NamedPort[]): string[] {
  const out: string[] = [];
  for (const { port, name } of ports) {
    for (const rule of group.ingress) {
      const sources = [...rule.ipv4, ...rule.ipv6].filter(coversInternet);
      if (sources.length > 0 && admitsTcpPort(rule, port)) {
        out.push(`${name} (${port}) from ${sources.join(' and ')} (rule ${ruleWords(rule)})`);
        break;
      }
    }
  }
  return out;
}

/** One result per security group of the region: fail when it admits any of `ports` from 0.0.0.0/0 or ::/0. */
export function judgeSecurityGroups(s: Snapshot, what: string, ports: readonly NamedPort[]): Finding[] {
  const resource = regionResource(s);
  return withData(s, 'ec2', resource, (ec2) =>
    fromRead(ec2.securityGroups, resource, (groups) => {
      if (groups.length === 0) return [notApplicable(resource, `No security groups in ${s.region} (account ${s.accountId}).`)];
      return groups.map((g): Finding => {
        const open = openToInternet(g, ports);
        const label = `Security group ${g.id} (${g.name}${g.vpcId ? `, ${g.vpcId}` : ''})`;
        if (open.length > 0) return fail(g.arn, `${label} in ${s.region} admits ${what} from the whole internet: ${open.join('; ')}.`);
        const prefixLists = [...new Set(g.ingress.flatMap((r) => r.prefixLists))];
        const note =
          prefixLists.length > 0 ? ` (rules that use prefix lists ${prefixLists.join(', ')} are judged by their own entries, which are not read)` : '';
        return pass(g.arn, `${label} admits no ${what} from 0.0.0.0/0 or ::/0${note}.`);
      });
    }),
  );
}
