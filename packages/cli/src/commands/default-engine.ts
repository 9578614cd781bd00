import type { RecommendationEngineV1 } from '@finops-autopilot/core';
import type { HeuristicEngineOptions } from '@finops-autopilot/engine-heuristic';
import { CliError, EXIT_FAILURE } from '../cli-error.js';
import { isInvalidInput } from '../io/enrich-resource.js';

/** Engine option paths and the `analyze` flags that set them. */
const FLAG_BY_OPTION: Readonly<Record<string, string>> = {
  lookbackDays: '--lookback-days',
  minHours: '--min-hours',
  percentile: '--percentile',
  headroom: '--headroom',
  'rightsizing.minMonthlySavings': '--min-savings',
  'rightsizing.saturationPercent': '--saturation',
  'scheduling.timezone': '--timezone',
};

/** What loading the heuristic engine gave: the engine, or why the package could not be loaded. */
export type EngineLoad = { engine: RecommendationEngineV1 } | { failure: unknown };

/**
 * Loads `@finops-autopilot/engine-heuristic` (on demand, so other commands do
 * not pay for it) and creates the engine.
 * @throws {CliError} (exit code 2) naming the flag of each out-of-range option.
 * A package that cannot be loaded is returned as `failure`, so that input
 * errors found afterwards still get their exit code 2.
 */
export async function loadHeuristicEngine(options: HeuristicEngineOptions): Promise<EngineLoad> {
  let module: typeof import('@finops-autopilot/engine-heuristic');
  try {
    module = await import('@finops-autopilot/engine-heuristic');
  } catch (failure) {
    return { failure };
  }
  const problems: string[] = [];
  const timezone = options.scheduling?.timezone;
  if (timezone !== undefined) {
    try {
      module.resolveOffhoursTimezone(timezone);
    } catch (error) {
      if (!isInvalidInput(error)) throw error;
      problems.push(`--timezone: ${error.issues.map((issue) => issue.message).join('; ')}`);
    }
  }
  try {
    const engine = module.createHeuristicEngine(options);
    if (problems.length === 0) return { engine };
  } catch (error) {
    if (!isInvalidInput(error)) throw error;
    for (const issue of error.issues) {
      const flag = FLAG_BY_OPTION[issue.path] ?? issue.path;
      problems.push(`${flag}: ${issue.message}`);
    }
  }
  throw new CliError({
    message: problems.map((problem) => `finops-autopilot analyze: ${problem}`).join('\n'),
  });
}

/** The exit-code-1 error for an engine package that could not be loaded. */
export function engineLoadError(failure: unknown): CliError {
  const reason = failure instanceof Error ? failure.message : String(failure);
  return new CliError({
    message: `finops-autopilot analyze: cannot load the heuristic engine: ${reason}`,
    exitCode: EXIT_FAILURE,
    cause: failure,
  });
}
