/** `npm run policy [-- --scanner | --remediator]`: the scanner's read-only and the remediator's IAM policies (see src/cli/policy.ts). */
import { runPolicyCli } from '../src/cli/policy.js';

process.exitCode = runPolicyCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
