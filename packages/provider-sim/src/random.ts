/**
 * Hash-based deterministic randomness: every random number is a pure function of
 * its keys (seed, resource, metric, time bucket), so the same inputs always give
 * the same value and nothing depends on call order.
 */

/** Murmur3's 32-bit finaliser. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of a string (FNV-1a, then mixed). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** 32-bit hash of a list of integers (or strings, hashed first). */
export function hashKeys(...keys: readonly (number | string)[]): number {
  let h = 0x9e3779b9;
  for (const key of keys) {
    const k = typeof key === 'string' ? hashString(key) : key;
    // Split large integers (epoch buckets) into two 32-bit halves.
    const low = k >>> 0;
    const high = Math.floor(k / 4_294_967_296) >>> 0;
    h = fmix32(h ^ low) + 0x6d2b79f5;
    h = fmix32(h ^ high);
  }
  return h >>> 0;
}

/** Uniform number in [0, 1) for the keys. */
export function uniform(...keys: readonly (number | string)[]): number {
  return hashKeys(...keys) / 4_294_967_296;
}

/** Approximately standard normal (Irwin–Hall sum of four uniforms), bounded to ±3.5. */
export function gaussian(...keys: readonly (number | string)[]): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += uniform(...keys, i);
  return (sum - 2) * Math.sqrt(3);
}

/** Uniform in [min, max) for the keys. */
export function between(min: number, max: number, ...keys: readonly (number | string)[]): number {
  return min + (max - min) * uniform(...keys);
}

/** One item of a non-empty list, picked by the keys. */
export function pick<T>(items: readonly T[], ...keys: readonly (number | string)[]): T {
  const item = items[Math.floor(uniform(...keys) * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/**
 * Smooth value noise in [-1, 1]: random values at integer knots of `x`,
 * cosine-interpolated between them.
 */
export function valueNoise(x: number, ...keys: readonly (number | string)[]): number {
  const k0 = Math.floor(x);
  const f = x - k0;
  const a = uniform(...keys, k0) * 2 - 1;
  const b = uniform(...keys, k0 + 1) * 2 - 1;
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return a * (1 - w) + b * w;
}

/** A deterministic sequence for one-off generation (fleet layout), keyed by a label. */
export function sequence(...keys: readonly (number | string)[]): () => number {
  let index = 0;
  return () => uniform(...keys, index++);
}
