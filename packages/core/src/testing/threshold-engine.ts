import {
  type EngineDiagnostic,
  EXCLUDE_TAG,
  type RecommendationEngineV1,
} from '../contracts/v1/engine-v1.js';
import { HOURS_PER_MONTH } from '../schemas/calculation.js';
import type { MetricSeries } from '../schemas/metric-series.js';
import type { RecommendationDraft } from '../schemas/recommendation.js';
import type { Resource } from '../schemas/resource.js';

export interface ThresholdEngineOptions {
  /** Percentile of hourly CPU taken as the resource's peak. @default 95 */
  percentile?: number;
  /** A smaller size is proposed only if the projected peak stays at or under this (%). @default 70 */
  targetCpuPercent?: number;
  /** A resource whose CPU never exceeds this (%) is idle. @default 2 */
  idleCpuPercent?: number;
  /** Hours of data needed before proposing anything. @default 24 */
  minHours?: number;
}

/**
 * A deliberately simple engine for tests, examples and demos: downsizes
 * compute instances within their family when the CPU percentile leaves room,
 * and proposes stopping idle ones. Every draft carries its calculation.
 * Production analysis belongs to `@finops-autopilot/engine-heuristic`.
 */
export function createThresholdEngine(options: ThresholdEngineOptions = {}): RecommendationEngineV1 {
  const percentile = options.percentile ?? 95;
  const target = options.targetCpuPercent ?? 70;
  const idle = options.idleCpuPercent ?? 2;
  const minHours = options.minHours ?? 24;

  return {
    specificationVersion: 'v1',
    engineId: 'threshold',
    async analyze(input) {
      const recommendations: RecommendationDraft[] = [];
      const diagnostics: EngineDiagnostic[] = [];
      const cpuByResource = new Map<string, MetricSeries>();
      for (const series of input.metrics)
        if (series.metric === 'CPUUtilization') cpuByResource.set(series.resourceId, series);

      for (const resource of input.resources) {
        if (resource.tags[EXCLUDE_TAG] === 'true' || resource.kind !== 'compute-instance') continue;
        if (resource.state !== 'running') continue;
        const cpu = cpuByResource.get(resource.id);
        const hours = cpu ? (cpu.values.length * cpu.periodSeconds) / 3600 : 0;
        if (!cpu || hours < minHours) {
          diagnostics.push({
            resourceId: resource.id,
            level: 'info',
            code: 'insufficient-data',
            message: `${hours.toFixed(1)} h of CPUUtilization; ${minHours} h needed`,
          });
          continue;
        }
        // Rounded once, so every number shown is the number used.
        const peak = round(percentileOf(cpu.values, percentile), 2);
        const max = Math.max(...cpu.values);
        const from = input.prices.find({
          service: resource.service,
          region: resource.region,
          type: resource.type,
        });
        if (!from) {
          diagnostics.push({
            resourceId: resource.id,
            level: 'warning',
            code: 'no-price',
            message: `no price for ${resource.type}`,
          });
          continue;
        }
        if (max <= idle) {
          recommendations.push(idleDraft(resource, from.price, max, hours));
          continue;
        }
        const candidates = input.prices
          .list({ service: resource.service, region: resource.region })
          .filter(
            (entry) => entry.family === from.family && entry.vcpu && from.vcpu && entry.vcpu < from.vcpu,
          )
          .filter((entry) => (peak * from.vcpu!) / entry.vcpu! <= target)
          .sort((left, right) => left.price - right.price || left.type.localeCompare(right.type));
        const to = candidates[0];
        if (!to) continue;
        const projected = (peak * from.vcpu!) / to.vcpu!;
        const perHour = round(from.price - to.price, 6);
        const savings = round(perHour * HOURS_PER_MONTH, 2);
        recommendations.push({
          resourceId: resource.id,
          provider: resource.provider,
          service: resource.service,
          resourceKind: resource.kind,
          region: resource.region,
          account: resource.account,
          resourceTags: resource.tags,
          kind: 'rightsize',
          action: { type: 'resize', from: resource.type, to: to.type },
          title: `Resize ${resource.id} from ${resource.type} to ${to.type}`,
          estimatedMonthlySavings: savings,
          currency: from.currency,
          confidence: Math.min(0.95, 0.6 + hours / (14 * 24 * 3)),
          risk: 'low',
          engine: 'threshold',
          evidence: [{ metric: 'CPUUtilization', statistic: `p${percentile}`, value: peak, unit: 'Percent' }],
          calculation: {
            method: 'threshold.downsize@1',
            inputs: {
              cpuPercentile: {
                value: peak,
                unit: '%',
                source: `CPUUtilization p${percentile} over ${hours} h`,
              },
              vcpuFrom: { value: from.vcpu!, unit: 'vCPU' },
              vcpuTo: { value: to.vcpu!, unit: 'vCPU' },
              priceFrom: { value: from.price, unit: `${from.currency}/h`, source: `${from.type} list price` },
              priceTo: { value: to.price, unit: `${to.currency}/h`, source: `${to.type} list price` },
              hoursPerMonth: { value: HOURS_PER_MONTH, unit: 'h' },
            },
            formula:
              'projected = cpuPercentile × vcpuFrom / vcpuTo; savings = (priceFrom − priceTo) × hoursPerMonth',
            steps: [
              {
                label: 'projected CPU on the new size',
                expression: `${peak} × ${from.vcpu} / ${to.vcpu}`,
                value: round(projected, 2),
                unit: '%',
              },
              {
                label: 'price difference',
                expression: `${from.price} − ${to.price}`,
                value: perHour,
                unit: `${from.currency}/h`,
              },
              {
                label: 'monthly savings',
                expression: `${perHour} × ${HOURS_PER_MONTH}`,
                value: savings,
                unit: `${from.currency}/month`,
              },
            ],
            result: { value: savings, unit: `${from.currency}/month` },
          },
        });
      }
      return { recommendations, diagnostics };
    },
  };
}

function idleDraft(resource: Resource, price: number, max: number, hours: number): RecommendationDraft {
  const savings = round(price * HOURS_PER_MONTH, 2);
  return {
    resourceId: resource.id,
    provider: resource.provider,
    service: resource.service,
    resourceKind: resource.kind,
    region: resource.region,
    account: resource.account,
    resourceTags: resource.tags,
    kind: 'idle',
    action: { type: 'stop' },
    title: `Stop idle ${resource.id} (${resource.type})`,
    estimatedMonthlySavings: savings,
    currency: resource.currency,
    confidence: 0.7,
    risk: 'high',
    engine: 'threshold',
    evidence: [{ metric: 'CPUUtilization', statistic: 'Maximum', value: round(max, 2), unit: 'Percent' }],
    calculation: {
      method: 'threshold.idle@1',
      inputs: {
        maxCpu: { value: round(max, 2), unit: '%', source: `CPUUtilization max over ${hours} h` },
        price: { value: price, unit: `${resource.currency}/h` },
        hoursPerMonth: { value: HOURS_PER_MONTH, unit: 'h' },
      },
      formula: 'savings = price × hoursPerMonth (compute stops; attached storage is still billed)',
      steps: [
        {
          label: 'monthly savings',
          expression: `${price} × ${HOURS_PER_MONTH}`,
          value: savings,
          unit: `${resource.currency}/month`,
        },
      ],
      result: { value: savings, unit: `${resource.currency}/month` },
    },
  };
}

/** Nearest-rank percentile. */
function percentileOf(values: readonly number[], p: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
