import { judgeSecurityGroups, type NamedPort } from '../security-groups.js';
import { defineCheck } from '../types.js';

/** Default ports of the databases and data stores Prowler checks one by one. */
export const DATABASE_PORTS: readonly NamedPort[] = [
  { port: 1433, name: 'SQL Server' },
  { port: 1521, name: 'Oracle' },
  { port: 3306, name: 'MySQL/MariaDB' },
  { port: 5432, name: 'PostgreSQL' },
  { port: 5439, name: 'Redshift' },
  { port: 6379, name: 'Redis' },
  { port: 9042, name: 'Cassandra' },
  { port: 9200, name: 'Elasticsearch/OpenSearch' },
  { port: 11211, name: 'Memcached' },
  { port: 27017, name: 'MongoDB' },
];

/**
 * No security group admits a database port from the whole internet (0.0.0.0/0 or ::/0), counting rules
 * for all traffic (IpProtocol -1) and TCP port ranges that include one (see `../security-groups.ts`).
 */
export const ec2_securitygroup_allow_ingress_from_internet_to_database_ports = defineCheck({
  id: 'ec2_securitygroup_allow_ingress_from_internet_to_database_ports',
  title: 'No security group admits database ports from the internet',
  demands:
    'No security group has an inbound rule from 0.0.0.0/0 or ::/0 that admits TCP 1433, 1521, 3306, 5432, 5439, 6379, 9042, 9200, 11211 or 27017, counting all-traffic rules (IpProtocol -1) and port ranges.',
  actionItem: 4,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'critical',
  scope: 'region',
  needs: ['ec2'],
  permissions: ['ec2:DescribeSecurityGroups'],
  rationale:
    'Databases hold the personal data itself; one reachable from the internet is one weak password (or unauthenticated Redis, Memcached, Elasticsearch) away from a breach.',
  evaluate(s) {
    return judgeSecurityGroups(s, 'database traffic', DATABASE_PORTS);
  },
});
