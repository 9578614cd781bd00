import { useId } from 'react';
import { colorAt, groupKeys, linearScale, niceTicks, stack } from '../lib/chart.js';
import { formatMoney, formatMonth } from '../lib/format.js';
import type { CostHistory } from '../lib/types.js';

const WIDTH = 720;
const HEIGHT = 280;
const MARGIN = { top: 12, right: 12, bottom: 36, left: 64 };

/** Stacked monthly bars of the cost history, with a legend and the same data as a table. */
export function CostHistoryChart({ history }: { history: CostHistory }) {
  const descriptionId = useId();
  const patternId = `partial-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const { months, currency } = history;
  const grouped = history.groupBy !== null;
  const keys = grouped ? groupKeys(months) : ['Total'];
  const bars = months.map((month) => ({
    month,
    segments: stack(grouped ? month.groups : { Total: month.total }, keys),
  }));
  const max = Math.max(0, ...months.map((month) => month.total));
  const min = Math.min(0, ...bars.flatMap((bar) => bar.segments.map((segment) => segment.y0)));
  const ticks = niceTicks(min, max, 5);
  const top = ticks[ticks.length - 1] ?? 1;
  const bottom = ticks[0] ?? 0;
  const y = linearScale([bottom, top], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const slot = plotWidth / Math.max(1, months.length);
  const barWidth = Math.min(64, slot * 0.64);
  const first = months[0];
  const last = months[months.length - 1];
  const summary =
    first && last
      ? `Monthly spend for the last ${months.length} months: ${formatMoney(first.total, currency)} in ${formatMonth(first.month)}, ${formatMoney(last.total, currency)} in ${formatMonth(last.month)}${last.partial ? ' (month to date)' : ''}.`
      : 'No months to show.';

  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={descriptionId}
        className="chart-svg"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={descriptionId}>{summary}</title>
        <defs>
          <pattern
            id={patternId}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" fill="white" opacity="0.0" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="white" strokeWidth="2" opacity="0.55" />
          </pattern>
        </defs>
        {ticks.map((tick) => (
          <g key={tick} className="tick">
            <line
              x1={MARGIN.left}
              x2={WIDTH - MARGIN.right}
              y1={y(tick)}
              y2={y(tick)}
              className="grid-line"
            />
            <text x={MARGIN.left - 8} y={y(tick)} dy="0.32em" textAnchor="end" className="axis-label">
              {formatMoney(tick, currency, { compact: true })}
            </text>
          </g>
        ))}
        {bars.map((bar, index) => {
          const x = MARGIN.left + slot * index + (slot - barWidth) / 2;
          return (
            <g key={bar.month.month}>
              {bar.segments.map((segment) => {
                const color = colorAt(keys.indexOf(segment.key));
                const height = Math.max(0, y(segment.y0) - y(segment.y1));
                return (
                  <g key={segment.key}>
                    <rect x={x} y={y(segment.y1)} width={barWidth} height={height} fill={color}>
                      <title>
                        {`${formatMonth(bar.month.month)}${bar.month.partial ? ' (to date)' : ''} — ${segment.key}: ${formatMoney(segment.value, currency)}`}
                      </title>
                    </rect>
                    {bar.month.partial ? (
                      <rect
                        x={x}
                        y={y(segment.y1)}
                        width={barWidth}
                        height={height}
                        fill={`url(#${patternId})`}
                      />
                    ) : null}
                  </g>
                );
              })}
              <text
                x={x + barWidth / 2}
                y={HEIGHT - MARGIN.bottom + 16}
                textAnchor="middle"
                className="axis-label"
              >
                {formatMonth(bar.month.month, months.length > 6)}
              </text>
              {bar.month.partial ? (
                <text
                  x={x + barWidth / 2}
                  y={HEIGHT - MARGIN.bottom + 30}
                  textAnchor="middle"
                  className="axis-note"
                >
                  to date
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} className="axis-line" />
      </svg>
      {grouped ? (
        <ul className="legend" aria-label="Legend">
          {keys.map((key, index) => (
            <li key={key}>
              <span className="swatch" style={{ background: colorAt(index) }} aria-hidden="true" />
              {key}
            </li>
          ))}
        </ul>
      ) : null}
      <details className="chart-table">
        <summary>Show the figures as a table</summary>
        <div className="table-scroll" tabIndex={-1}>
          <table>
            <caption className="visually-hidden">Monthly spend{grouped ? ' by group' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                {grouped
                  ? keys.map((key) => (
                      <th scope="col" key={key} className="num">
                        {key}
                      </th>
                    ))
                  : null}
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {months.map((month) => (
                <tr key={month.month}>
                  <th scope="row">
                    {formatMonth(month.month)}
                    {month.partial ? ' (to date)' : ''}
                    {month.records === 0 ? ' (no data)' : ''}
                  </th>
                  {grouped
                    ? keys.map((key) => (
                        <td key={key} className="num">
                          {formatMoney(month.groups[key] ?? 0, currency)}
                        </td>
                      ))
                    : null}
                  <td className="num">{formatMoney(month.total, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
