import { detach, parseIsoDateTime } from './csv.js';
import type { Columns } from './metrics-finish.js';
import { SeriesBuilder, valueRange } from './series-builder.js';

/** Columns of the long metrics CSV, in any order. */
export const METRICS_COLUMNS = ['resource_id', 'timestamp', 'metric', 'value'] as const;

/** Largest number of distinct timestamp texts remembered (parsing one is the costly part of a row). */
const TIME_CACHE_SIZE = 100_000;

/**
 * Turns the rows of a metrics CSV into per-series builders. Each method
 * returns the reason a row is rejected, or `undefined`.
 */
export class MetricRows {
  readonly builders = new Map<string, Map<string, SeriesBuilder>>();
  /** Resources not in the inventory: the line of their first row and how many rows they had. */
  readonly unknown = new Map<string, { firstLine: number; rows: number }>();
  columns: Columns | undefined;
  rows = 0;
  skippedRows = 0;
  private readonly times = new Map<string, number | string>();
  private current: SeriesBuilder | undefined;

  constructor(private readonly resourceIds: ReadonlySet<string> | undefined) {}

  header(fields: readonly string[]): string | undefined {
    const names = fields.map((field) => field.toLowerCase());
    const expected = `expected ${METRICS_COLUMNS.join(',')}`;
    const unknown = names.find((name) => !(METRICS_COLUMNS as readonly string[]).includes(name));
    if (unknown !== undefined) return `unknown column "${unknown}" in the header (${expected})`;
    const repeated = names.find((name, index) => names.indexOf(name) !== index);
    if (repeated) return `column "${repeated}" appears twice in the header`;
    const missing = METRICS_COLUMNS.filter((name) => !names.includes(name));
    if (missing.length > 0) return `missing column ${missing.join(', ')} (${expected})`;
    this.columns = {
      id: names.indexOf('resource_id'),
      time: names.indexOf('timestamp'),
      metric: names.indexOf('metric'),
      value: names.indexOf('value'),
      count: names.length,
    };
    return undefined;
  }

  row(fields: readonly string[], line: number, columns: Columns): string | undefined {
    if (fields.length !== columns.count) return `expected ${columns.count} columns, found ${fields.length}`;
    this.rows++;
    const resourceId = fields[columns.id]!;
    const metric = fields[columns.metric]!;
    if (resourceId === '') return 'resource_id is empty';
    if (metric === '') return 'metric is empty';
    if (this.resourceIds && !this.resourceIds.has(resourceId)) {
      this.skippedRows++;
      const entry = this.unknown.get(resourceId);
      if (entry) entry.rows++;
      else this.unknown.set(detach(resourceId), { firstLine: line, rows: 1 });
      return undefined;
    }
    const timeText = fields[columns.time]!;
    let time = this.times.get(timeText);
    if (time === undefined) {
      if (this.times.size >= TIME_CACHE_SIZE) this.times.clear();
      time = parseIsoDateTime(timeText);
      this.times.set(detach(timeText), time);
    }
    if (typeof time === 'string') return time;
    const valueText = fields[columns.value]!;
    const value = valueText === '' ? Number.NaN : Number(valueText);
    if (!Number.isFinite(value)) return `value "${valueText}" is not a number`;
    let builder = this.current;
    if (!builder || builder.resourceId !== resourceId || builder.metric !== metric) {
      builder = this.builderFor(resourceId, metric, line);
      this.current = builder;
    }
    if (builder.range === 'percent' && (value < 0 || value > 100)) {
      return `${metric} value ${value} is outside 0..100 (percent)`;
    }
    if (builder.range === 'non-negative' && value < 0) return `${metric} value ${value} is negative`;
    if (builder.lastTime === time) {
      return `duplicate timestamp ${timeText} for ${resourceId} ${metric} (first at line ${builder.lastLine})`;
    }
    builder.push(time, value, line);
    return undefined;
  }

  private builderFor(resourceId: string, metric: string, line: number): SeriesBuilder {
    let byMetric = this.builders.get(resourceId);
    if (!byMetric) {
      byMetric = new Map();
      this.builders.set(detach(resourceId), byMetric);
    }
    let builder = byMetric.get(metric);
    if (!builder) {
      // Fields are views of the chunk they were read from: keep copies.
      builder = new SeriesBuilder(detach(resourceId), detach(metric), line, valueRange(metric));
      byMetric.set(builder.metric, builder);
    }
    return builder;
  }
}
