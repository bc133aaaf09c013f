import { judgeSecurityGroups, type NamedPort } from '../security-groups.js';
import { defineCheck } from '../types.js';

/** The remote administration ports. */
export const ADMIN_PORTS: readonly NamedPort[] = [
  { port: 22, name: 'SSH' },
  { port: 3389, name: 'RDP' },
];

/**
 * No security group admits SSH (22) or RDP (3389) from the whole internet (0.0.0.0/0 or ::/0), counting
 * rules for all traffic (IpProtocol -1) and TCP port ranges that include them (see `../security-groups.ts`).
 */
export const ec2_securitygroup_allow_ingress_from_internet_to_admin_ports = defineCheck({
  id: 'ec2_securitygroup_allow_ingress_from_internet_to_admin_ports',
  title: 'No security group admits SSH or RDP from the internet',
  demands:
    'No security group has an inbound rule from 0.0.0.0/0 or ::/0 that admits TCP 22 or 3389, counting all-traffic rules (IpProtocol -1) and port ranges that include them.',
  actionItem: 4,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['ec2'],
  permissions: ['ec2:DescribeSecurityGroups'],
  rationale:
    'Administration ports open to the internet are scanned and brute-forced within minutes; reach instances through Systems Manager Session Manager, a VPN or a bastion restricted to known addresses.',
  evaluate(s) {
    return judgeSecurityGroups(s, 'remote administration (SSH, RDP)', ADMIN_PORTS);
  },
});
