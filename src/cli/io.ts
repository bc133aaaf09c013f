/** What a subcommand of the `gdpr-bot` command is given: the environment and where to write. */
export interface MainIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}
