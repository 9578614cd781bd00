import type { MetricSeries } from '@finops-autopilot/core';
import { CliError, joinIssues } from '../cli-error.js';
import { parseIsoDateTime, splitCsvLine } from './csv.js';
import type { LineSource } from './metrics-csv.js';
import { type SeriesBuilder, toMetricSeries } from './series-builder.js';

/** Column positions of a metrics CSV header. */
export interface Columns {
  id: number;
  time: number;
  metric: number;
  value: number;
  count: number;
}

/** Period of series with a single point when no other series tells: one hour. */
const FALLBACK_PERIOD_SECONDS = 3600;

/**
 * Turns the builders into sorted core series with inferred periods. Timestamps
 * that occur twice in a series that came out of order are located with a
 * second pass over the source, so the error names both lines.
 * @throws {CliError} (exit code 2) for duplicate timestamps.
 */
export async function finishSeries(
  builders: Map<string, Map<string, SeriesBuilder>>,
  source: LineSource,
  file: string,
  columns: Columns,
): Promise<{ series: MetricSeries[]; end: number | undefined }> {
  const finished: Array<{ builder: SeriesBuilder; points: ReturnType<SeriesBuilder['finish']> }> = [];
  const duplicates = new Map<string, Map<string, Set<number>>>();
  const periodVotes = new Map<number, number>();
  for (const byMetric of builders.values()) {
    for (const builder of byMetric.values()) {
      const points = builder.finish();
      finished.push({ builder, points });
      if (points.duplicates.length > 0) {
        const byName = duplicates.get(builder.resourceId) ?? new Map<string, Set<number>>();
        duplicates.set(builder.resourceId, byName);
        byName.set(builder.metric, new Set(points.duplicates));
      }
      if (points.periodMs !== undefined) {
        periodVotes.set(points.periodMs, (periodVotes.get(points.periodMs) ?? 0) + 1);
      }
    }
  }
  builders.clear();
  if (duplicates.size > 0) throw await duplicateError(duplicates, source, file, columns);

  let fallbackMs = FALLBACK_PERIOD_SECONDS * 1000;
  let bestVotes = 0;
  for (const [periodMs, votes] of periodVotes) {
    if (votes > bestVotes) [fallbackMs, bestVotes] = [periodMs, votes];
  }
  let end: number | undefined;
  const series = finished.map(({ builder, points }) => {
    const periodSeconds = Math.max(1, Math.round((points.periodMs ?? fallbackMs) / 1000));
    const last = points.timestamps[points.timestamps.length - 1];
    if (last !== undefined) end = Math.max(end ?? last, last + periodSeconds * 1000);
    return toMetricSeries(builder, points, periodSeconds);
  });
  return { series, end };
}

async function duplicateError(
  duplicates: Map<string, Map<string, Set<number>>>,
  source: LineSource,
  file: string,
  columns: Columns,
): Promise<CliError> {
  const seen = new Map<string, number>();
  const messages: string[] = [];
  let lineNumber = 0;
  for await (const item of source()) {
    for (const line of typeof item === 'string' ? [item] : item) {
      lineNumber++;
      const fields = splitCsvLine(line);
      if (typeof fields === 'string' || fields.length !== columns.count) continue;
      const resourceId = fields[columns.id]!;
      const metric = fields[columns.metric]!;
      const times = duplicates.get(resourceId)?.get(metric);
      if (!times) continue;
      const timeText = fields[columns.time]!;
      const time = parseIsoDateTime(timeText);
      if (typeof time === 'string' || !times.has(time)) continue;
      const key = `${resourceId}\u0000${metric}\u0000${time}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, lineNumber);
      else {
        messages.push(
          `${file}:${lineNumber}: duplicate timestamp ${timeText} for ${resourceId} ${metric} (first at line ${first})`,
        );
      }
    }
  }
  return new CliError({
    message: joinIssues(messages.length > 0 ? messages : [`${file}: duplicate timestamps`]),
  });
}
