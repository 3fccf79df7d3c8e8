import { type CliCommand, UsageError } from './command';
import { backupCommand, restoreCommand } from './commands/backup';
import { serveCommand } from './commands/serve';
import { inspectCommand } from './commands/inspect';
import { nestCommand } from './commands/nest';
import { planCommand } from './commands/plan';

const commands: CliCommand[] = [
  serveCommand,
  inspectCommand,
  nestCommand,
  planCommand,
  backupCommand,
  restoreCommand,
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'PlateShift — planning studio for 3D-printing batch production',
    '',
    'Usage: plateshift <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `plateshift <command> --help` for the options of one command.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(process.env.PLATESHIFT_VERSION ?? '0.1.0');
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    console.error(`plateshift: unknown command “${name}”.\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(cmd.usage);
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`plateshift ${cmd.name}: ${err.message}\n\n${cmd.usage}`);
      return 2;
    }
    console.error(`plateshift ${cmd.name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
