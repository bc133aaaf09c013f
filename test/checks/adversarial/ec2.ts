import type { Image, IngressRule, SecurityGroup } from '../../../src/aws/collectors/ec2.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied } from '../fixtures.js';

function v<T>(read: { ok: true; value: T } | { ok: false } | undefined): T {
  if (!read || !read.ok) throw new Error('fixture read is not ok');
  return read.value;
}
const groups = (s: Snapshot): SecurityGroup[] => v(s.data.ec2!.securityGroups);
const images = (s: Snapshot): Image[] => v(s.data.ec2!.images);
const rule = (over: Partial<IngressRule>): IngressRule => ({ protocol: 'tcp', ipv4: [], ipv6: [], prefixLists: [], ...over });
const addGroup = (s: Snapshot, id: string, ...ingress: IngressRule[]) =>
  groups(s).push({ id, name: id, arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/${id}`, vpcId: 'vpc-1', ingress });
const SG =
  'EC2 API, DescribeSecurityGroups IpPermissions: IpProtocol tcp | udp | icmp | icmpv6 | a protocol number | -1 (all traffic: "-1 allows all ports, regardless of any port range you specify"), FromPort/ToPort, IpRanges[].CidrIp, Ipv6Ranges[].CidrIpv6, PrefixListIds';
const ADMIN = 'ec2_securitygroup_allow_ingress_from_internet_to_admin_ports';
const DB = 'ec2_securitygroup_allow_ingress_from_internet_to_database_ports';

/** EC2: security groups and AMIs that look closed and are not. */
export const CASES: AdversarialCase[] = [
  {
    check: ADMIN,
    name: 'an all-traffic rule (IpProtocol -1) from 0.0.0.0/0 with no port of 22 in sight: SSH is open',
    source: SG,
    mutate: (s) => addGroup(s, 'sg-all', rule({ protocol: '-1', fromPort: -1, toPort: -1, ipv4: ['0.0.0.0/0'] })),
    expect: 'fail',
    resource: 'sg-all',
  },
  {
    check: ADMIN,
    name: 'a port range 1024-65535 from anywhere is not SSH, but 0-10000 is (it holds 22 and 3389)',
    source: SG,
    mutate: (s) => addGroup(s, 'sg-range', rule({ fromPort: 0, toPort: 10000, ipv4: ['0.0.0.0/0'] })),
    expect: 'fail',
    resource: 'sg-range',
  },
  {
    check: ADMIN,
    name: 'RDP open only over IPv6 (::/0), the IPv4 range restricted',
    source: SG,
    mutate: (s) => addGroup(s, 'sg-v6', rule({ fromPort: 3389, toPort: 3389, ipv4: ['198.51.100.7/32'], ipv6: ['::/0'] })),
    expect: 'fail',
    resource: 'sg-v6',
  },
  {
    check: ADMIN,
    name: 'protocol written as its number "6" (TCP) on port 22 from anywhere',
    source: `${SG}; IpProtocol accepts protocol numbers (IANA: 6 is TCP)`,
    mutate: (s) => addGroup(s, 'sg-six', rule({ protocol: '6', fromPort: 22, toPort: 22, ipv4: ['0.0.0.0/0'] })),
    expect: 'fail',
    resource: 'sg-six',
  },
  {
    check: ADMIN,
    name: 'UDP 0-65535 from anywhere admits no TCP administration port',
    source: SG,
    mutate: (s) => addGroup(s, 'sg-udp', rule({ protocol: 'udp', fromPort: 0, toPort: 65535, ipv4: ['0.0.0.0/0'] })),
    expect: 'pass',
    resource: 'sg-udp',
  },
  {
    check: DB,
    name: 'PostgreSQL restricted, but a second rule opens 5000-6000 (5432) to the internet',
    source: SG,
    mutate: (s) =>
      addGroup(s, 'sg-pg', rule({ fromPort: 5432, toPort: 5432, ipv4: ['10.0.0.0/16'] }), rule({ fromPort: 5000, toPort: 6000, ipv4: ['0.0.0.0/0'] })),
    expect: 'fail',
    resource: 'sg-pg',
  },
  {
    check: DB,
    name: 'an all-traffic rule from ::/0 opens every database port',
    source: SG,
    mutate: (s) => addGroup(s, 'sg-any6', rule({ protocol: '-1', ipv6: ['::/0'] })),
    expect: 'fail',
    resource: 'sg-any6',
  },
  {
    check: DB,
    name: 'DescribeSecurityGroups denied: the groups are unknown',
    source: 'DescribeSecurityGroups requires ec2:DescribeSecurityGroups',
    mutate: (s) => void (s.data.ec2!.securityGroups = denied('ec2:DescribeSecurityGroups')),
    expect: 'error',
  },
  {
    check: 'ec2_ami_public',
    name: 'a deprecated AMI that is still public: deprecation hides it from searches, not from launches',
    source: 'EC2 API, DescribeImages Image.Public (true: launch permission group all); deprecating an AMI does not change its launch permissions',
    mutate: (s) => images(s).push({ id: 'ami-0old', name: 'base-2019', arn: 'arn:aws:ec2:eu-west-1::image/ami-0old', public: true, state: 'available' }),
    expect: 'fail',
    resource: 'ami-0old',
  },
  {
    check: 'ec2_ami_public',
    name: 'DescribeImages denied: the AMIs are unknown',
    source: 'DescribeImages requires ec2:DescribeImages',
    mutate: (s) => void (s.data.ec2!.images = denied('ec2:DescribeImages')),
    expect: 'error',
  },
];
