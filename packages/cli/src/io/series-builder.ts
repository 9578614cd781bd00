import type { MetricSeries } from '@finops-autopilot/core';

const INITIAL_CAPACITY = 16;

/**
 * The points of one metric series while a file is read: timestamps and values
 * in growable `Float64Array`s (16 bytes a point), never the text they came from.
 */
export class SeriesBuilder {
  private times = new Float64Array(INITIAL_CAPACITY);
  private values = new Float64Array(INITIAL_CAPACITY);
  /** Points so far. */
  length = 0;
  /** False once a timestamp arrived earlier than the one before it. */
  ordered = true;
  /** Line of the last point added (for "first at line …" messages). */
  lastLine = 0;
  /** Line of the first point (for warnings about the series). */
  readonly firstLine: number;

  constructor(
    readonly resourceId: string,
    readonly metric: string,
    firstLine: number,
    /** Values a known metric can take; checked per row. */
    readonly range: ValueRange = 'any',
  ) {
    this.firstLine = firstLine;
  }

  /** The last timestamp added, or `undefined` before the first. */
  get lastTime(): number | undefined {
    return this.length > 0 ? this.times[this.length - 1] : undefined;
  }

  push(time: number, value: number, line: number): void {
    if (this.length === this.times.length) this.grow();
    if (this.length > 0 && time < this.times[this.length - 1]!) this.ordered = false;
    this.times[this.length] = time;
    this.values[this.length] = value;
    this.length++;
    this.lastLine = line;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const values = new Float64Array(capacity);
    values.set(this.values);
    this.times = times;
    this.values = values;
  }

  /**
   * Sorts the points by time (when they came out of order) and returns them as
   * plain arrays with the period inferred from the smallest positive gap, or
   * the timestamps that occur more than once. Frees the buffers.
   */
  finish(): { timestamps: number[]; values: number[]; periodMs: number | undefined; duplicates: number[] } {
    const count = this.length;
    let order: Uint32Array | undefined;
    if (!this.ordered) {
      order = new Uint32Array(count);
      for (let index = 0; index < count; index++) order[index] = index;
      const times = this.times;
      order.sort((a, b) => times[a]! - times[b]! || a - b);
    }
    const timestamps = new Array<number>(count);
    const values = new Array<number>(count);
    for (let index = 0; index < count; index++) {
      const from = order ? order[index]! : index;
      timestamps[index] = this.times[from]!;
      values[index] = this.values[from]!;
    }
    this.times = new Float64Array(0);
    this.values = new Float64Array(0);
    let periodMs: number | undefined;
    const duplicates: number[] = [];
    for (let index = 1; index < count; index++) {
      const gap = timestamps[index]! - timestamps[index - 1]!;
      if (gap === 0) {
        if (duplicates[duplicates.length - 1] !== timestamps[index]) duplicates.push(timestamps[index]!);
      } else if (periodMs === undefined || gap < periodMs) periodMs = gap;
    }
    return { timestamps, values, periodMs, duplicates };
  }
}

const UNITS: Readonly<Record<string, string>> = {
  CPUUtilization: 'Percent',
  mem_used_percent: 'Percent',
  NetworkIn: 'Bytes',
  NetworkOut: 'Bytes',
  VolumeReadOps: 'Count',
  VolumeWriteOps: 'Count',
  DatabaseConnections: 'Count',
  FreeableMemory: 'Bytes',
};

/** Values a metric can take: percentages, counts and bytes, or anything (unknown metrics). */
export type ValueRange = 'percent' | 'non-negative' | 'any';

/** The range of a metric's values, by unit. */
export function valueRange(metric: string): ValueRange {
  const unit = UNITS[metric];
  if (unit === 'Percent') return 'percent';
  return unit === undefined ? 'any' : 'non-negative';
}

/** CloudWatch unit of a known metric name; `None` for others. */
export function unitOf(metric: string): string {
  return UNITS[metric] ?? 'None';
}

/** Builds a core `MetricSeries` (statistic Average) from finished points. */
export function toMetricSeries(
  builder: SeriesBuilder,
  points: { timestamps: number[]; values: number[] },
  periodSeconds: number,
): MetricSeries {
  return {
    resourceId: builder.resourceId,
    metric: builder.metric,
    unit: unitOf(builder.metric),
    statistic: 'Average',
    periodSeconds,
    timestamps: points.timestamps,
    values: points.values,
  };
}
