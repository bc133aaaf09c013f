/** `npm run policy`: prints the scanner's least-privilege, read-only IAM policy, built from the checks' permissions. */
import { scannerPolicy } from '../src/checks/policy.js';
import { CHECKS } from '../src/checks/registry.js';

process.stdout.write(`${JSON.stringify(scannerPolicy(CHECKS), null, 2)}\n`);
