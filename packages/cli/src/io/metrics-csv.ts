import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { MetricSeries } from '@finops-autopilot/core';
import { CliError, describeFsError } from '../cli-error.js';
import { splitCsvLine } from './csv.js';
import { finishSeries } from './metrics-finish.js';
import { METRICS_COLUMNS, MetricRows } from './metrics-rows.js';

export { METRICS_COLUMNS };

/** Options of {@link readMetricsCsv}. */
export interface MetricsCsvOptions {
  /** File name used in messages. @default the path as given (readMetricsCsv) or `metrics` */
  displayName?: string;
  /**
   * Resources of the inventory. Rows of any other resource are skipped with one
   * warning per resource (an export often covers more than one inventory).
   * @default every resource is kept
   */
  resourceIds?: ReadonlySet<string>;
  /** Reading stops after this many errors. @default 20 */
  maxErrors?: number;
}

/** What {@link readMetricsCsv} read. */
export interface MetricsCsvResult {
  /** One series per resource and metric, points ascending, period inferred per series. */
  series: MetricSeries[];
  /** Data rows read (skipped ones included). */
  rows: number;
  /** Rows skipped because their resource is not in the inventory. */
  skippedRows: number;
  /** One line per skipped resource, `FILE:LINE: reason`. */
  warnings: string[];
  /** Latest timestamp plus its series' period (epoch ms): the default analysis time. */
  end: number | undefined;
}

/**
 * A source of lines — one at a time or in arrays (batches) — that can be read
 * again: duplicates found after sorting are located in a second pass.
 */
export type LineSource = () =>
  | AsyncIterable<string | readonly string[]>
  | Iterable<string | readonly string[]>;

/**
 * Streams a long metrics CSV (`resource_id,timestamp,metric,value`) line by
 * line into per-series typed arrays; the file's text is never held.
 * Rows may come in any order; each series is sorted and its period inferred
 * from its smallest positive gap. Unknown metric names are kept.
 * @throws {CliError} (exit code 2) naming file, line and reason for a missing
 * file, a bad header, a wrong column count, a bad timestamp or value, or a duplicate timestamp.
 */
export async function readMetricsCsv(
  path: string,
  options: MetricsCsvOptions = {},
): Promise<MetricsCsvResult> {
  const displayName = options.displayName ?? path;
  try {
    const handle = await open(path, 'r');
    const isFile = (await handle.stat()).isFile();
    await handle.close();
    if (!isFile) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (error) {
    throw new CliError({ message: `${displayName}: ${describeFsError(error)}`, cause: error });
  }
  return parseMetricsCsv(() => lineBatches(path), { ...options, displayName });
}

/**
 * The lines of a UTF-8 file, one array per 64 KiB read: iterating lines in
 * batches halves the cost of an `await` per line (readline) on million-row files.
 */
export async function* lineBatches(path: string): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    yield lines;
  }
  if (rest !== '') yield [rest];
}

/** Like {@link readMetricsCsv}, over any source of lines (for tests and other streams). */
export async function parseMetricsCsv(
  source: LineSource,
  options: MetricsCsvOptions = {},
): Promise<MetricsCsvResult> {
  const file = options.displayName ?? 'metrics';
  const maxErrors = options.maxErrors ?? 20;
  const errors: string[] = [];
  const rows = new MetricRows(options.resourceIds);
  let lineNumber = 0;
  reading: for await (const item of source()) {
    for (const text of typeof item === 'string' ? [item] : item) {
      lineNumber++;
      const line = lineNumber === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (line.trim() === '') continue;
      const fields = splitCsvLine(line);
      const columns = rows.columns;
      const problem =
        typeof fields === 'string'
          ? fields
          : columns
            ? rows.row(fields, lineNumber, columns)
            : rows.header(fields);
      if (problem === undefined) continue;
      errors.push(`${file}:${lineNumber}: ${problem}`);
      if (!rows.columns) break reading;
      if (errors.length >= maxErrors) {
        errors.push(`${file}: stopped after ${maxErrors} errors`);
        break reading;
      }
    }
  }
  if (!rows.columns && errors.length === 0) {
    errors.push(`${file}: empty file (expected the header ${METRICS_COLUMNS.join(',')})`);
  }
  if (errors.length > 0 || !rows.columns) throw new CliError({ message: errors.join('\n') });

  const finished = await finishSeries(rows.builders, source, file, rows.columns);
  const warnings = [...rows.unknown].map(
    ([id, { firstLine, rows: count }]) =>
      `${file}:${firstLine}: resource "${id}" is not in the inventory; its ${count} row${count === 1 ? '' : 's'} are skipped`,
  );
  return { ...finished, rows: rows.rows, skippedRows: rows.skippedRows, warnings };
}
