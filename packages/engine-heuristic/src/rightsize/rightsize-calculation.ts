import { type Calculation, type CalculationStep, HOURS_PER_MONTH } from '@finops-autopilot/core';
import { PERCENTILES, type PercentileName } from '../options.js';
import { CalculationBuilder } from '../shared/calculation-builder.js';
import { CONFIDENCE_FORMULA, type ConfidenceFactors } from '../shared/confidence.js';
import { round } from '../shared/stats.js';
import type { Candidate, CandidatePlan } from './candidate-plan.js';
import { type Capacity, type Demand, TREND_WEIGHT } from './demand.js';
import {
  memoryUsedExpression,
  networkGbpsExpression,
  requiredMemoryExpression,
  requiredNetworkExpression,
  requiredVcpuExpression,
  targetExpression,
  trendExpression,
} from './demand-expressions.js';
import type { PairText } from './pair-text.js';
import { flat } from './text.js';

/** Method id of a downsizing (or cheaper-family) calculation. */
export const DOWNSIZE_METHOD = 'rightsize.percentile-headroom@1';
/** Method id of an upsizing (performance fix) calculation. */
export const UPSIZE_METHOD = 'rightsize.upsize-saturation@1';

/** Everything the calculation of one resize shows. */
export interface ResizeCalculationInput {
  direction: 'down' | 'up';
  plan: CandidatePlan;
  target: Candidate;
  demand: Demand;
  capacity: Capacity;
  /** Texts and price arithmetic of this source → target move. */
  pair: PairText;
  nodes: number;
  percentile: PercentileName;
  lookbackDays: number;
  headroom: number;
  saturationPercent: number;
  snapshotDate: string;
  /** Where prices and specs come from, e.g. `price catalog ec2 us-east-1 (2026-07-20)`. */
  priceSource: string;
  factors: ConfidenceFactors;
  /** Notes added by the rule (compatibility, alternatives, price discrepancies, confidence). */
  notes: readonly string[];
}

/**
 * The calculation of a resize: required capacity per measured dimension,
 * projected peaks on the target, price difference and monthly savings
 * (negative for an upsize). Each step's value is computed from the rounded
 * numbers its expression shows.
 */
export function resizeCalculation(input: ResizeCalculationInput): Calculation {
  const { demand, capacity, target, plan, headroom, nodes, pair } = input;
  const source = plan.source;
  const to = target.type;
  const builder = new CalculationBuilder(
    input.direction === 'down' ? DOWNSIZE_METHOD : UPSIZE_METHOD,
    nodes > 1 ? CLUSTER_FORMULA : FORMULA,
  );
  builder
    .constant('percentile', input.percentile, undefined, 'options.percentile')
    .input('cpuPeak', demand.cpu.windowPeak, '%', CPU_SOURCES[input.percentile])
    .constant('windowDays', input.lookbackDays, 'days')
    .constant('points', demand.cpu.window.count)
    .constant('coverage', round(demand.cpu.window.coverage, 3))
    .constant('headroom', headroom)
    .constant('vcpuBefore', capacity.vcpu, nodes > 1 ? 'vCPU per node' : 'vCPU')
    .constant('vcpuAfter', to.vcpu ?? 0, nodes > 1 ? 'vCPU per node' : 'vCPU', input.priceSource);
  if (capacity.memoryGiB !== undefined) builder.constant('memoryBefore', capacity.memoryGiB, 'GiB');
  if (to.memoryGiB !== undefined) builder.constant('memoryAfter', to.memoryGiB, 'GiB', input.priceSource);
  if (nodes > 1) builder.constant('nodes', nodes, 'nodes');
  builder
    .constant('priceBefore', source.entry.price, pair.perHourUnit, pair.fromSource)
    .constant('priceAfter', to.entry.price, pair.perHourUnit, pair.toSource)
    .constant('priceSnapshotDate', input.snapshotDate)
    .constant('hoursPerMonth', HOURS_PER_MONTH, 'h')
    .constant(
      'confidenceHistory',
      round(input.factors.history, 3),
      undefined,
      'hours of data ÷ hours in the window',
    )
    .constant('confidenceCoverage', round(input.factors.coverage, 3))
    .input(
      'confidenceVolatility',
      round(input.factors.volatility, 3),
      undefined,
      'coefficient of variation of CPU',
    );
  if (input.direction === 'up') builder.constant('saturationPercent', input.saturationPercent, '%');

  builder.sharedStep(targetStep(headroom, demand.target));
  const trend = demand.cpu.trend;
  if (trend) {
    builder
      .input('cpuPeakEarlierHalf', trend.earlier, '%', EARLIER_SOURCES[input.percentile])
      .input('cpuPeakRecentHalf', trend.recent, '%', RECENT_SOURCES[input.percentile])
      .note(TREND_NOTE);
    builder.step('CPU peak with trend', trendExpression(demand.cpu), demand.cpu.peak, '%');
  }
  builder.step(
    'required vCPU',
    requiredVcpuExpression(demand.cpu, capacity.vcpu, headroom),
    demand.cpu.required,
    'vCPU',
  );
  builder.step(
    pair.cpuLabel,
    flat`${demand.cpu.peak} × ${capacity.vcpu} ÷ ${to.vcpu ?? 1}`,
    round((demand.cpu.peak * capacity.vcpu) / (to.vcpu ?? 1), 2),
    '%',
  );
  memorySteps(builder, input);
  networkSteps(builder, input);
  builder.sharedStep(pair.perHourStep);
  builder.sharedStep(input.direction === 'down' ? pair.monthlyStep.down : pair.monthlyStep.up);

  for (const note of plan.scope) builder.note(note);
  for (const note of input.notes) builder.note(note);
  if (target.compatibility !== 'same-family') {
    builder.note(
      'A vCPU counts as a vCPU across generations and architectures; newer generations are usually faster per vCPU, so the projection is conservative.',
    );
  }
  builder.note(CONFIDENCE_FORMULA);
  return builder.build();
}

function memorySteps(builder: CalculationBuilder, input: ResizeCalculationInput): void {
  const { demand, capacity, target } = input;
  const memory = demand.memory;
  const to = target.type;
  if (!memory || capacity.memoryGiB === undefined) {
    builder.note('Memory: not measured (no mem_used_percent or FreeableMemory); not a constraint.');
    return;
  }
  if (memory.metric === 'mem_used_percent') {
    builder.input('memoryPeak', memory.peakPercent, '%', MEMORY_SOURCES[input.percentile]);
  } else {
    builder.input('freeableMemoryLow', memory.freeBytes ?? 0, 'bytes', FREEABLE_SOURCES[input.percentile]);
    builder.step(
      'peak memory used',
      memoryUsedExpression(memory, capacity.memoryGiB),
      memory.usedGiB ?? 0,
      'GiB',
    );
  }
  builder.step(
    'required memory',
    requiredMemoryExpression(memory, capacity.memoryGiB, input.headroom),
    memory.required,
    'GiB',
  );
  if (to.memoryGiB === undefined) return;
  if (memory.metric === 'mem_used_percent') {
    builder.step(
      input.pair.memoryLabel,
      flat`${memory.peakPercent} × ${capacity.memoryGiB} ÷ ${to.memoryGiB}`,
      round((memory.peakPercent * capacity.memoryGiB) / to.memoryGiB, 2),
      '%',
    );
  } else {
    builder.step(
      input.pair.memoryLabel,
      flat`${memory.usedGiB ?? 0} ÷ ${to.memoryGiB} × 100`,
      round(((memory.usedGiB ?? 0) / to.memoryGiB) * 100, 2),
      '%',
    );
  }
}

function networkSteps(builder: CalculationBuilder, input: ResizeCalculationInput): void {
  const network = input.demand.network;
  const to = input.target.type;
  if (!network) {
    builder.note('Network: not measured (no NetworkIn/NetworkOut); not a constraint.');
    return;
  }
  for (const direction of [network.reading.inbound, network.reading.outbound]) {
    if (direction) {
      builder.input(
        direction.metric,
        direction.value,
        direction.unit,
        flat`${direction.metric} ${input.percentile}`,
      );
    }
  }
  if (network.reading.missing.length > 0) {
    builder.note(
      flat`Network: ${network.reading.missing.join(' and ')} not measured; only the other direction counted.`,
    );
  }
  builder.note('Network peak = peak in + peak out, which is never below the peak of in + out.');
  builder.step('peak network', networkGbpsExpression(network), network.gbps, 'Gbps');
  builder.step(
    'required bandwidth',
    requiredNetworkExpression(network, input.headroom),
    network.required,
    'Gbps',
  );
  if (to.networkGbps === undefined) {
    builder.note(flat`Network: the catalog gives ${to.entry.type} no bandwidth; not a constraint.`);
    return;
  }
  builder.constant('networkGbpsAfter', to.networkGbps, 'Gbps', input.priceSource);
  builder.step(
    input.pair.networkLabel,
    flat`${network.gbps} ÷ ${to.networkGbps} × 100`,
    round((network.gbps / to.networkGbps) * 100, 2),
    '%',
  );
}

const FORMULA =
  'required = peak ÷ 100 × capacity × (1 + headroom) on each measured dimension; the cheapest target whose capacity ≥ required is chosen; monthly savings = (price before − price after) × hours per month';
const CLUSTER_FORMULA = FORMULA.replace('× hours per month', '× nodes × hours per month');

/** Input sources per percentile, formatted once. */
const sources = (format: (name: PercentileName) => string) =>
  Object.fromEntries(
    (Object.keys(PERCENTILES) as PercentileName[]).map((name) => [name, format(name)]),
  ) as Record<PercentileName, string>;
const CPU_SOURCES = sources((name) => `CPUUtilization ${name} over the window`);
const EARLIER_SOURCES = sources((name) => `CPUUtilization ${name} over the earlier half of the window`);
const RECENT_SOURCES = sources((name) => `CPUUtilization ${name} over the recent half of the window`);
const TREND_NOTE = `CPU rose from the earlier to the recent half of the window: the peak sized for adds ${TREND_WEIGHT} × that growth to the recent half's peak.`;
const MEMORY_SOURCES = sources((name) => `mem_used_percent ${name}`);
const FREEABLE_SOURCES = sources(
  (name) =>
    `FreeableMemory p${round(100 - PERCENTILES[name], 2)} (the low of free memory is the peak of use)`,
);

const targetSteps = new Map<number, Readonly<CalculationStep>>();

/** The `target peak utilization` step, one frozen object per headroom. */
function targetStep(headroom: number, target: number): Readonly<CalculationStep> {
  let step = targetSteps.get(headroom);
  if (step === undefined || step.value !== target) {
    step = Object.freeze({
      label: 'target peak utilization',
      expression: targetExpression(headroom),
      value: target,
      unit: '%',
    });
    targetSteps.set(headroom, step);
  }
  return step;
}
