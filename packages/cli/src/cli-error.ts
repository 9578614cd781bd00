import { FinopsError } from '@finops-autopilot/core';

/** Exit code for bad input: a missing or malformed file, an unknown option, a bad option value. */
export const EXIT_BAD_INPUT = 2;
/** Exit code for any other failure. */
export const EXIT_FAILURE = 1;

/** Options of {@link CliError}. */
export interface CliErrorOptions {
  /** One or more lines, each naming where (file, line, option) and what is wrong. */
  message: string;
  /** Process exit code. @default 2 (bad input) */
  exitCode?: number;
  /** Print the command's usage after the message (unknown command or option). @default false */
  showUsage?: boolean;
  cause?: unknown;
}

/**
 * An error the CLI reports to the user as-is (no stack trace) before exiting
 * with {@link CliError.exitCode}. Code `INVALID_INPUT` for exit code 2,
 * `CLI_FAILURE` otherwise.
 */
export class CliError extends FinopsError {
  /** Process exit code: 2 for bad input, 1 for other failures. */
  readonly exitCode: number;
  /** Whether the usage of the command should follow the message. */
  readonly showUsage: boolean;

  constructor({ message, exitCode = EXIT_BAD_INPUT, showUsage = false, cause }: CliErrorOptions) {
    super({ message, code: exitCode === EXIT_BAD_INPUT ? 'INVALID_INPUT' : 'CLI_FAILURE', cause });
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.showUsage = showUsage;
  }

  /** True for a {@link CliError}, also across two copies of this package. */
  static isCliError(error: unknown): error is CliError {
    return FinopsError.isInstance(error) && error.name === 'CliError' && 'exitCode' in error;
  }
}

/** Most issues listed for one file before the rest are summarized as "… and N more". */
export const MAX_LISTED_ISSUES = 50;

/** Joins issue lines, keeping at most {@link MAX_LISTED_ISSUES}. */
export function joinIssues(lines: readonly string[]): string {
  if (lines.length <= MAX_LISTED_ISSUES) return lines.join('\n');
  const rest = lines.length - MAX_LISTED_ISSUES;
  return [...lines.slice(0, MAX_LISTED_ISSUES), `… and ${rest} more`].join('\n');
}

/** Message of a file-system error, e.g. `no such file` for ENOENT. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
