import { type Command, CommanderError } from 'commander';
import * as E from 'fp-ts/Either';

/** The exit codes every command line of the project shares: 0 done (or --help), 2 wrong options. */
export const CliExitCode = { ok: 0, usage: 2 } as const;

const withSubcommands = (command: Command): readonly Command[] => [command, ...command.commands.flatMap(withSubcommands)];

/**
 * Parses the command line with commander, which never exits the process here: Left of the exit code when commander
 * ended the parse itself (0 after --help or --version, 2 after a usage error it has printed), Right of the program
 * when the command is to run (an action handler of a subcommand has run by then).
 */
export const parseCommandLine = async (program: Command, argv: readonly string[] = process.argv): Promise<E.Either<number, Command>> => {
  for (const command of withSubcommands(program)) command.exitOverride();
  try {
    return E.right(await program.parseAsync([...argv]));
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return E.left(error.exitCode === 0 ? CliExitCode.ok : CliExitCode.usage);
  }
};
