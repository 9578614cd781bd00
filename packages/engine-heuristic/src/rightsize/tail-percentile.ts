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

const earlierTail = new Float64Array(MAX_TAIL);
const recentTail = new Float64Array(MAX_TAIL);

/**
 * What {@link tailPercentileWithHalves} measured: the percentile over the whole
 * slice, over its earlier and its recent half, and the sum of the slice.
 */
export interface TailWithHalves {
  window: number;
  earlier: number;
  recent: number;
  sum: number;
}

const withHalves: TailWithHalves = { window: 0, earlier: 0, recent: 0, sum: 0 };

/**
 * `tailPercentile` over `values[start..end)`, `[start..middle)` and
 * `[middle..end)`, and the sum of `values[start..end)` (added in index order,
 * as `stats.mean` does), in one pass: each half keeps its largest values, and
 * the window's tail is the tail of the union of both halves' buffers.
 * Returns `undefined` (measure each slice with `tailPercentile` instead) when a
 * tail is too long for the buffers or a value is NaN, on which the buffers'
 * comparisons depend on the order of the values. The object returned is reused
 * by the next call.
 */
export function tailPercentileWithHalves(
  values: ArrayLike<number>,
  p: number,
  start: number,
  middle: number,
  end: number,
): TailWithHalves | undefined {
  const windowUpper = tailSize(p, end - start);
  const earlierUpper = tailSize(p, middle - start);
  const recentUpper = tailSize(p, end - middle);
  if (windowUpper === 0 || earlierUpper === 0 || recentUpper === 0) return undefined;
  const size = Math.max(windowUpper, earlierUpper, recentUpper);
  let sum = 0;
  let filledEarlier = 0;
  for (let index = start; index < middle; index++) {
    const value = values[index]!;
    if (Number.isNaN(value)) return undefined;
    sum += value;
    if (filledEarlier < size) {
      let position = filledEarlier++;
      while (position > 0 && earlierTail[position - 1]! > value) {
        earlierTail[position] = earlierTail[position - 1]!;
        position--;
      }
      earlierTail[position] = value;
    } else if (value > earlierTail[0]!) {
      let position = 0;
      while (position + 1 < size && earlierTail[position + 1]! < value) {
        earlierTail[position] = earlierTail[position + 1]!;
        position++;
      }
      earlierTail[position] = value;
    }
  }
  let filledRecent = 0;
  for (let index = middle; index < end; index++) {
    const value = values[index]!;
    if (Number.isNaN(value)) return undefined;
    sum += value;
    if (filledRecent < size) {
      let position = filledRecent++;
      while (position > 0 && recentTail[position - 1]! > value) {
        recentTail[position] = recentTail[position - 1]!;
        position--;
      }
      recentTail[position] = value;
    } else if (value > recentTail[0]!) {
      let position = 0;
      while (position + 1 < size && recentTail[position + 1]! < value) {
        recentTail[position] = recentTail[position + 1]!;
        position++;
      }
      recentTail[position] = value;
    }
  }
  // Both buffers are ascending: walk down from their largest to the window's `windowUpper`-th largest.
  let earlierAt = filledEarlier - 1;
  let recentAt = filledRecent - 1;
  let value = 0;
  for (let taken = 0; taken < windowUpper; taken++) {
    if (recentAt < 0 || (earlierAt >= 0 && earlierTail[earlierAt]! >= recentTail[recentAt]!)) {
      value = earlierTail[earlierAt--]!;
    } else {
      value = recentTail[recentAt--]!;
    }
  }
  withHalves.window = value;
  withHalves.earlier = earlierTail[filledEarlier - earlierUpper]!;
  withHalves.recent = recentTail[filledRecent - recentUpper]!;
  withHalves.sum = sum;
  return withHalves;
}

/**
 * How many of the largest values `tailPercentile` keeps for `count` values at
 * percentile `p`; 0 when it would not take the path of the largest values.
 */
function tailSize(p: number, count: number): number {
  if (count <= 0) return 0;
  const rank = Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1));
  const upper = count - rank;
  return upper <= MAX_TAIL && upper <= rank + 1 ? upper : 0;
}
