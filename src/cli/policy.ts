import { scannerPolicy } from '../checks/policy.js';
import { CHECKS } from '../checks/registry.js';
import { remediatorPolicy } from '../remediations/policy.js';

const USAGE = 'usage: gdpr-bot policy [--scanner | --remediator]';

/**
 * `gdpr-bot policy` (`npm run policy`): prints the IAM policies the bot needs, built from the checks' and the fixes'
 * declared permissions. With no flag both are printed, each under a `#` heading; `--scanner` or
 * `--remediator` prints that one policy alone as plain JSON (ready for `aws iam create-policy`).
 * Returns the exit code.
 */
export function runPolicyCli(args: readonly string[], io: { stdout: (text: string) => void; stderr: (text: string) => void }): number {
  const unknown = args.filter((a) => a !== '--scanner' && a !== '--remediator');
  if (unknown.length > 0 || args.length > 1) {
    io.stderr(`${unknown.length > 0 ? `unknown option ${unknown.join(' ')}` : 'choose one of --scanner and --remediator'}\n${USAGE}\n`);
    return 2;
  }
  const scanner = `${JSON.stringify(scannerPolicy(CHECKS), null, 2)}\n`;
  const remediator = `${JSON.stringify(remediatorPolicy(), null, 2)}\n`;
  if (args[0] === '--scanner') io.stdout(scanner);
  else if (args[0] === '--remediator') io.stdout(remediator);
  else {
    io.stdout(
      [
        '# 1. Scanner policy (read-only): attach to the identity that scans (and to each member account role).',
        '#    Alone, as JSON: gdpr-bot policy --scanner',
        scanner,
        '# 2. Remediator policy (changes AWS): attach only to the identity the remediation workers use.',
        '#    Alone, as JSON: gdpr-bot policy --remediator',
        remediator,
      ].join('\n'),
    );
  }
  return 0;
}
