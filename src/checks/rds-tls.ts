import type { Read } from '../aws/collectors/context.js';
import type { TlsParameters } from '../aws/collectors/rds.js';
import type { TlsParameterName } from '../aws/facts.js';
import { errorFinding, fail, pass } from './helpers.js';
import { CheckStatus, type Finding } from './types.js';

/** The major version of an engine version string (`15.4` → 15, `8.0.mysql_aurora.3.05.2` → 8). */
function major(version: string): number {
  return Number.parseInt(version, 10);
}

/**
 * The value a group's TLS parameter has in effect when the group sets none: RDS for PostgreSQL 15 and
 * later default `rds.force_ssl` to 1, every earlier version, Aurora PostgreSQL and SQL Server to 0, and
 * MySQL, MariaDB and Aurora MySQL default `require_secure_transport` to OFF.
 */
function engineDefault(engine: string, version: string, parameter: TlsParameterName): { on: boolean; why: string } {
  if (parameter === 'rds.force_ssl' && engine === 'postgres' && major(version) >= 15) return { on: true, why: 'the RDS for PostgreSQL 15+ default, 1' };
  return { on: false, why: parameter === 'rds.force_ssl' ? 'the engine default, 0' : 'the engine default, OFF' };
}

const ON = new Set(['1', 'on', 'true']);

/** What a parameter group's TLS setting means for the database using it. */
export function judgeTls(
  resource: string,
  what: string,
  engine: string,
  version: string,
  parameter: TlsParameterName,
  group: { name: string; status?: string },
  read: Read<TlsParameters> | undefined,
): Finding {
  if (!read) return { status: CheckStatus.Error, resource, message: `Could not check ${resource}: parameter group ${group.name} was not read.` };
  if (!read.ok) return errorFinding(resource, read.error);
  const p = read.value[parameter];
  if (!p) return fail(resource, `${what} cannot require TLS: its parameter group ${group.name} has no ${parameter} (engine ${engine} ${version}).`);
  const setting = p.value === undefined ? engineDefault(engine, version, parameter) : { on: ON.has(p.value.toLowerCase()), why: `${p.value}` };
  const where = `${parameter} in ${group.name} is ${setting.why}${p.value === undefined ? ' (not set in the group)' : ''}`;
  if (!setting.on) return fail(resource, `${what} accepts connections without TLS: ${where}.`);
  // A static parameter changed in the group takes effect at the next reboot: until then the old value runs.
  if (p.value !== undefined && p.applyType === 'static' && group.status === 'pending-reboot') {
    return fail(resource, `${what} does not require TLS yet: ${where} but it is static and the group is pending a reboot.`);
  }
  return pass(resource, `${what} requires TLS: ${where}.`);
}

/** Why an engine without a TLS parameter is not judged by a parameter group (what the RDS documentation says). */
export function noTlsParameter(engine: string): string {
  if (engine.startsWith('custom-')) return 'RDS Custom databases are configured on their host, not through parameter groups: this needs a manual answer';
  if (engine.startsWith('oracle'))
    return 'Oracle turns TLS on through the SSL option of its option group and native network encryption through SQLNET options, not a parameter: this needs a manual answer';
  if (engine.startsWith('db2')) return 'Db2 adds a TLS port (ssl_svcename) beside its plain TCP port rather than forcing TLS: this needs a manual answer';
  if (engine === 'neptune') return 'Neptune clusters are judged by their own neptune_enforce_ssl setting, which this check does not read';
  if (engine === 'docdb') return 'DocumentDB clusters are judged by their own tls cluster parameter, which this check does not read';
  return `engine ${engine} has no TLS parameter this check knows: this needs a manual answer`;
}
