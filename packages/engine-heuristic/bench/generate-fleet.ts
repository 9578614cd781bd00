import {
  createStaticPriceCatalog,
  type MetricSeries,
  type PriceCatalogV1,
  type Resource,
} from '@finops-autopilot/core';

/** Real us-east-1 on-demand Linux prices (USD/hour) of the sizes the generated fleet uses. */
const TYPES = [
  { type: 'm5.large', family: 'm5', vcpu: 2, memoryGiB: 8, price: 0.096 },
  { type: 'm5.xlarge', family: 'm5', vcpu: 4, memoryGiB: 16, price: 0.192 },
  { type: 'm5.2xlarge', family: 'm5', vcpu: 8, memoryGiB: 32, price: 0.384 },
  { type: 'm5.4xlarge', family: 'm5', vcpu: 16, memoryGiB: 64, price: 0.768 },
  { type: 'm6i.large', family: 'm6i', vcpu: 2, memoryGiB: 8, price: 0.096 },
  { type: 'm6i.xlarge', family: 'm6i', vcpu: 4, memoryGiB: 16, price: 0.192 },
  { type: 'm6i.2xlarge', family: 'm6i', vcpu: 8, memoryGiB: 32, price: 0.384 },
  { type: 'm6g.large', family: 'm6g', vcpu: 2, memoryGiB: 8, price: 0.077, arm: true },
  { type: 'm6g.xlarge', family: 'm6g', vcpu: 4, memoryGiB: 16, price: 0.154, arm: true },
  { type: 'm6g.2xlarge', family: 'm6g', vcpu: 8, memoryGiB: 32, price: 0.308, arm: true },
  { type: 'c5.large', family: 'c5', vcpu: 2, memoryGiB: 4, price: 0.085 },
  { type: 'c5.xlarge', family: 'c5', vcpu: 4, memoryGiB: 8, price: 0.17 },
  { type: 'c5.2xlarge', family: 'c5', vcpu: 8, memoryGiB: 16, price: 0.34 },
  { type: 'r5.large', family: 'r5', vcpu: 2, memoryGiB: 16, price: 0.126 },
  { type: 'r5.xlarge', family: 'r5', vcpu: 4, memoryGiB: 32, price: 0.252 },
  { type: 'r5.2xlarge', family: 'r5', vcpu: 8, memoryGiB: 64, price: 0.504 },
] as const;

export function benchCatalog(): PriceCatalogV1 {
  return createStaticPriceCatalog({
    snapshotDate: '2026-07-20',
    name: 'bench prices',
    entries: TYPES.map((entry) => ({
      provider: 'aws',
      service: 'ec2',
      region: 'us-east-1',
      type: entry.type,
      family: entry.family,
      generation: Number(entry.family.replace(/\D/g, '')),
      size: entry.type.split('.')[1],
      vcpu: entry.vcpu,
      memoryGiB: entry.memoryGiB,
      architecture: 'arm' in entry ? 'arm64' : 'x86_64',
      price: entry.price,
      unit: 'hour',
      currency: 'USD',
    })),
  });
}

/** Small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The kinds of instance the generated fleet mixes. */
export type Archetype = 'over-provisioned' | 'right-sized' | 'saturated' | 'idle' | 'office-hours';

/** A repeating pattern of archetypes, one per instance in turn. */
export type FleetMix = readonly Archetype[];

const O = 'over-provisioned';
const R = 'right-sized';
const S = 'saturated';
const I = 'idle';
const F = 'office-hours';

/**
 * Worst case, the headline: a recommendation for nearly every instance
 * (50% over-provisioned, 20% right-sized, 10% saturated, 10% idle, 10% office hours).
 */
export const WORST_CASE_MIX: FleetMix = [O, O, O, O, O, R, R, S, I, F];
/** A more typical fleet: 30% over-provisioned, 50% right-sized, 5% saturated, 5% idle, 10% office hours. */
export const TYPICAL_MIX: FleetMix = [O, O, O, R, R, R, R, R, S, F, O, O, O, R, R, R, R, R, I, F];

export const MIXES: Readonly<Record<string, FleetMix>> = { worst: WORST_CASE_MIX, typical: TYPICAL_MIX };

/**
 * A fleet of `count` EC2 instances with `days` of hourly CPU and memory, in
 * memory, mixing archetypes in the repeating pattern `mix`. One timestamp
 * array is shared by every series; values are packed double arrays of exactly
 * their length (8 bytes a point), never holey.
 */
export function generateFleet(
  count: number,
  days: number,
  end = Date.parse('2026-01-15T00:00:00Z'),
  mix: FleetMix = WORST_CASE_MIX,
) {
  const hours = days * 24;
  const timestamps = Array.from({ length: hours }, (_, index) => end - (hours - index) * 3_600_000);
  // Per hour of the window, shared by every instance: the shape of an office-hours
  // instance and of any other instance (no Date per point).
  const officeShape: number[] = [];
  const dailyShape: number[] = [];
  for (const timestamp of timestamps) {
    const at = new Date(timestamp);
    const weekday = at.getUTCDay() >= 1 && at.getUTCDay() <= 5;
    const office = at.getUTCHours() >= 8 && at.getUTCHours() < 19;
    officeShape.push(weekday && office ? 1 : 0.02);
    dailyShape.push(0.8 + 0.4 * Math.sin((at.getUTCHours() / 24) * 2 * Math.PI));
  }
  const memoryScratch = new Float64Array(hours);
  const next = random(42);
  const sizes = TYPES.filter((entry) => entry.vcpu >= 4 && !('arm' in entry));
  const resources: Resource[] = [];
  const metrics: MetricSeries[] = [];
  for (let index = 0; index < count; index++) {
    const size = sizes[index % sizes.length]!;
    const id = `i-${index.toString(16).padStart(8, '0')}`;
    const archetype = mix[index % mix.length]!;
    const level =
      archetype === 'over-provisioned'
        ? 5 + next() * 15
        : archetype === 'right-sized'
          ? 40 + next() * 20
          : archetype === 'saturated'
            ? 85
            : archetype === 'idle'
              ? 0.5
              : 30;
    resources.push({
      id,
      provider: 'aws',
      account: '111122223333',
      region: 'us-east-1',
      service: 'ec2',
      kind: 'compute-instance',
      type: size.type,
      state: 'running',
      tags: { env: archetype === 'office-hours' ? 'dev' : index % 3 === 0 ? 'prod' : 'staging' },
      spec: { vcpu: size.vcpu, memoryGiB: size.memoryGiB, architecture: 'x86_64' },
      hourlyPrice: size.price,
      currency: 'USD',
    });
    const shapes = archetype === 'office-hours' ? officeShape : dailyShape;
    // Array.from over a length gives packed double arrays of exactly `hours`
    // elements (an array grown by push keeps up to half again as much spare
    // capacity). CPU and memory draw from the generator in turn, hour by hour.
    const cpu = Array.from({ length: hours }, (_, hour) => {
      const value = Math.min(100, level * shapes[hour]! * (0.9 + 0.2 * next()));
      memoryScratch[hour] = Math.min(100, 30 + level * 0.3 + 5 * next());
      return value;
    });
    const memory = Array.from({ length: hours }, (_, hour) => memoryScratch[hour]!);
    metrics.push({
      resourceId: id,
      metric: 'CPUUtilization',
      unit: 'Percent',
      statistic: 'Average',
      periodSeconds: 3600,
      timestamps,
      values: cpu,
    });
    metrics.push({
      resourceId: id,
      metric: 'mem_used_percent',
      unit: 'Percent',
      statistic: 'Average',
      periodSeconds: 3600,
      timestamps,
      values: memory,
    });
  }
  return { resources, metrics, now: new Date(end).toISOString(), points: count * hours * 2 };
}
