import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EngineDiagnostic, RecommendationEngineV1, Resource } from '@finops-autopilot/core';
import type { AwsPriceCatalog } from '@finops-autopilot/provider-aws/prices';
import { createAwsPriceCatalog } from '@finops-autopilot/provider-aws/prices';
import { CliError, joinIssues } from '../cli-error.js';
import type { CliIo } from '../cli-io.js';
import { readInventory } from '../io/inventory.js';
import { readMetricsCsv } from '../io/metrics-csv.js';
import {
  formatRecommendations,
  type OutputRecommendation,
  summaryLine,
  toOutputRecommendations,
} from '../io/output.js';
import { writeFileAtomic } from '../io/write-output.js';
import { type AnalyzeOptions, parseAnalyzeArgs } from './analyze-args.js';
import { type EngineLoad, engineLoadError, loadHeuristicEngine } from './default-engine.js';
import { ANALYZE_USAGE } from './usage.js';

/** What `analyze` may be given instead of its defaults (tests inject a simple engine). */
export interface AnalyzeDependencies {
  /** Engine to run. @default the heuristic engine built from `options.engineOptions` */
  engine?: RecommendationEngineV1;
  /** Price catalog for the inventory and the engine. @default the bundled AWS catalog */
  prices?: AwsPriceCatalog;
}

/** Everything one analysis produced; nothing has been written yet. */
export interface AnalyzeResult {
  resources: Resource[];
  /** Keyed and ordered by savings, largest first. */
  recommendations: OutputRecommendation[];
  diagnostics: EngineDiagnostic[];
  /** Input warnings (metric rows of resources not in the inventory). */
  warnings: string[];
  /** Analysis time used (ISO). */
  now: string;
  /** The recommendations in `options.format`. */
  output: string;
}

/**
 * Runs one analysis: engine options are checked first, then the inventory is
 * read and enriched, the metrics streamed, the engine run and its output
 * formatted. Writes nothing.
 * @throws {CliError} exit code 2 for bad input, 1 when the engine cannot be loaded.
 */
export async function runAnalyze(
  options: AnalyzeOptions,
  dependencies: AnalyzeDependencies = {},
): Promise<AnalyzeResult> {
  const load: EngineLoad = dependencies.engine
    ? { engine: dependencies.engine }
    : await loadHeuristicEngine(options.engineOptions);
  const prices = dependencies.prices ?? createAwsPriceCatalog();
  const resources = await readInventory(options.inventory.path, {
    displayName: options.inventory.name,
    defaultRegion: options.region,
    prices,
  });
  const metrics = await readMetricsCsv(options.metrics.path, {
    displayName: options.metrics.name,
    resourceIds: new Set(resources.map((resource) => resource.id)),
  });
  if (!('engine' in load)) throw engineLoadError(load.failure);
  const now = options.now ?? new Date(metrics.end ?? Date.now()).toISOString();
  const result = await load.engine.analyze({
    resources,
    inventory: resources,
    metrics: metrics.series,
    prices,
    now,
  });
  return {
    resources,
    recommendations: toOutputRecommendations(result.recommendations),
    diagnostics: result.diagnostics,
    warnings: metrics.warnings,
    now,
    output: formatRecommendations(result.recommendations, options.format),
  };
}

/**
 * `finops-autopilot analyze`: prints recommendations (or writes them to
 * `--out` atomically), diagnostics and a summary line on stderr.
 * @returns the exit code (0); failures are thrown as `CliError`.
 */
export async function analyzeCommand(
  args: readonly string[],
  io: CliIo,
  dependencies: AnalyzeDependencies = {},
): Promise<number> {
  const options = parseAnalyzeArgs(args, io);
  if (options === 'help') {
    io.stdout.write(ANALYZE_USAGE);
    return 0;
  }
  if (options.out) await checkOutputDirectory(options.out);
  const result = await runAnalyze(options, dependencies);
  if (options.out) await writeFileAtomic(options.out.path, result.output, options.out.name);
  else io.stdout.write(result.output);
  const lines = result.warnings.length > 0 ? [joinIssues(result.warnings)] : [];
  if (!options.quiet) {
    for (const diagnostic of result.diagnostics) {
      lines.push(`${diagnostic.resourceId ?? 'engine'}: ${diagnostic.message}`);
    }
  }
  lines.push(summaryLine(result.resources.length, result.recommendations));
  io.stderr.write(`${lines.join('\n')}\n`);
  return 0;
}

/** A bad `--out` is bad input found before the analysis, not a failure after it. */
async function checkOutputDirectory(out: { path: string; name: string }): Promise<void> {
  const directory = dirname(out.path);
  const isDirectory = await stat(directory).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new CliError({
      message: `finops-autopilot analyze: --out: directory "${dirname(out.name)}" does not exist`,
    });
  }
}
