/** Geometry for the hand-written SVG charts: scales, ticks, stacks and paths. */

/** Okabe–Ito: distinguishable with the common color-vision deficiencies. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#6b7280',
];

export function colorAt(index: number): string {
  return PALETTE[index % PALETTE.length] as string;
}

/** Round-number axis ticks from 0 (or below) up to at least `max`: steps of 1, 2, 2.5 or 5 × 10ⁿ. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const low = Math.min(0, min);
  const high = Math.max(low, max);
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [0];
  if (high === low) return high === 0 ? [0, 1] : [low, high * 2];
  const raw = (high - low) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * magnitude >= raw) ?? 10) * magnitude;
  const start = Math.floor(low / step) * step;
  const ticks: number[] = [];
  for (let value = start; value < high + step * 0.999; value += step) {
    ticks.push(Number(value.toPrecision(12)));
    if (ticks.length > 50) break;
  }
  return ticks;
}

/** A linear map from `[d0, d1]` to `[r0, r1]`. */
export function linearScale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (value) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0));
}

export interface StackSegment {
  key: string;
  value: number;
  /** Lower and upper bound of the segment in data units. */
  y0: number;
  y1: number;
}

/**
 * Stacks the groups of one bar in `keys` order (negative values stack below 0).
 * Groups missing in `groups` count as 0 and are left out.
 */
export function stack(groups: Record<string, number>, keys: readonly string[]): StackSegment[] {
  let up = 0;
  let down = 0;
  const segments: StackSegment[] = [];
  for (const key of keys) {
    const value = groups[key];
    if (value === undefined || value === 0 || !Number.isFinite(value)) continue;
    if (value > 0) {
      segments.push({ key, value, y0: up, y1: up + value });
      up += value;
    } else {
      segments.push({ key, value, y0: down + value, y1: down });
      down += value;
    }
  }
  return segments;
}

/** The group keys of several bars, largest total first (a stable legend and stacking order). */
export function groupKeys(bars: readonly { groups: Record<string, number> }[]): string[] {
  const totals = new Map<string, number>();
  for (const bar of bars)
    for (const [key, value] of Object.entries(bar.groups)) totals.set(key, (totals.get(key) ?? 0) + value);
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);
}

/** An SVG path through the points; gaps (non-finite values) start a new segment. */
export function linePath(
  xs: readonly number[],
  ys: readonly number[],
  x: (value: number) => number,
  y: (value: number) => number,
): string {
  let path = '';
  let pen = false;
  const count = Math.min(xs.length, ys.length);
  for (let index = 0; index < count; index++) {
    const xv = xs[index] as number;
    const yv = ys[index] as number;
    if (!Number.isFinite(xv) || !Number.isFinite(yv)) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${x(xv).toFixed(1)},${y(yv).toFixed(1)}`;
    pen = true;
  }
  return path;
}

/** Minimum, mean, maximum and 95th percentile of the finite values. */
export function seriesStats(
  values: readonly number[],
): { min: number; mean: number; max: number; p95: number } | null {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const sum = finite.reduce((total, value) => total + value, 0);
  const rank = Math.min(finite.length - 1, Math.ceil(0.95 * finite.length) - 1);
  return {
    min: finite[0] as number,
    mean: sum / finite.length,
    max: finite[finite.length - 1] as number,
    p95: finite[Math.max(0, rank)] as number,
  };
}
