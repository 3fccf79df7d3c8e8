/** One `plateshift <name>` subcommand. Each lives in commands/<name>.ts. */
export interface CliCommand {
  name: string;
  /** One line for `plateshift --help`. */
  summary: string;
  /** Full usage text for `plateshift <name> --help`. */
  usage: string;
  /** Resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** A usage mistake: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
