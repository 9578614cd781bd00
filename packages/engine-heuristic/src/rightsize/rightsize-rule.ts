import { HOURS_PER_MONTH, type RecommendationDraft, type Risk } from '@finops-autopilot/core';
import { PERCENTILES } from '../options.js';
import { type ConfidenceFactors, confidenceOf } from '../shared/confidence.js';
import type { DraftFields } from '../shared/draft-fields.js';
import { draftBase, type Rule, type RuleContext, type RuleOutput } from '../shared/resource-context.js';
import { coefficientOfVariation, mean, round } from '../shared/stats.js';
import { type Candidate, type CandidatePlan, candidatePlan } from './candidate-plan.js';
import { type ServiceIndex, serviceIndex } from './catalog-index.js';
import { type Capacity, type Demand, measureDemand } from './demand.js';
import { type PairText, pairText } from './pair-text.js';
import { resizeCalculation } from './rightsize-calculation.js';
import { rightsizeEvidence } from './rightsize-evidence.js';
import { cheapestFit, isSaturated, lowerRiskAlternative } from './select-target.js';
import { flat } from './text.js';

/**
 * Confidence taken off a downsizing when memory is not measured and the target
 * has less memory than the resource. Unmeasured memory is no constraint (the
 * CloudWatch agent is often missing), but the projection cannot see the risk of
 * running out of memory: such a proposal also gets at least `medium` risk, so
 * no policy that runs only low-risk changes on its own (the default one) applies
 * it without a person.
 */
export const UNMEASURED_MEMORY_PENALTY = 0.1;

/** Services whose resources are databases (an architecture change is judged differently). */
const DATABASE_SERVICES = new Set(['rds', 'redshift']);

/**
 * Rightsizing, down and up. Peak = the configured percentile of CPU (and of
 * memory, network when measured) over the lookback window; required capacity =
 * peak × current capacity × (1 + headroom).
 *
 * - Saturated (peak CPU or memory ≥ `saturationPercent`): proposes the cheapest
 *   larger size of the same family that holds the demand — a performance fix,
 *   with negative savings (a cost) and medium risk.
 * - Otherwise: proposes the cheapest cheaper type that holds the demand on every
 *   measured dimension (see `candidatePlan` for which types are searched), when
 *   it saves at least `minMonthlySavings` per month.
 *
 * Prices of both sides come from the catalog, so the difference compares like
 * with like; for Redshift the node count multiplies it. Candidate lists are
 * indexed once per catalog; per resource the work is a few linear passes over
 * its series.
 */
export const rightsizeRule: Rule = (context, output) => {
  const { resource, options, prices } = context;
  const cpuWindow = context.metrics.get('CPUUtilization');
  if (!cpuWindow) return;
  const index = serviceIndex(prices, resource.service, resource.region);
  const source = index.byType.get(resource.type);
  if (!source) {
    diagnose(
      output,
      context,
      'no-price',
      flat`${resource.type} has no ${resource.service} price in ${resource.region}`,
    );
    return;
  }
  if (source.unsupported) {
    diagnose(
      output,
      context,
      'rightsize-unsupported-type',
      flat`${resource.type} is not rightsized: ${source.unsupported}`,
    );
    return;
  }
  const vcpu = resource.spec.vcpu ?? source.vcpu;
  if (vcpu === undefined) return;
  const capacity: Capacity = { vcpu, memoryGiB: resource.spec.memoryGiB ?? source.memoryGiB };
  const plan = candidatePlan(index, source, options.rightsizing);
  if (plan.cheaper.length === 0 && plan.larger.length === 0) return;

  const demand = measureDemand(
    context.metrics,
    cpuWindow,
    PERCENTILES[options.percentile],
    options.headroom,
    capacity,
  );
  const saturated = isSaturated(demand, options.rightsizing.saturationPercent);
  const target = cheapestFit(saturated ? plan.larger : plan.cheaper, demand);
  if (!target) {
    if (saturated) {
      diagnose(
        output,
        context,
        'saturated-no-larger-size',
        flat`${resource.type} is saturated (CPU ${options.percentile} ${demand.cpu.windowPeak}%) and no larger ${source.name.family} size holds the demand`,
        'warning',
      );
    }
    return;
  }
  const nodes = resource.spec.nodes ?? 1;
  const pair = pairText(
    plan,
    target,
    nodes,
    resource.currency,
    index.priceSource,
    DATABASE_SERVICES.has(resource.service),
  );
  if (!saturated && pair.monthly < options.rightsizing.minMonthlySavings) return;
  output.recommendations.push(
    draft({ context, index, plan, target, pair, demand, capacity, nodes, saturated }),
  );
};

interface Proposal {
  context: RuleContext;
  index: ServiceIndex;
  plan: CandidatePlan;
  target: Candidate;
  pair: PairText;
  demand: Demand;
  capacity: Capacity;
  nodes: number;
  saturated: boolean;
}

function draft(proposal: Proposal): RecommendationDraft {
  const { context, plan, target, pair, demand, capacity, nodes, saturated } = proposal;
  const { resource, options, prices } = context;
  const cpu = demand.cpu.window;
  const factors: ConfidenceFactors = {
    history: Math.min(1, cpu.hours / (options.lookbackDays * 24)),
    coverage: cpu.coverage,
    volatility: coefficientOfVariation(cpu.series.values, cpu.start, cpu.end, demand.cpu.mean),
  };
  let confidence = confidenceOf(factors);
  const to = target.type;
  const notes: string[] = [pair.compatibilityNote];
  let risk: Risk = saturated ? 'medium' : target.risk;
  if (!saturated && !demand.memory && (to.memoryGiB ?? 0) < (capacity.memoryGiB ?? 0)) {
    confidence = round(Math.max(0, confidence - UNMEASURED_MEMORY_PENALTY), 2);
    if (risk === 'low') risk = 'medium';
    notes.push(
      flat`Memory is not measured and ${to.entry.type} has less memory (${to.memoryGiB ?? 0} GiB) than now (${capacity.memoryGiB ?? 0} GiB): confidence lowered by ${UNMEASURED_MEMORY_PENALTY} and risk at least medium, so a person checks memory use first.`,
    );
  }
  contextNotes(proposal, notes);
  const calculation = resizeCalculation({
    direction: saturated ? 'up' : 'down',
    plan,
    target,
    demand,
    capacity,
    pair,
    nodes,
    percentile: options.percentile,
    lookbackDays: options.lookbackDays,
    headroom: options.headroom,
    saturationPercent: options.rightsizing.saturationPercent,
    snapshotDate: prices.snapshotDate,
    priceSource: proposal.index.priceSource,
    factors,
    notes,
  });
  const savings = pair.monthly;
  const label = resource.name ?? resource.id;
  const from = plan.source.entry.type;
  const projected = round((demand.cpu.peak * capacity.vcpu) / (to.vcpu ?? 1), 2);
  const memory = demand.memory ? flat` and memory ${demand.memory.peakPercent}%` : '';
  const fields: DraftFields = {
    kind: 'rightsize',
    action: { type: 'resize', from, to: to.entry.type },
    title: saturated
      ? flat`Performance fix: upsize ${label} from ${from} to ${to.entry.type}`
      : flat`Resize ${label} from ${from} to ${to.entry.type}`,
    summary: saturated
      ? flat`Saturated at CPU ${options.percentile} ${demand.cpu.windowPeak}%${memory}; ${to.entry.type} brings the projected CPU peak to ${projected}% for ${-savings} ${resource.currency}/month more.`
      : flat`CPU ${options.percentile} is ${demand.cpu.windowPeak}%${demand.cpu.trend ? flat` (${demand.cpu.peak}% with its rising trend)` : ''} of ${capacity.vcpu} vCPU; ${to.entry.type} (${to.vcpu ?? 0} vCPU, ${to.memoryGiB ?? 0} GiB) holds it at ${projected}% with ${round(options.headroom * 100, 2)}% headroom and saves ${savings} ${resource.currency}/month.`,
    estimatedMonthlySavings: savings,
    confidence,
    risk,
    calculation,
    evidence: rightsizeEvidence(context, demand),
  };
  // Object.assign rather than a spread: see `shared/draft-fields.ts`.
  return Object.assign(draftBase(context), fields);
}

/** Adds the notes on saturation or a lower-risk alternative, burstable targets, node counts and price discrepancies. */
function contextNotes(
  { context, plan, target, demand, capacity, nodes, saturated }: Proposal,
  notes: string[],
): void {
  const { resource, options } = context;
  if (saturated) {
    const memory = demand.memory ? flat`, memory ${demand.memory.peakPercent}%` : '';
    notes.push(
      flat`Saturated: CPU ${options.percentile} ${demand.cpu.windowPeak}%${memory} (threshold ${options.rightsizing.saturationPercent}%). Demand above 100% of the current size cannot be observed, so the required capacity is a lower bound.`,
    );
  } else {
    const alternative = lowerRiskAlternative(plan.cheaper, demand, target);
    if (alternative) notes.push(alternativeNote(plan, alternative, nodes, resource.currency));
  }
  if (target.type.name.burstable) {
    const cpu = demand.cpu.window;
    const average = round(demand.cpu.mean ?? mean(cpu.series.values, cpu.start, cpu.end), 2);
    const projected = round((average * capacity.vcpu) / (target.type.vcpu ?? 1), 2);
    notes.push(
      flat`Burstable target: average CPU would be about ${projected}% of ${target.type.entry.type} (now ${average}% of ${capacity.vcpu} vCPU). Sustained use above its baseline spends CPU credits (at extra cost in unlimited mode); compare with the baseline of ${target.type.entry.type}.`,
    );
  }
  if (nodes > 1) notes.push(flat`The node count stays at ${nodes}; prices are per node-hour.`);
  const catalogHourly = round(plan.source.entry.price * nodes, 6);
  if (
    resource.hourlyPrice !== undefined &&
    Math.abs(resource.hourlyPrice - catalogHourly) > 0.005 * catalogHourly
  ) {
    notes.push(
      flat`The resource's own hourly price (${resource.hourlyPrice}) differs from the catalog list price (${catalogHourly}), e.g. Multi-AZ, licence or another price date; both sides use catalog prices.`,
    );
  }
}

/** Per alternative candidate, per node count: its note (one currency at a time). */
const alternativeNotes = new WeakMap<Candidate, Map<number, { currency: string; note: string }>>();

/**
 * `Lower-risk alternative: m5.large (same-family) saves 70.08 USD/month.`, built
 * once per (source, alternative, node count) and shared: a candidate belongs to
 * one plan, hence one source type.
 */
function alternativeNote(
  plan: CandidatePlan,
  alternative: Candidate,
  nodes: number,
  currency: string,
): string {
  let perNodes = alternativeNotes.get(alternative);
  if (!perNodes) {
    perNodes = new Map();
    alternativeNotes.set(alternative, perNodes);
  }
  let cached = perNodes.get(nodes);
  if (!cached || cached.currency !== currency) {
    const saving = round(
      (plan.source.entry.price - alternative.type.entry.price) * nodes * HOURS_PER_MONTH,
      2,
    );
    cached = {
      currency,
      note: flat`Lower-risk alternative: ${alternative.type.entry.type} (${alternative.compatibility}) saves ${saving} ${currency}/month.`,
    };
    perNodes.set(nodes, cached);
  }
  return cached.note;
}

function diagnose(
  output: RuleOutput,
  context: RuleContext,
  code: string,
  message: string,
  level: 'info' | 'warning' = 'info',
): void {
  output.diagnostics.push({ resourceId: context.resource.id, level, code, message });
}
