import type { MetricSeries } from '@finops-autopilot/core';
import { HOUR_MS } from './clock.js';
import { exists, isRunning, type SimEntity, type SimState, stateAt } from './model.js';
import { gaussian } from './random.js';
import { activity, cpuDemandCores, shapeById } from './shapes.js';

interface MetricDef {
  name: string;
  unit: string;
  statistic: 'Average' | 'Sum';
}

const CPU: MetricDef = { name: 'CPUUtilization', unit: 'Percent', statistic: 'Average' };
/** Metrics each simulated service emits. */
export const METRICS_BY_SERVICE: Record<string, readonly MetricDef[]> = {
  ec2: [
    CPU,
    { name: 'mem_used_percent', unit: 'Percent', statistic: 'Average' },
    { name: 'NetworkIn', unit: 'Bytes', statistic: 'Sum' },
    { name: 'NetworkOut', unit: 'Bytes', statistic: 'Sum' },
  ],
  rds: [CPU, { name: 'DatabaseConnections', unit: 'Count', statistic: 'Average' }],
  redshift: [CPU],
  ebs: [
    { name: 'VolumeReadOps', unit: 'Count', statistic: 'Sum' },
    { name: 'VolumeWriteOps', unit: 'Count', statistic: 'Sum' },
  ],
};

/** What the metric computation needs from the provider. */
export interface MetricContext {
  seed: number;
  entities: ReadonlyMap<string, SimEntity>;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * The value of one metric for the period `[startMs, startMs + periodMs)`, or
 * `undefined` when the resource emits no data then (deleted, stopped).
 */
export function metricValue(
  context: MetricContext,
  entity: SimEntity,
  metric: string,
  startMs: number,
  periodMs: number,
): number | undefined {
  const { seed } = context;
  const state = stateAt(entity, startMs);
  if (!exists(state)) return undefined;
  const seconds = periodMs / 1000;
  const bucket = Math.floor(startMs / periodMs);
  if (entity.identity.service === 'ebs') {
    const io = entity.io;
    if (!io) return undefined;
    const rate = metric === 'VolumeReadOps' ? io.readOpsPerSecond : io.writeOpsPerSecond;
    const level = volumeActivity(context, state, startMs, periodMs);
    const noise = Math.max(0, 1 + 0.2 * gaussian(seed, entity.identity.id, metric, periodMs, bucket));
    return Math.round(rate * level * noise * seconds);
  }
  const profile = entity.profile;
  if (!profile || !isRunning(state, startMs)) return undefined;
  const shape = shapeById(profile.shapeId);
  const nodes = state.spec.nodes ?? 1;
  switch (metric) {
    case 'CPUUtilization': {
      const demand = cpuDemandCores(profile, shape, seed, startMs, periodMs);
      return round(Math.min(100, (demand / ((state.spec.vcpu ?? 1) * nodes)) * 100));
    }
    case 'mem_used_percent': {
      const act = Math.min(3, activity(profile, shape, seed, startMs, periodMs));
      const used =
        profile.memoryGiB *
        (0.85 + 0.15 * act) *
        (1 + 0.02 * gaussian(seed, profile.key, metric, periodMs, bucket));
      return round(Math.min(100, (used / ((state.spec.memoryGiB ?? 1) * nodes)) * 100));
    }
    case 'NetworkIn':
    case 'NetworkOut': {
      const act = activity(profile, shape, seed, startMs, periodMs);
      const share = metric === 'NetworkIn' ? 1 : 0.6;
      const noise = Math.max(0, 1 + 0.25 * gaussian(seed, profile.key, metric, periodMs, bucket));
      return Math.round(profile.networkBytesPerSecond * share * act * noise * seconds);
    }
    case 'DatabaseConnections': {
      const demand = cpuDemandCores(profile, shape, seed, startMs, periodMs);
      return Math.round(Math.min(entity.maxConnections ?? 100, demand * 25));
    }
    default:
      return undefined;
  }
}

/** A volume's activity: that of its running instance, 0 when detached or the instance is off. */
function volumeActivity(context: MetricContext, state: SimState, startMs: number, periodMs: number): number {
  if (!state.attachedTo) return 0;
  const owner = context.entities.get(state.attachedTo);
  if (!owner?.profile) return 0;
  const ownerState = stateAt(owner, startMs);
  if (!isRunning(ownerState, startMs)) return 0;
  return activity(owner.profile, shapeById(owner.profile.shapeId), context.seed, startMs, periodMs);
}

/**
 * Series of one metric of one entity over `[fromMs, toMs)` at `periodSeconds`
 * (300, 3600, or a multiple of 3600 aggregated from hourly values).
 */
export function metricSeries(
  context: MetricContext,
  entity: SimEntity,
  def: MetricDef,
  fromMs: number,
  toMs: number,
  periodSeconds: number,
): MetricSeries | undefined {
  const periodMs = periodSeconds * 1000;
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let t = Math.ceil(fromMs / periodMs) * periodMs; t < toMs; t += periodMs) {
    let value: number | undefined;
    if (periodMs <= HOUR_MS) {
      value = metricValue(context, entity, def.name, t, periodMs);
    } else {
      const hourly: number[] = [];
      for (let h = t; h < Math.min(t + periodMs, toMs); h += HOUR_MS) {
        const v = metricValue(context, entity, def.name, h, HOUR_MS);
        if (v !== undefined) hourly.push(v);
      }
      if (hourly.length > 0) {
        const sum = hourly.reduce((a, b) => a + b, 0);
        value = def.statistic === 'Sum' ? sum : round(sum / hourly.length);
      }
    }
    if (value === undefined) continue;
    timestamps.push(t);
    values.push(value);
  }
  if (timestamps.length === 0) return undefined;
  return {
    resourceId: entity.identity.id,
    metric: def.name,
    unit: def.unit,
    statistic: def.statistic,
    periodSeconds,
    timestamps,
    values,
  };
}
