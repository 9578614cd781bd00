import { percentile } from '../shared/stats.js';

/**
 * Tails up to this many values are kept in a small sorted buffer; larger tails
 * (low percentiles of long series) use the general quickselect.
 */
const MAX_TAIL = 64;
const tail = new Float64Array(MAX_TAIL);

/**
 * The same nearest-rank percentile as `shared/stats.percentile` (p in 0..100),
 * faster for the tails rightsizing asks for: p99.5 of 336 hourly points is the
 * 2nd largest value, so one pass keeping the 2 largest beats copying and
 * selecting. Falls back to `percentile` when the tail is longer than 64 values.
 * Reads `values[start..end)` only; copies and sorts nothing.
 */
export function tailPercentile(values: ArrayLike<number>, p: number, start: number, end: number): number {
  const count = end - start;
  if (count <= 0) return Number.NaN;
  const rank = Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1));
  const upper = count - rank;
  if (upper <= MAX_TAIL && upper <= rank + 1) return largest(values, start, end, upper);
  if (rank + 1 <= MAX_TAIL) return smallest(values, start, end, rank + 1);
  return percentile(values, p, start, end);
}

/** The `size`-th largest of the slice: keeps the `size` largest in ascending order, `tail[0]` the least. */
function largest(values: ArrayLike<number>, start: number, end: number, size: number): number {
  let filled = 0;
  for (let index = start; index < end; index++) {
    const value = values[index]!;
    if (filled < size) {
      let position = filled++;
      while (position > 0 && tail[position - 1]! > value) {
        tail[position] = tail[position - 1]!;
        position--;
      }
      tail[position] = value;
    } else if (value > tail[0]!) {
      let position = 0;
      while (position + 1 < size && tail[position + 1]! < value) {
        tail[position] = tail[position + 1]!;
        position++;
      }
      tail[position] = value;
    }
  }
  return tail[0]!;
}

/** The `size`-th smallest of the slice: keeps the `size` smallest in descending order, `tail[0]` the greatest. */
function smallest(values: ArrayLike<number>, start: number, end: number, size: number): number {
  let filled = 0;
  for (let index = start; index < end; index++) {
    const value = values[index]!;
    if (filled < size) {
      let position = filled++;
      while (position > 0 && tail[position - 1]! < value) {
        tail[position] = tail[position - 1]!;
        position--;
      }
      tail[position] = value;
    } else if (value < tail[0]!) {
      let position = 0;
      while (position + 1 < size && tail[position + 1]! > value) {
        tail[position] = tail[position + 1]!;
        position++;
      }
      tail[position] = value;
    }
  }
  return tail[0]!;
}
