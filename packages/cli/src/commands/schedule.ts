import { parseArgs } from 'node:util';
import { FinopsError } from '@finops-autopilot/core';
import { CliError, EXIT_FAILURE } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { withUsageErrors } from './parse-command-line.js';
import { SCHEDULE_USAGE } from './usage.js';

const OPTIONS = {
  'default-tz': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const PREFIX = 'finops-autopilot schedule';

/**
 * `finops-autopilot schedule parse "<tag>" [--default-tz TZ]`: prints the
 * parsed Cloud Custodian offhours tag as one line of JSON
 * `{"off":[{"days":[0,1,2,3,4],"hour":19}],"on":[…],"tz":"et"}`.
 * @returns the exit code (0); an invalid tag or option is thrown as a `CliError` with exit code 2.
 */
export async function scheduleCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = withUsageErrors(PREFIX, () =>
    parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true }),
  );
  if (values.help) {
    io.stdout.write(SCHEDULE_USAGE);
    return 0;
  }
  const usage = (message: string): never => {
    throw new CliError({ message: `${PREFIX}: ${message}`, showUsage: true });
  };
  const [subcommand, tag, ...rest] = positionals;
  if (subcommand === undefined) usage('missing subcommand (expected: parse)');
  if (subcommand !== 'parse') usage(`unknown subcommand '${subcommand}' (expected: parse)`);
  if (tag === undefined) usage('missing the offhours tag to parse');
  if (rest.length > 0) usage(`unexpected argument '${rest[0]}' (quote the tag if it contains spaces)`);

  let module: typeof import('@finops-autopilot/engine-heuristic');
  try {
    module = await import('@finops-autopilot/engine-heuristic');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError({
      message: `${PREFIX}: cannot load the schedule parser: ${reason}`,
      exitCode: EXIT_FAILURE,
    });
  }
  try {
    const options = values['default-tz'] === undefined ? {} : { defaultTz: values['default-tz'] };
    const schedule = module.parseOffhours(tag!, options);
    io.stdout.write(`${JSON.stringify({ off: schedule.off, on: schedule.on, tz: schedule.tz })}\n`);
    return 0;
  } catch (error) {
    if (FinopsError.isInstance(error) && error.code === 'INVALID_INPUT') {
      const { location, reason } = error as Partial<Record<'location' | 'reason', string>>;
      const message = location === 'options.defaultTz' ? `--default-tz: ${reason}` : error.message;
      throw new CliError({ message: `${PREFIX} parse: ${message}`, cause: error });
    }
    throw error;
  }
}
