/** `npm run scan -- …`: the posture scan for CI pipelines (see src/cli/scan.ts). */
import { runScanCli } from '../src/cli/scan.js';

const code = await runScanCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
