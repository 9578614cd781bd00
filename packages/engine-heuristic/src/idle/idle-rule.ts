import { HOURS_PER_MONTH } from '@finops-autopilot/core';
import { flat } from '../rightsize/text.js';
import { CalculationBuilder } from '../shared/calculation-builder.js';
import { CONFIDENCE_FORMULA, type ConfidenceFactors, confidenceOf } from '../shared/confidence.js';
import { currencyUnit } from '../shared/currency-unit.js';
import type { DraftFields } from '../shared/draft-fields.js';
import { draftBase, type Rule, type RuleContext } from '../shared/resource-context.js';
import { coefficientOfVariation, round } from '../shared/stats.js';
import { readIdleActivity } from './idle-activity.js';
import { activityNotes, idleEvidence, stillBilled, UNMEASURED_ACTIVITY_PENALTY } from './idle-notes.js';

/** Method id of the idle calculation. */
export const IDLE_METHOD = 'idle.max-threshold@1';

/**
 * Idle detection: CPU never above `idle.cpuPercent` in the whole window (the
 * max, not a percentile: one busy hour means someone uses it), network in + out
 * never above `idle.networkBytesPerHour` when measured, and no database
 * connection when `DatabaseConnections` is measured. Proposes to stop the
 * resource (for Redshift, to pause the cluster); savings = hourly price × 730.
 *
 * Always high risk: stopping breaks whatever still depends on the resource,
 * and only a person can know that. What keeps billing while stopped (EBS
 * volumes, RDS storage, Redshift managed storage) is named in the notes and
 * left out of the savings.
 */
export const idleRule: Rule = (context, output) => {
  const { resource, options } = context;
  const activity = readIdleActivity(
    context.metrics,
    options.idle.cpuPercent,
    options.idle.networkBytesPerHour,
  );
  if (!activity) return;
  const price = hourlyPrice(context);
  if (!price) {
    output.diagnostics.push({
      resourceId: resource.id,
      level: 'info',
      code: 'no-price',
      message: flat`${resource.id} looks idle but ${resource.type} has no ${resource.service} price in ${resource.region}`,
    });
    return;
  }
  const cpu = activity.cpu;
  const factors: ConfidenceFactors = {
    history: Math.min(1, cpu.hours / (options.lookbackDays * 24)),
    coverage: cpu.coverage,
    volatility: coefficientOfVariation(cpu.series.values, cpu.start, cpu.end),
  };
  let confidence = confidenceOf(factors);
  const unmeasured = !activity.network && activity.connectionsMax === undefined;
  if (unmeasured) confidence = round(Math.max(0, confidence - UNMEASURED_ACTIVITY_PENALTY), 2);

  const builder = new CalculationBuilder(
    IDLE_METHOD,
    'idle when max CPU ≤ CPU threshold and max network in + out per hour ≤ network threshold over the whole window; monthly savings = hourly price × hours per month',
  );
  builder
    .input('cpuMax', activity.cpuMax, '%', 'CPUUtilization max over the window')
    .constant('cpuThreshold', options.idle.cpuPercent, '%', 'options.idle.cpuPercent')
    .constant('windowDays', options.lookbackDays, 'days')
    .constant('points', cpu.count)
    .constant('coverage', round(cpu.coverage, 3))
    .constant(
      'networkThreshold',
      options.idle.networkBytesPerHour,
      'bytes/h',
      'options.idle.networkBytesPerHour',
    );
  for (const direction of [activity.network?.reading.inbound, activity.network?.reading.outbound]) {
    if (direction)
      builder.input(direction.metric, direction.value, direction.unit, flat`${direction.metric} max`);
  }
  if (activity.connectionsMax !== undefined) {
    builder.input('connectionsMax', activity.connectionsMax, 'connections', 'DatabaseConnections max');
  }
  builder
    .constant('hourlyPrice', price.value, currencyUnit(resource.currency, '/h'), price.source)
    .constant('hoursPerMonth', HOURS_PER_MONTH, 'h')
    .constant(
      'confidenceHistory',
      round(factors.history, 3),
      undefined,
      'hours of data ÷ hours in the window',
    )
    .constant('confidenceCoverage', round(factors.coverage, 3))
    .input(
      'confidenceVolatility',
      round(factors.volatility, 3),
      undefined,
      'coefficient of variation of CPU',
    );
  if (price.nodes > 1) builder.constant('nodes', price.nodes, 'nodes');
  if (price.snapshotDate) builder.constant('priceSnapshotDate', price.snapshotDate);

  if (activity.network) {
    builder.step(
      'network in + out per hour (upper bound)',
      activity.network.expression,
      activity.network.bytesPerHour,
      'bytes/h',
    );
  }
  const savings = builder.step(
    'monthly savings',
    flat`${price.expression} × ${HOURS_PER_MONTH}`,
    round(price.value * HOURS_PER_MONTH, 2),
    currencyUnit(resource.currency, '/month'),
  );
  for (const note of activityNotes(activity, unmeasured)) builder.note(note);
  for (const note of stillBilled(context)) builder.note(note);
  builder.note(
    'Risk is always high: only a person can know whether something still depends on this resource.',
  );
  builder.note(CONFIDENCE_FORMULA);

  const label = resource.name ?? resource.id;
  const pause = resource.service === 'redshift';
  const fields: DraftFields = {
    kind: 'idle',
    action: { type: 'stop' },
    title: pause
      ? flat`Pause idle Redshift cluster ${label}`
      : flat`Stop idle ${resource.kind === 'database-instance' ? 'database' : 'instance'} ${label}`,
    summary: flat`CPU never above ${activity.cpuMax}% in ${options.lookbackDays} days${
      activity.network
        ? flat`, network at most ${activity.network.bytesPerHour} bytes/h`
        : ', network not measured'
    }; ${pause ? 'pausing' : 'stopping'} saves ${savings} ${resource.currency}/month.`,
    estimatedMonthlySavings: savings,
    confidence,
    risk: 'high',
    calculation: builder.build(),
    evidence: idleEvidence(context, activity),
  };
  // Object.assign rather than a spread: see `shared/draft-fields.ts`.
  output.recommendations.push(Object.assign(draftBase(context), fields));
};

interface HourlyPrice {
  value: number;
  /** The price as written in the savings step, e.g. `0.25 × 2`. */
  expression: string;
  source: string;
  nodes: number;
  snapshotDate: string | undefined;
}

/** The resource's own hourly price (covers every node); else the catalog's list price × nodes. */
function hourlyPrice(context: RuleContext): HourlyPrice | undefined {
  const { resource, prices } = context;
  const nodes = resource.spec.nodes ?? 1;
  if (resource.hourlyPrice !== undefined && resource.hourlyPrice > 0) {
    const source = nodes > 1 ? flat`resource hourly price (all ${nodes} nodes)` : 'resource hourly price';
    return {
      value: resource.hourlyPrice,
      expression: flat`${resource.hourlyPrice}`,
      source,
      nodes,
      snapshotDate: undefined,
    };
  }
  const entry = prices.find({ service: resource.service, region: resource.region, type: resource.type });
  if (entry?.unit !== 'hour' || entry.price <= 0) return undefined;
  return {
    value: round(entry.price * nodes, 6),
    expression: nodes > 1 ? flat`${entry.price} × ${nodes}` : flat`${entry.price}`,
    source: flat`price catalog ${resource.service} ${resource.region} (${prices.snapshotDate})${nodes > 1 ? ', per node' : ''}`,
    nodes,
    snapshotDate: prices.snapshotDate,
  };
}
