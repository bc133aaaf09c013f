import type { MainIo } from './io.js';

/**
 * The `gdpr-bot` command: `gdpr-bot start | scan | doctor | policy | demo | help`. Each subcommand loads only what it
 * needs, and only results go to stdout (progress and errors go to stderr), so `gdpr-bot scan --format
 * sarif > gdpr.sarif` and `gdpr-bot policy --scanner > policy.json` write valid files.
 */
export const USAGE = `Usage: gdpr-bot <command> [options]

Commands:
  start     run the bot (Slack listeners and workers; ROLE=web|worker|all)
  scan      run the posture checks once against the current AWS credentials (for CI); --help for options
  doctor    check every setting the bot relies on (Slack, Redis, AWS) and say what to fix; --help for options
  policy    print the IAM policies the bot needs (--scanner, --remediator, --jit, --revoker, --findings, --audit for one, as JSON)
  demo      try the bot in a browser: synthetic AWS account, local Slack, nothing to set up; --help for options
  help      this text
`;

export type { MainIo } from './io.js';

/** Runs one subcommand; returns its exit code (`start` keeps the process running and returns `undefined`). */
export async function runMain(argv: readonly string[], io: MainIo): Promise<number | undefined> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const { runBot } = await import('../main.js');
      await runBot();
      return undefined;
    }
    case 'scan': {
      const { runScanCli } = await import('./scan.js');
      return runScanCli([...rest], io);
    }
    case 'doctor': {
      const { runDoctorCli } = await import('./doctor.js');
      return runDoctorCli(rest, io);
    }
    case 'policy': {
      const { runPolicyCli } = await import('./policy.js');
      return runPolicyCli(rest, io);
    }
    case 'demo': {
      const { runDemoCli } = await import('../demo/cli.js');
      return runDemoCli(rest, io);
    }
    case 'help':
    case '--help':
    case '-h':
      io.stdout(USAGE);
      return 0;
    default:
      io.stderr(`${command ? `gdpr-bot: unknown command ${command}\n\n` : ''}${USAGE}`);
      return 2;
  }
}
