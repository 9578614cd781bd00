import {
  type EngineInput,
  type EngineResult,
  EXCLUDE_TAG,
  type MetricSeries,
  type RecommendationEngineV1,
  type Resource,
} from '@finops-autopilot/core';
import { idleRule } from './idle/idle-rule.js';
import { type HeuristicEngineOptions, type ResolvedHeuristicOptions, resolveOptions } from './options.js';
import { rightsizeRule } from './rightsize/rightsize-rule.js';
import { scheduleRule } from './scheduling/schedule-rule.js';
import { ResourceMetrics } from './shared/metrics-view.js';
import { isProduction, type RuleContext, type RuleOutput } from './shared/resource-context.js';
import { storageRule } from './storage/storage-rule.js';

const ENGINE_ID = 'heuristic';
const DAY_MS = 86_400_000;

/** Resource kinds whose compute can be rightsized, stopped or scheduled. */
const COMPUTE_KINDS = new Set(['compute-instance', 'database-instance', 'data-warehouse']);
/** Kinds that can be stopped on a schedule (a Redshift cluster pauses, but is left to a person). */
const SCHEDULABLE_KINDS = new Set(['compute-instance', 'database-instance']);

/**
 * The heuristic engine: rightsizing (down and up), idle detection, stop/start
 * scheduling and storage tiering, every number with its calculation.
 * Deterministic and pure: the same input always gives the same output.
 * @throws {InvalidInputError} when an option is out of range.
 */
export function createHeuristicEngine(options: HeuristicEngineOptions = {}): RecommendationEngineV1 {
  const resolved = resolveOptions(options);
  return {
    specificationVersion: 'v1',
    engineId: ENGINE_ID,
    async analyze(input: EngineInput): Promise<EngineResult> {
      return runRules(input, resolved);
    },
  };
}

/**
 * The engine's work, synchronously: windows each resource's metrics and
 * dispatches it to the enabled rules. `createHeuristicEngine` wraps it.
 * @internal
 */
export function runRules(input: EngineInput, resolved: ResolvedHeuristicOptions): EngineResult {
  const output: RuleOutput = { recommendations: [], diagnostics: [] };
  const now = Date.parse(input.now);
  const windowStart = now - resolved.lookbackDays * DAY_MS;
  const seriesByResource = new Map<string, MetricSeries[]>();
  for (const series of input.metrics) {
    const list = seriesByResource.get(series.resourceId);
    if (list) list.push(series);
    else seriesByResource.set(series.resourceId, [series]);
  }
  const byId = new Map<string, Resource>();
  const attachments = new Map<string, Resource[]>();
  for (const resource of input.inventory) {
    byId.set(resource.id, resource);
    if (resource.attachedTo) {
      const list = attachments.get(resource.attachedTo);
      if (list) list.push(resource);
      else attachments.set(resource.attachedTo, [resource]);
    }
  }

  for (const resource of input.resources) {
    if (resource.tags[EXCLUDE_TAG] === 'true') continue;
    const context: RuleContext = {
      resource,
      metrics: new ResourceMetrics(seriesByResource.get(resource.id) ?? [], windowStart, now + 1),
      prices: input.prices,
      attached: attachments.get(resource.id) ?? [],
      attachedTo: resource.attachedTo ? byId.get(resource.attachedTo) : undefined,
      now,
      windowStart,
      options: resolved,
      engineId: ENGINE_ID,
      isProduction: isProduction(resource, resolved.productionTags),
    };
    if (resource.kind === 'block-volume') {
      if (resolved.storage.enabled) storageRule(context, output);
      continue;
    }
    if (!COMPUTE_KINDS.has(resource.kind) || resource.state !== 'running') continue;
    const cpu = context.metrics.get('CPUUtilization');
    if (!cpu || cpu.hours < resolved.minHours) {
      output.diagnostics.push({
        resourceId: resource.id,
        level: 'info',
        code: 'insufficient-data',
        message:
          `${(cpu?.hours ?? 0).toFixed(1)} h of CPUUtilization in the ${resolved.lookbackDays}-day window; ` +
          `at least ${resolved.minHours} h are needed before recommending`,
      });
      continue;
    }
    const before = output.recommendations.length;
    if (resolved.idle.enabled) idleRule(context, output);
    // An idle resource is stopped, not resized or scheduled.
    if (output.recommendations.length > before) continue;
    if (resolved.rightsizing.enabled) rightsizeRule(context, output);
    if (resolved.scheduling.enabled && SCHEDULABLE_KINDS.has(resource.kind)) scheduleRule(context, output);
  }
  return output;
}
