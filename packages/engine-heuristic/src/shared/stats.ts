/**
 * Statistics over a slice `[start, end)` of a value array, without copying the
 * series: engines analyze hundreds of thousands of them per run.
 */

let scratch = new Float64Array(1024);

/**
 * Nearest-rank percentile (p in 0..100; 100 = max) of `values[start..end)`.
 * Linear time (quickselect on a reused buffer). Returns NaN for an empty slice.
 */
export function percentile(values: ArrayLike<number>, p: number, start = 0, end = values.length): number {
  const count = end - start;
  if (count <= 0) return Number.NaN;
  if (p >= 100) return max(values, start, end);
  const rank = Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1));
  if (scratch.length < count) scratch = new Float64Array(Math.max(count, scratch.length * 2));
  for (let index = 0; index < count; index++) scratch[index] = values[start + index]!;
  return select(scratch, 0, count - 1, rank);
}

/** The k-th smallest of `buffer[left..right]` (Hoare quickselect, median-of-three pivot). */
function select(buffer: Float64Array, left: number, right: number, k: number): number {
  let low = left;
  let high = right;
  while (high > low) {
    const middle = (low + high) >>> 1;
    const a = buffer[low]!;
    const b = buffer[middle]!;
    const c = buffer[high]!;
    // Median of three: the middle value of a, b and c.
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = low;
    let j = high;
    while (i <= j) {
      while (buffer[i]! < pivot) i++;
      while (buffer[j]! > pivot) j--;
      if (i <= j) {
        const swap = buffer[i]!;
        buffer[i] = buffer[j]!;
        buffer[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return buffer[k]!;
  }
  return buffer[k]!;
}

export function max(values: ArrayLike<number>, start = 0, end = values.length): number {
  let result = Number.NEGATIVE_INFINITY;
  for (let index = start; index < end; index++) if (values[index]! > result) result = values[index]!;
  return end > start ? result : Number.NaN;
}

export function mean(values: ArrayLike<number>, start = 0, end = values.length): number {
  let sum = 0;
  for (let index = start; index < end; index++) sum += values[index]!;
  return end > start ? sum / (end - start) : Number.NaN;
}

/**
 * Coefficient of variation (standard deviation / mean); 0 for a flat or zero series.
 * `average` is the slice's `mean` when the caller already has it.
 */
export function coefficientOfVariation(
  values: ArrayLike<number>,
  start = 0,
  end = values.length,
  average = mean(values, start, end),
): number {
  if (!(average > 0)) return 0;
  let squares = 0;
  for (let index = start; index < end; index++) squares += (values[index]! - average) ** 2;
  return Math.sqrt(squares / (end - start)) / average;
}

/** Rounds to `digits` decimals (half away from zero), as shown to people. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.sign(value) * (Math.round(Math.abs(value) * factor + Number.EPSILON) / factor);
}
