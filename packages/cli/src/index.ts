/**
 * @module @finops-autopilot/cli
 *
 * The `finops-autopilot` command line, and the helpers it is built from for
 * use in scripts: read an inventory (minimal records completed from the AWS
 * price catalog), stream a long metrics CSV, and format recommendations as
 * JSON, CSV or a table.
 */
export { CliError, type CliErrorOptions, EXIT_BAD_INPUT, EXIT_FAILURE } from './cli-error.js';
export type { CliIo } from './cli-io.js';
export {
  type AnalyzeDependencies,
  type AnalyzeResult,
  analyzeCommand,
  runAnalyze,
} from './commands/analyze.js';
export { type AnalyzeOptions, parseAnalyzeArgs, RULES } from './commands/analyze-args.js';
export { scheduleCommand } from './commands/schedule.js';
export type { ServeDependencies } from './commands/serve.js';
export { KIND_BY_SERVICE } from './io/enrich-resource.js';
export { type InventoryOptions, parseInventory, readInventory } from './io/inventory.js';
export {
  type LineSource,
  METRICS_COLUMNS,
  type MetricsCsvOptions,
  type MetricsCsvResult,
  parseMetricsCsv,
  readMetricsCsv,
} from './io/metrics-csv.js';
export {
  CSV_COLUMNS,
  formatMoney,
  formatRecommendations,
  OUTPUT_FORMATS,
  type OutputFormat,
  type OutputRecommendation,
  summaryLine,
  toOutputRecommendations,
} from './io/output.js';
export { writeFileAtomic } from './io/write-output.js';
export { type MainDependencies, main } from './main.js';
