import { useId } from 'react';
import { linearScale, linePath, niceTicks, seriesStats } from '../lib/chart.js';
import { formatDay, formatMetric } from '../lib/format.js';
import type { MetricSeries } from '../lib/types.js';

const WIDTH = 640;
const HEIGHT = 200;
const MARGIN = { top: 10, right: 12, bottom: 28, left: 56 };
const DAY = 86_400_000;

export interface Threshold {
  value: number;
  label: string;
}

/** One utilization series as a line, with day ticks, its stats and optional threshold lines. */
export function LineChart({
  series,
  thresholds = [],
  color = '#0072B2',
}: {
  series: MetricSeries;
  thresholds?: readonly Threshold[];
  color?: string;
}) {
  const titleId = useId();
  const { timestamps, values, unit } = series;
  const stats = seriesStats(values);
  const percent = unit === 'Percent';
  const high = Math.max(stats?.max ?? 0, ...thresholds.map((threshold) => threshold.value));
  const ticks =
    percent && high <= 100 ? [0, 25, 50, 75, 100] : niceTicks(Math.min(0, stats?.min ?? 0), high, 4);
  const start = timestamps[0] ?? 0;
  const end = timestamps[timestamps.length - 1] ?? start + DAY;
  const x = linearScale([start, end], [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale([ticks[0] ?? 0, ticks[ticks.length - 1] ?? 1], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const days: number[] = [];
  const firstDay = Math.ceil(start / DAY) * DAY;
  const step = Math.max(1, Math.ceil((end - start) / DAY / 7));
  for (let day = firstDay; day <= end; day += step * DAY) days.push(day);
  const label = stats
    ? `${series.metric} (${series.statistic.toLowerCase()}, ${series.periodSeconds / 3600}-hour periods) from ${formatDay(start)} to ${formatDay(end)}: mean ${formatMetric(stats.mean, unit)}, 95th percentile ${formatMetric(stats.p95, unit)}, peak ${formatMetric(stats.max, unit)}.`
    : `${series.metric}: no data points.`;

  return (
    <figure className="chart chart-line">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId} className="chart-svg">
        <title id={titleId}>{label}</title>
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={MARGIN.left}
              x2={WIDTH - MARGIN.right}
              y1={y(tick)}
              y2={y(tick)}
              className="grid-line"
            />
            <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" className="axis-label">
              {formatMetric(tick, unit)}
            </text>
          </g>
        ))}
        {days.map((day) => (
          <text key={day} x={x(day)} y={HEIGHT - 8} textAnchor="middle" className="axis-label">
            {formatDay(day)}
          </text>
        ))}
        <path d={linePath(timestamps, values, x, y)} fill="none" stroke={color} strokeWidth="1.6" />
        {thresholds.map((threshold) => (
          <g key={threshold.label}>
            <line
              x1={MARGIN.left}
              x2={WIDTH - MARGIN.right}
              y1={y(threshold.value)}
              y2={y(threshold.value)}
              className="threshold-line"
            />
            <text
              x={WIDTH - MARGIN.right - 4}
              y={y(threshold.value) - 4}
              textAnchor="end"
              className="axis-note"
            >
              {threshold.label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        <strong>{series.metric}</strong>{' '}
        {stats ? (
          <span className="muted">
            mean {formatMetric(stats.mean, unit)} · p95 {formatMetric(stats.p95, unit)} · peak{' '}
            {formatMetric(stats.max, unit)}
          </span>
        ) : (
          <span className="muted">no data points</span>
        )}
      </figcaption>
    </figure>
  );
}

/** A tiny trend line (no axes) for telemetry tiles. */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const width = 160;
  const height = 36;
  const max = Math.max(1e-9, ...values);
  const x = linearScale([0, Math.max(1, values.length - 1)], [2, width - 2]);
  const y = linearScale([0, max], [height - 2, 2]);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="sparkline" role="img" aria-label={label}>
      <path
        d={linePath(
          values.map((_, index) => index),
          values,
          x,
          y,
        )}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      />
    </svg>
  );
}
