import { parseArgs } from 'node:util';
import type { HeuristicEngineOptions } from '@finops-autopilot/engine-heuristic';
import { CliError } from '../cli-error.js';
import { type CliIo, resolveUserPath } from '../cli-io.js';
import { parseIsoDateTime } from '../io/csv.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../io/output.js';
import { withUsageErrors } from './parse-command-line.js';

/** Everything `analyze` needs, with paths resolved. */
export interface AnalyzeOptions {
  /** Inventory path (resolved) and the name used in messages (as typed). */
  inventory: { path: string; name: string };
  metrics: { path: string; name: string };
  /** Region of inventory records without one. @default 'us-east-1' */
  region: string;
  format: OutputFormat;
  /** Output file (resolved) and its name as typed; stdout when absent. */
  out?: { path: string; name: string };
  /** Analysis time (ISO); default: latest metric timestamp + one period. */
  now?: string;
  /** Leave out per-resource diagnostics. */
  quiet: boolean;
  engineOptions: HeuristicEngineOptions;
}

const OPTIONS = {
  inventory: { type: 'string', short: 'i' },
  metrics: { type: 'string', short: 'm' },
  region: { type: 'string' },
  now: { type: 'string' },
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  quiet: { type: 'boolean', short: 'q' },
  percentile: { type: 'string' },
  headroom: { type: 'string' },
  'lookback-days': { type: 'string' },
  'min-hours': { type: 'string' },
  timezone: { type: 'string' },
  'min-savings': { type: 'string' },
  saturation: { type: 'string' },
  rules: { type: 'string' },
  'same-generation': { type: 'boolean' },
  'same-architecture': { type: 'boolean' },
  'include-production': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Rule names accepted by `--rules`, and the engine option section each one switches. */
export const RULES = {
  rightsize: 'rightsizing',
  schedule: 'scheduling',
  storage: 'storage',
  idle: 'idle',
} as const;

const PREFIX = 'finops-autopilot analyze';

/**
 * Parses `analyze` arguments. Returns `'help'` for `--help`.
 * @throws {CliError} (exit code 2) for an unknown option, a missing required
 * option or a value that is not of the right form; value ranges are checked by the engine.
 */
export function parseAnalyzeArgs(args: readonly string[], io: CliIo): AnalyzeOptions | 'help' {
  const { values, positionals } = withUsageErrors(PREFIX, () =>
    parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true }),
  );
  if (values.help) return 'help';
  const usage = (message: string): never => {
    throw new CliError({ message: `${PREFIX}: ${message}`, showUsage: true });
  };
  if (positionals.length > 0) usage(`unexpected argument '${positionals[0]}'`);
  if (values.inventory === undefined) usage('--inventory FILE is required');
  if (values.metrics === undefined) usage('--metrics FILE is required');
  const bad = (option: string, message: string): never => {
    throw new CliError({ message: `${PREFIX}: --${option}: ${message}` });
  };
  const format = values.format ?? 'json';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    bad('format', `must be one of ${OUTPUT_FORMATS.join(', ')}, got "${format}"`);
  }
  if (values.now !== undefined) {
    const now = parseIsoDateTime(values.now);
    if (typeof now === 'string') bad('now', now.replace(/^timestamp/, 'date-time'));
  }
  if (values.region === '') bad('region', 'must not be empty');
  const number = (option: keyof typeof OPTIONS): number | undefined => {
    const text = values[option];
    if (typeof text !== 'string') return undefined;
    const value = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(value)) bad(option, `"${text}" is not a number`);
    return value;
  };

  const engineOptions: HeuristicEngineOptions = {};
  const lookbackDays = number('lookback-days');
  const minHours = number('min-hours');
  const headroom = number('headroom');
  if (lookbackDays !== undefined) engineOptions.lookbackDays = lookbackDays;
  if (minHours !== undefined) engineOptions.minHours = minHours;
  if (headroom !== undefined) engineOptions.headroom = headroom;
  if (values.percentile !== undefined) {
    engineOptions.percentile = values.percentile as NonNullable<HeuristicEngineOptions['percentile']>;
  }
  const rightsizing: NonNullable<HeuristicEngineOptions['rightsizing']> = {};
  const minSavings = number('min-savings');
  const saturation = number('saturation');
  if (minSavings !== undefined) rightsizing.minMonthlySavings = minSavings;
  if (saturation !== undefined) rightsizing.saturationPercent = saturation;
  if (values['same-generation']) rightsizing.allowGenerationChange = false;
  if (values['same-architecture']) rightsizing.allowArchitectureChange = false;
  const scheduling: NonNullable<HeuristicEngineOptions['scheduling']> = {};
  if (values.timezone !== undefined) scheduling.timezone = values.timezone;
  if (values['include-production']) scheduling.includeProduction = true;
  engineOptions.rightsizing = rightsizing;
  engineOptions.scheduling = scheduling;
  engineOptions.storage = {};
  engineOptions.idle = {};
  if (values.rules !== undefined) {
    const wanted = values.rules.split(',').map((rule) => rule.trim());
    for (const rule of wanted) {
      if (!(rule in RULES)) bad('rules', `unknown rule "${rule}" (rules: ${Object.keys(RULES).join(', ')})`);
    }
    for (const [rule, section] of Object.entries(RULES)) {
      (engineOptions[section] as { enabled?: boolean }).enabled = wanted.includes(rule);
    }
  }

  const file = (name: string) => ({ path: resolveUserPath(io, name), name });
  const options: AnalyzeOptions = {
    inventory: file(values.inventory!),
    metrics: file(values.metrics!),
    region: values.region ?? 'us-east-1',
    format: format as OutputFormat,
    quiet: values.quiet ?? false,
    engineOptions,
  };
  if (values.out !== undefined) options.out = file(values.out);
  if (values.now !== undefined) options.now = new Date(parseIsoDateTime(values.now) as number).toISOString();
  return options;
}
