import { parseArgs } from 'node:util';
import { CliError, EXIT_BAD_INPUT, EXIT_FAILURE } from '../cli-error.js';
import { type CliIo, resolveUserPath } from '../cli-io.js';
import { withUsageErrors } from './parse-command-line.js';
import { SERVE_USAGE } from './usage.js';

const OPTIONS = {
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const PREFIX = 'finops-autopilot serve';

/** What `serve` needs from its caller: how to wait for a stop signal (tests resolve it themselves). */
export interface ServeDependencies {
  /** Resolves when the server should stop. @default SIGINT or SIGTERM */
  untilStopped?: () => Promise<string>;
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => resolve(signal);
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/**
 * `finops-autopilot serve [--port N] [--host H] [--data-dir DIR] [--database-url URL]`:
 * runs the reference server (embedded PGlite and the simulated fleet by default)
 * until SIGINT/SIGTERM, then shuts down cleanly.
 */
export async function serveCommand(
  args: readonly string[],
  io: CliIo,
  dependencies: ServeDependencies = {},
): Promise<number> {
  const { values, positionals } = withUsageErrors(PREFIX, () =>
    parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true }),
  );
  if (values.help) {
    io.stdout.write(SERVE_USAGE);
    return 0;
  }
  if (positionals.length > 0)
    throw new CliError({ message: `${PREFIX}: unexpected argument '${positionals[0]}'`, showUsage: true });
  const env = io.env ?? process.env;
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new CliError({
        message: `${PREFIX}: --port must be an integer from 0 to 65535, got '${values.port}'`,
        exitCode: EXIT_BAD_INPUT,
      });
  }
  const dataDir = values['data-dir'] ?? env.FINOPS_DATA_DIR;
  const { serve } = await import('@finops-autopilot/server');
  let started: Awaited<ReturnType<typeof serve>>;
  try {
    started = await serve({
      ...(port === undefined ? {} : { port }),
      ...(values.host ? { host: values.host } : {}),
      ...(dataDir ? { dataDir: dataDir === ':memory:' ? dataDir : resolveUserPath(io, dataDir) } : {}),
      ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
      out: io.stdout,
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError({
      message: `${PREFIX}: could not start: ${detail}`,
      exitCode: EXIT_FAILURE,
      cause: error,
    });
  }
  const { server } = started;
  const signal = await (dependencies.untilStopped ?? waitForSignal)();
  io.stderr.write(`${PREFIX}: ${signal}, stopping after the current cycle…\n`);
  await server.close();
  return 0;
}
