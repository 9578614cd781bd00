import { CliError, EXIT_BAD_INPUT, EXIT_FAILURE } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { type AnalyzeDependencies, analyzeCommand } from './commands/analyze.js';
import { scheduleCommand } from './commands/schedule.js';
import { type ServeDependencies, serveCommand } from './commands/serve.js';
import { ANALYZE_USAGE, PROGRAM_USAGE, SCHEDULE_USAGE, SERVE_USAGE } from './commands/usage.js';
import { cliVersion } from './version.js';

/** Options of {@link main} beyond its streams (tests inject an engine). */
export interface MainDependencies {
  analyze?: AnalyzeDependencies;
  serve?: ServeDependencies;
}

const USAGE_BY_COMMAND: Readonly<Record<string, string>> = {
  analyze: ANALYZE_USAGE,
  schedule: SCHEDULE_USAGE,
  serve: SERVE_USAGE,
};

/**
 * The `finops-autopilot` program: runs one command and returns its exit code
 * (0 success, 1 failure, 2 bad input). Never throws and never exits the process;
 * messages go to `io.stderr`, results to `io.stdout` or `--out`.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
 */
export async function main(
  args: readonly string[],
  io: CliIo,
  dependencies: MainDependencies = {},
): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case undefined:
        io.stderr.write(PROGRAM_USAGE);
        return EXIT_BAD_INPUT;
      case '-h':
      case '--help':
        io.stdout.write(PROGRAM_USAGE);
        return 0;
      case 'help': {
        const topic = rest[0];
        if (topic !== undefined && !(topic in USAGE_BY_COMMAND)) throw unknownCommand(topic);
        io.stdout.write(topic === undefined ? PROGRAM_USAGE : USAGE_BY_COMMAND[topic]!);
        return 0;
      }
      case '-V':
      case '--version':
        io.stdout.write(`${cliVersion()}\n`);
        return 0;
      case 'analyze':
        return await analyzeCommand(rest, io, dependencies.analyze);
      case 'schedule':
        return await scheduleCommand(rest, io);
      case 'serve':
        return await serveCommand(rest, io, dependencies.serve);
      default:
        throw command.startsWith('-')
          ? new CliError({ message: `finops-autopilot: unknown option '${command}'`, showUsage: true })
          : unknownCommand(command);
    }
  } catch (error) {
    if (CliError.isCliError(error)) {
      io.stderr.write(`${error.message}\n`);
      if (error.showUsage) io.stderr.write(`\n${USAGE_BY_COMMAND[command ?? ''] ?? PROGRAM_USAGE}`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`finops-autopilot: unexpected error: ${detail}\n`);
    return EXIT_FAILURE;
  }
}

function unknownCommand(command: string): CliError {
  return new CliError({
    message: `finops-autopilot: unknown command '${command}' (commands: analyze, schedule, serve)`,
    showUsage: true,
  });
}
