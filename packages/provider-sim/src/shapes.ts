import shapesData from '../data/shapes.json' with { type: 'json' };
import { DAY_MS, HOUR_MS } from './clock.js';
import { gaussian, valueNoise } from './random.js';

/** An hour-of-week CPU profile derived from one real Azure VM trace. */
export interface UtilizationShape {
  id: string;
  source: string;
  vmId: string;
  periodHours: number | null;
  points: number;
  meanPct: number;
  p95Pct: number;
  /** Residual std. dev. about the hour-of-week mean, relative to the overall mean. */
  volatility: number;
  /** 168 values, hour 0 = Monday 00:00: mean CPU %. */
  hourOfWeekMean: number[];
  /** 168 values: typical highest 5-minute max CPU % within the hour. */
  hourOfWeekMax: number[];
}

/** The bundled shapes (see `data/PROVENANCE.md`). */
export const SHAPES: readonly UtilizationShape[] = (shapesData as unknown as { shapes: UtilizationShape[] })
  .shapes;

/** How a resource's demand relates to its capacity. */
export type Archetype = 'over-provisioned' | 'right-sized' | 'saturated' | 'idle' | 'weekday-only';

/** Everything needed to compute a resource's demand at any time. Fixed at fleet creation. */
export interface DemandProfile {
  archetype: Archetype;
  shapeId: string;
  /** Random key of the resource (seed and resource id). */
  key: string;
  /** Mean CPU demand in vCPU cores (busy-hour mean for weekday-only). */
  baseCores: number;
  /** Demand outside busy hours (weekday-only), in cores. */
  offHoursCores: number;
  /** 0..1: how much of the shape's hour-to-hour variation is kept. */
  damping: number;
  /** Relative std. dev. of the per-period noise. */
  noiseSigma: number;
  /** Amplitude of the slow random drift (relative). */
  driftAmplitude: number;
  /** Days between drift knots. */
  driftDays: number;
  /** Relative demand change per 30 days. */
  trendPerMonth: number;
  /** Epoch ms the trend is measured from. */
  trendOrigin: number;
  /** Mean memory demand in GiB. */
  memoryGiB: number;
  /** Network bytes per second at mean activity. */
  networkBytesPerSecond: number;
}

/** Weekday (Mon–Fri) 08:00–19:00 UTC. */
export function isBusyHour(hourOfWeek: number): boolean {
  const day = Math.floor(hourOfWeek / 24);
  const hour = hourOfWeek % 24;
  return day < 5 && hour >= 8 && hour < 19;
}

/** The damping that keeps a shape's peak (relative to its mean) at or below `peakCap`. */
export function dampingFor(shape: UtilizationShape, peakCap: number): number {
  const peak = Math.max(...shape.hourOfWeekMean) / (shape.meanPct || 1);
  return peak <= peakCap ? 1 : Math.max(0, (peakCap - 1) / (peak - 1));
}

function shapeFactor(shape: UtilizationShape, damping: number, hourPosition: number): number {
  // Linear interpolation between hour-of-week means (hour centres at h + 0.5).
  const x = hourPosition - 0.5;
  const h0 = Math.floor(x);
  const f = x - h0;
  const at = (h: number) => shape.hourOfWeekMean[((h % 168) + 168) % 168]! / (shape.meanPct || 1);
  const raw = at(h0) * (1 - f) + at(h0 + 1) * f;
  return Math.max(0, 1 + damping * (raw - 1));
}

/** Slow multiplicative drift of demand (≥ 0.2), the same for every metric and period. */
export function drift(profile: DemandProfile, seed: number, atMs: number): number {
  const wave =
    profile.driftAmplitude * valueNoise(atMs / (profile.driftDays * DAY_MS), seed, profile.key, 'drift');
  const trend = (profile.trendPerMonth * (atMs - profile.trendOrigin)) / (30 * DAY_MS);
  return Math.max(0.2, 1 + wave + trend);
}

/**
 * Noise-free activity (1 = the profile's mean) for the period starting at
 * `startMs`: shape × drift, with weekday-only resources idling off hours.
 */
export function activity(
  profile: DemandProfile,
  shape: UtilizationShape,
  seed: number,
  startMs: number,
  periodMs: number,
): number {
  const mid = startMs + periodMs / 2;
  const weekStart = Date.UTC(1970, 0, 5); // a Monday
  const hourPosition = ((((mid - weekStart) / HOUR_MS) % 168) + 168) % 168;
  const d = drift(profile, seed, mid);
  if (profile.archetype === 'weekday-only' && !isBusyHour(Math.floor(hourPosition))) {
    return (profile.offHoursCores / (profile.baseCores || 1)) * Math.min(d, 1.5);
  }
  return shapeFactor(shape, profile.damping, hourPosition) * d;
}

/**
 * CPU demand in vCPU cores for one period: activity × base demand × seeded
 * noise keyed by seed, resource, period length and period index.
 */
export function cpuDemandCores(
  profile: DemandProfile,
  shape: UtilizationShape,
  seed: number,
  startMs: number,
  periodMs: number,
): number {
  const sigma = profile.noiseSigma * (periodMs < HOUR_MS ? 1.7 : 1);
  const noise = Math.max(
    0.05,
    1 + sigma * gaussian(seed, profile.key, 'cpu', periodMs, Math.floor(startMs / periodMs)),
  );
  return profile.baseCores * activity(profile, shape, seed, startMs, periodMs) * noise;
}

/** Looks a shape up by id. */
export function shapeById(id: string): UtilizationShape {
  const shape = SHAPES.find((s) => s.id === id);
  if (!shape) throw new Error(`unknown utilization shape ${id}`);
  return shape;
}
