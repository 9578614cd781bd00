import {
  type Action,
  type EngineDiagnostic,
  EXCLUDE_TAG,
  HOURS_PER_MONTH,
  InvalidInputError,
  type RecommendationDraft,
  type RecommendationEngineV1,
} from '@finops-autopilot/core';

/** Options of {@link createMeanCpuEngine}. */
export interface MeanCpuEngineOptions {
  /** An instance whose mean CPU is under this (%) is idle: stop it. @default 1 */
  idleBelowPercent?: number;
  /** An instance whose mean CPU is under this (%) moves to the size with half its vCPUs. @default 20 */
  downsizeBelowPercent?: number;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A custom engine: stops idle instances and halves quiet ones, judged by their mean CPU. */
export function createMeanCpuEngine(options: MeanCpuEngineOptions = {}): RecommendationEngineV1 {
  const idle = options.idleBelowPercent ?? 1;
  const quiet = options.downsizeBelowPercent ?? 20;
  if (!(idle >= 0 && quiet > idle)) {
    throw new InvalidInputError({
      subject: 'mean-cpu engine options',
      issues: [
        { path: 'downsizeBelowPercent', message: `must be above idleBelowPercent (${idle}), got ${quiet}` },
      ],
    });
  }
  return {
    specificationVersion: 'v1',
    engineId: 'mean-cpu',
    async analyze({ resources, metrics, prices }) {
      const recommendations: RecommendationDraft[] = [];
      const diagnostics: EngineDiagnostic[] = [];
      for (const r of resources) {
        if (r.tags[EXCLUDE_TAG] === 'true' || r.kind !== 'compute-instance' || r.state !== 'running')
          continue;
        const cpu = metrics.find((s) => s.resourceId === r.id && s.metric === 'CPUUtilization');
        const from = prices.find({ service: r.service, region: r.region, type: r.type });
        if (!cpu?.values.length || !from?.vcpu) {
          diagnostics.push({
            resourceId: r.id,
            level: 'info',
            code: 'insufficient-data',
            message: 'no CPU or no price',
          });
          continue;
        }
        const mean = round(cpu.values.reduce((sum, value) => sum + value, 0) / cpu.values.length);
        const half = prices
          .list({ service: r.service, region: r.region })
          .find((entry) => entry.family === from.family && entry.vcpu === from.vcpu! / 2);
        const isIdle = mean < idle;
        if (!isIdle && (mean >= quiet || !half)) continue;
        const action: Action = isIdle ? { type: 'stop' } : { type: 'resize', from: r.type, to: half!.type };
        const perHour = isIdle ? from.price : round(from.price - half!.price, 6);
        const savings = round(perHour * HOURS_PER_MONTH);
        const unit = `${from.currency}/month`;
        recommendations.push({
          resourceId: r.id,
          provider: r.provider,
          service: r.service,
          resourceKind: r.kind,
          region: r.region,
          account: r.account,
          resourceTags: r.tags,
          kind: isIdle ? 'idle' : 'rightsize',
          action,
          title: isIdle ? `Stop idle ${r.id}` : `Resize ${r.id} from ${r.type} to ${half!.type}`,
          estimatedMonthlySavings: savings,
          currency: from.currency,
          confidence: round(Math.min(0.95, cpu.values.length / (14 * 24))),
          risk: isIdle ? 'medium' : 'low',
          engine: 'mean-cpu',
          evidence: [{ metric: 'CPUUtilization', statistic: 'mean', value: mean, unit: 'Percent' }],
          calculation: {
            method: isIdle ? 'mean-cpu.idle@1' : 'mean-cpu.halve@1',
            inputs: {
              meanCpu: {
                value: mean,
                unit: '%',
                source: `CPUUtilization mean of ${cpu.values.length} points`,
              },
              hourlySaving: {
                value: perHour,
                unit: `${from.currency}/h`,
                source: `prices of ${prices.snapshotDate}`,
              },
              hoursPerMonth: { value: HOURS_PER_MONTH, unit: 'h' },
            },
            formula: 'savings = hourlySaving × hoursPerMonth',
            steps: [
              {
                label: 'monthly savings',
                expression: `${perHour} × ${HOURS_PER_MONTH}`,
                value: savings,
                unit,
              },
            ],
            result: { value: savings, unit },
          },
        });
      }
      return { recommendations, diagnostics };
    },
  };
}
