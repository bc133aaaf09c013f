/**
 * Facts about AWS that both collectors and checks need, in a module that imports no AWS SDK client: a
 * check imports only types from a collector module, so that a process that runs no scan (ROLE=web)
 * never loads a client (see `src/aws/collectors/index.ts`).
 */

/** Analyzer types that find external access (the unused-access and internal-access types do not). */
export const EXTERNAL_ACCESS_TYPES: ReadonlySet<string> = new Set(['ACCOUNT', 'ORGANIZATION']);

/** The TLS parameters this product reads from a parameter group. */
export const TLS_PARAMETERS = ['rds.force_ssl', 'require_secure_transport'] as const;
export type TlsParameterName = (typeof TLS_PARAMETERS)[number];

/**
 * The parameter that makes an engine refuse connections without TLS, set in the DB parameter group
 * (instances) or the DB cluster parameter group (Aurora and Multi-AZ DB clusters); `undefined` for the
 * engines that have none (Oracle and Db2 configure TLS through option groups or their own settings,
 * RDS Custom, Neptune and DocumentDB are configured elsewhere).
 */
export function tlsParameterOf(engine: string): TlsParameterName | undefined {
  if (engine === 'postgres' || engine === 'aurora-postgresql' || /^sqlserver-(ee|se|ex|web)$/.test(engine)) return 'rds.force_ssl';
  if (engine === 'mysql' || engine === 'mariadb' || engine === 'aurora-mysql' || engine === 'aurora') return 'require_secure_transport';
  return undefined;
}

/** The findings events the centralised-management checks want routed: GuardDuty's and Security Hub's. */
export const FINDINGS_EVENTS = {
  guardduty: { source: 'aws.guardduty', detailType: 'GuardDuty Finding' },
  securityhub: { source: 'aws.securityhub', detailType: 'Security Hub Findings - Imported' },
} as const;
export type FindingsEventKind = keyof typeof FINDINGS_EVENTS;

/**
 * GetBucketLocation's `LocationConstraint` as a region name. AWS documents an empty (null) constraint as
 * us-east-1 and the legacy `EU` as eu-west-1.
 */
export function locationRegion(constraint: string | null | undefined): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/** Macie's documented threshold: a bucket whose sensitivity score is 50 or more is "sensitive". */
export const MACIE_PROFILE_MIN_SCORE = 50;

/**
 * Buckets per account whose Macie resource profile and detections are read (two or more requests each),
 * highest sensitivity score first. Buckets beyond it stay on the data map with their score, without
 * categories ("not read").
 */
export const MACIE_PROFILE_CAP = 100;
