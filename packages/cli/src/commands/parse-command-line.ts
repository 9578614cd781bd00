import { CliError } from '../cli-error.js';

/**
 * Runs `parse` (a `parseArgs` call in strict mode) and turns its errors into
 * short usage errors (exit code 2): `unknown option '--foo'`, `option '--out' needs a value`.
 */
export function withUsageErrors<T>(prefix: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
    const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(/[ ,]/)[0];
    let reason = message.split('\n')[0]!.replace(/\.$/, '');
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') reason = `unknown option '${quoted}'`;
    else if (/argument missing|argument is ambiguous/.test(message))
      reason = `option '${option}' needs a value`;
    else if (/does not take an argument/.test(message)) reason = `option '${option}' does not take a value`;
    throw new CliError({ message: `${prefix}: ${reason}`, showUsage: true, cause: error });
  }
}
