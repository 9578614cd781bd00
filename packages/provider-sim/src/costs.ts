import type { CostRecord } from '@finops-autopilot/core';
import { HOUR_MS } from './clock.js';
import { isRunning, type SimEntity, type SimState } from './model.js';
import { HOURS_PER_MONTH } from './prices.js';

const SERVICE_NAMES: Record<string, { name: string; category: string; resourceType: string }> = {
  ec2: { name: 'Amazon Elastic Compute Cloud', category: 'Compute', resourceType: 'instance' },
  ebs: { name: 'Amazon Elastic Compute Cloud', category: 'Storage', resourceType: 'volume' },
  rds: { name: 'Amazon Relational Database Service', category: 'Databases', resourceType: 'db-instance' },
  redshift: { name: 'Amazon Redshift', category: 'Analytics', resourceType: 'cluster' },
};

/** Charge periods of a granularity that overlap `[fromMs, toMs)`, clipped to it (UTC boundaries). */
export function chargePeriods(
  granularity: 'hourly' | 'daily' | 'monthly',
  fromMs: number,
  toMs: number,
): [number, number][] {
  const periods: [number, number][] = [];
  let cursor = fromMs;
  while (cursor < toMs) {
    const d = new Date(cursor);
    let end: number;
    if (granularity === 'hourly') end = Math.floor(cursor / HOUR_MS) * HOUR_MS + HOUR_MS;
    else if (granularity === 'daily') end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
    else end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    periods.push([cursor, Math.min(end, toMs)]);
    cursor = Math.min(end, toMs);
  }
  return periods;
}

/** Hours the state is billed for within `[fromMs, toMs)`: running compute, or any existing volume. */
function billedHours(service: string, state: SimState, fromMs: number, toMs: number): number {
  if (state.state === 'deleted') return 0;
  if (service === 'ebs') return (toMs - fromMs) / HOUR_MS;
  if (state.state !== 'running') return 0;
  if (!state.schedule) return (toMs - fromMs) / HOUR_MS;
  let running = 0;
  for (let hour = Math.floor(fromMs / HOUR_MS) * HOUR_MS; hour < toMs; hour += HOUR_MS) {
    if (!isRunning(state, hour)) continue;
    running += Math.min(toMs, hour + HOUR_MS) - Math.max(fromMs, hour);
  }
  return running / HOUR_MS;
}

/**
 * FOCUS cost records of one resource for one charge period: one record per
 * type in force during the period (a resize mid-day gives two), none when
 * nothing was billed.
 */
export function costRecords(entity: SimEntity, fromMs: number, toMs: number): CostRecord[] {
  const { identity, timeline } = entity;
  const meta = SERVICE_NAMES[identity.service]!;
  const byType = new Map<string, { cost: number; hours: number; state: SimState }>();
  timeline.forEach((entry, index) => {
    const segStart = Math.max(entry.at, fromMs);
    const segEnd = Math.min(timeline[index + 1]?.at ?? Number.POSITIVE_INFINITY, toMs);
    if (segEnd <= segStart) return;
    const hours = billedHours(identity.service, entry.state, segStart, segEnd);
    if (hours <= 0) return;
    const current = byType.get(entry.state.type) ?? { cost: 0, hours: 0, state: entry.state };
    current.cost += hours * entry.state.hourlyPrice;
    current.hours += hours;
    current.state = entry.state;
    byType.set(entry.state.type, current);
  });
  const records: CostRecord[] = [];
  for (const [type, { cost, hours, state }] of byType) {
    const amount = Math.round(cost * 1e6) / 1e6;
    const isVolume = identity.service === 'ebs';
    const nodes = state.spec.nodes ?? 1;
    records.push({
      BillingAccountId: identity.account,
      SubAccountId: identity.account,
      ChargePeriodStart: new Date(fromMs).toISOString(),
      ChargePeriodEnd: new Date(toMs).toISOString(),
      ChargeCategory: 'Usage',
      BilledCost: amount,
      EffectiveCost: amount,
      ListCost: amount,
      BillingCurrency: 'USD',
      ServiceName: meta.name,
      ServiceCategory: meta.category,
      ResourceId: identity.id,
      ResourceType: meta.resourceType,
      RegionId: identity.region,
      SkuId: `${identity.service}:${type}`,
      ConsumedQuantity: isVolume ? ((state.spec.storageGiB ?? 0) * hours) / HOURS_PER_MONTH : hours * nodes,
      ConsumedUnit: isVolume ? 'GB-Months' : 'Hours',
      PricingUnit: isVolume ? 'GB-Months' : 'Hours',
      Tags: { ...identity.tags },
      x_Extra: { service: identity.service, type, ...(nodes > 1 ? { nodes } : {}) },
    });
  }
  return records;
}
