import { between, pick } from './random.js';
import { type Archetype, type DemandProfile, dampingFor, SHAPES } from './shapes.js';

/** What demand profiles are drawn from. */
export interface ProfileOptions {
  seed: number;
  startMs: number;
}

/** One cycle of archetypes: 40% over-provisioned, 20% right-sized, 10% saturated, 10% idle, 20% weekday-only. */
export const ARCHETYPE_CYCLE: Archetype[] = [
  'over-provisioned',
  'weekday-only',
  'over-provisioned',
  'right-sized',
  'saturated',
  'over-provisioned',
  'idle',
  'weekday-only',
  'right-sized',
  'over-provisioned',
];

/** The `env` tag that fits an archetype (`r` is a uniform draw). */
export function envFor(archetype: Archetype, r: number): string {
  if (archetype === 'weekday-only') return r < 0.5 ? 'dev' : 'test';
  if (archetype === 'idle') return r < 0.4 ? 'dev' : r < 0.7 ? 'test' : 'staging';
  return r < 0.7 ? 'prod' : 'staging';
}

/** The demand profile of one resource: a shape, a target utilisation of its original vCPUs and a peak cap, by archetype. */
export function demandProfile(
  options: ProfileOptions,
  key: string,
  archetype: Archetype,
  vcpu: number,
  memoryGiB: number,
): DemandProfile {
  const { seed, startMs } = options;
  const shape = pick(SHAPES, seed, key, 'shape');
  const r = (label: string, min: number, max: number) => between(min, max, seed, key, label);
  const targets: Record<Archetype, [number, number, number]> = {
    'over-provisioned': [0.06, 0.16, 2.2],
    'right-sized': [0.35, 0.55, 1.5],
    saturated: [0.88, 0.97, 1.25],
    idle: [0.004, 0.015, 1.5],
    'weekday-only': [0.25, 0.5, 1.6],
  };
  const [low, high, peakCap] = targets[archetype];
  const utilization = r('util', low, high);
  const baseCores = utilization * vcpu;
  return {
    archetype,
    shapeId: shape.id,
    key,
    baseCores,
    offHoursCores: archetype === 'weekday-only' ? r('off', 0.004, 0.015) * vcpu : baseCores,
    damping: dampingFor(shape, peakCap),
    noiseSigma: Math.min(0.3, Math.max(0.04, shape.volatility * 0.25)),
    driftAmplitude: r('drift', 0.1, 0.25),
    driftDays: r('driftDays', 3, 8),
    trendPerMonth: r('trend', -0.05, 0.12),
    trendOrigin: startMs,
    memoryGiB:
      memoryGiB * r('mem', archetype === 'saturated' ? 0.6 : 0.2, archetype === 'saturated' ? 0.85 : 0.6),
    networkBytesPerSecond: Math.max(1, baseCores) * r('net', 2e5, 4e6),
  };
}
