import { openApproval } from '../approval/approval-machine.js';
import { EXCLUDE_TAG } from '../contracts/v1/engine-v1.js';
import type { MetricSummary, TenantStoreV1 } from '../contracts/v1/store-v1.js';
import type { CycleStats } from '../events/autopilot-events.js';
import { evaluatePolicy } from '../policy/evaluate-policy.js';
import { recommendationKey } from '../recommendation/recommendation-key.js';
import { LIVE_STATUSES } from '../recommendation/status-machine.js';
import type { MetricSeries } from '../schemas/metric-series.js';
import {
  type Recommendation,
  type RecommendationDraft,
  recommendationDraftSchema,
} from '../schemas/recommendation.js';
import type { Resource } from '../schemas/resource.js';
import { newId } from '../util/ids.js';
import { toInputIssues } from '../util/parse.js';
import { createYielder } from '../util/yield.js';
import type { AutopilotContext, DeferredEmit } from './autopilot-context.js';
import { resourceFingerprint } from './fingerprint.js';
import {
  routeRecommendation,
  supersedeRecommendation,
  transitionRecommendation,
} from './recommendation-steps.js';

/** Fields of a recommendation an engine re-run may change in place. */
const UPDATABLE: readonly (keyof RecommendationDraft)[] = [
  'action',
  'title',
  'summary',
  'estimatedMonthlySavings',
  'confidence',
  'risk',
  'calculation',
  'evidence',
  'resourceTags',
];

export function emptyStats(): CycleStats {
  return {
    resources: 0,
    analyzed: 0,
    skipped: 0,
    created: 0,
    updated: 0,
    superseded: 0,
    executed: 0,
    verified: 0,
    errors: 0,
  };
}

/**
 * One analysis pass: inventory → metrics → engines (changed resources only) →
 * merge by key → create / update / supersede → policy routing.
 * Execution and verification are separate steps the caller runs afterwards.
 */
export async function analyzeFleet(context: AutopilotContext, stats: CycleStats): Promise<void> {
  const now = context.now();
  const at = now.toISOString();
  const resources = await context.providerQueue.add(() =>
    context.provider.listResources({ scope: context.scope }),
  );
  stats.resources = resources.length;
  const window = { start: new Date(now.getTime() - context.lookbackMs).toISOString(), end: at };
  const metrics = await context.providerQueue.add(() =>
    context.provider.getMetrics({ resources, window, periodSeconds: context.periodSeconds }),
  );
  const lastChange = await loadLastChanges(context);
  const seriesByResource = groupBy(
    metrics.map((series) => sinceLastChange(series, lastChange.get(series.resourceId))),
    (series) => series.resourceId,
  );

  const changed: Resource[] = [];
  const fingerprints = new Map<string, string>();
  for (const resource of resources) {
    const fingerprint = resourceFingerprint(resource, seriesByResource.get(resource.id) ?? []);
    fingerprints.set(resource.id, fingerprint);
    if (context.fingerprints.get(resource.id) !== fingerprint) changed.push(resource);
  }
  stats.analyzed = changed.length;
  stats.skipped = resources.length - changed.length;

  const tenantStore = context.store.forTenant(context.tenantId);
  if (changed.length > 0) await tenantStore.resources.upsertMany(changed);
  const gone = await removedResources(tenantStore, resources);

  const analyzable = changed.filter((resource) => resource.tags[EXCLUDE_TAG] !== 'true');
  const { drafts, failed } = await runEngines(context, analyzable, resources, seriesByResource, at, stats);
  if (changed.length > 0)
    await tenantStore.metricSummaries.putMany(summarize(changed, seriesByResource, window, at));

  // One transaction per resource; on an in-process database none of them waits for I/O, so the
  // loop gives the event loop a turn now and then (requests and the live stream go on meanwhile).
  const pause = createYielder();
  for (const resource of changed) {
    await pause();
    // When an engine failed, nothing is reconciled this cycle: a partial result would
    // supersede what the failed engine would have proposed. Everything is retried next cycle.
    if (failed) continue;
    await context.transact((store, emit) =>
      reconcileResource(
        context,
        store,
        emit,
        resource,
        drafts.get(resource.id) ?? [],
        fingerprints.get(resource.id)!,
        at,
        stats,
      ),
    );
    context.fingerprints.set(resource.id, fingerprints.get(resource.id)!);
  }
  for (const resourceId of gone) {
    await context.transact(async (store, emit) => {
      for (const recommendation of await liveRecommendations(store, resourceId)) {
        await supersedeRecommendation(
          context,
          store,
          emit,
          recommendation,
          'the resource no longer exists',
          at,
        );
        stats.superseded += 1;
      }
      await store.resources.remove([resourceId]);
    });
    context.fingerprints.delete(resourceId);
  }
}

async function runEngines(
  context: AutopilotContext,
  resources: readonly Resource[],
  inventory: readonly Resource[],
  seriesByResource: Map<string, MetricSeries[]>,
  now: string,
  stats: CycleStats,
): Promise<{ drafts: Map<string, RecommendationDraft[]>; failed: boolean }> {
  const byKey = new Map<string, RecommendationDraft>();
  let failed = false;
  if (resources.length === 0) return { drafts: new Map(), failed };
  const metrics = resources.flatMap((resource) => seriesByResource.get(resource.id) ?? []);
  for (const engine of context.engines) {
    try {
      const result = await engine.analyze({
        resources,
        inventory,
        metrics,
        prices: context.provider.prices,
        now,
      });
      for (const diagnostic of result.diagnostics)
        context.bus.emit('engine-diagnostic', { engine: engine.engineId, diagnostic });
      result.recommendations.forEach((draft, index) => {
        const parsed = recommendationDraftSchema.safeParse(draft);
        if (!parsed.success) {
          const issues = toInputIssues(parsed.error).map((issue) => `${issue.path}: ${issue.message}`);
          context.bus.emit('engine-diagnostic', {
            engine: engine.engineId,
            diagnostic: {
              level: 'error',
              code: 'invalid-recommendation',
              message: `recommendation [${index}] dropped: ${issues.join('; ')}`,
              ...(typeof draft?.resourceId === 'string' ? { resourceId: draft.resourceId } : {}),
            },
          });
          stats.errors += 1;
          return;
        }
        const key = recommendationKey(parsed.data);
        const existing = byKey.get(key);
        if (!existing || parsed.data.confidence > existing.confidence) byKey.set(key, parsed.data);
      });
    } catch (error) {
      failed = true;
      stats.errors += 1;
      context.bus.emit('engine-diagnostic', {
        engine: engine.engineId,
        diagnostic: {
          level: 'error',
          code: 'engine-failed',
          message: error instanceof Error ? error.message : String(error),
        },
      });
    }
  }
  return { drafts: groupBy([...byKey.values()], (draft) => draft.resourceId), failed };
}

async function reconcileResource(
  context: AutopilotContext,
  store: TenantStoreV1,
  emit: DeferredEmit,
  resource: Resource,
  drafts: readonly RecommendationDraft[],
  premise: string,
  at: string,
  stats: CycleStats,
): Promise<void> {
  const keys = new Set<string>();
  for (const draft of drafts) {
    const key = recommendationKey(draft);
    keys.add(key);
    const existing = await store.recommendations.getByKey(key);
    if (!existing) {
      const created: Recommendation = {
        ...draft,
        id: newId('rec'),
        key,
        status: 'open',
        executionMode: null,
        policyRuleId: null,
        premise,
        createdAt: at,
        updatedAt: at,
      };
      await store.recommendations.save(created);
      emit('recommendation-created', { recommendation: created });
      stats.created += 1;
      await routeRecommendation(context, store, emit, created, at);
    } else if (existing.status === 'superseded') {
      const reopened = await transitionRecommendation(store, emit, existing, 'open', {
        at,
        reason: 'the latest analysis proposes it again',
        patch: { ...pick(draft, UPDATABLE), premise, executionMode: null, policyRuleId: null },
      });
      stats.updated += 1;
      await routeRecommendation(context, store, emit, reopened, at);
    } else if (LIVE_STATUSES.includes(existing.status)) {
      const changed = UPDATABLE.filter(
        (field) => JSON.stringify(existing[field]) !== JSON.stringify(draft[field]),
      );
      if (changed.length > 0) {
        const updated: Recommendation = { ...existing, ...pick(draft, UPDATABLE), premise, updatedAt: at };
        await store.recommendations.save(updated);
        emit('recommendation-updated', { recommendation: updated, changed });
        stats.updated += 1;
        await rerouteIfNeeded(context, store, emit, existing, updated, changed, at);
      }
    }
    // Rejected, dismissed, executing, executed, verified and rolled-back recommendations keep their decision.
  }
  for (const recommendation of await liveRecommendations(store, resource.id)) {
    if (keys.has(recommendation.key)) continue;
    await supersedeRecommendation(
      context,
      store,
      emit,
      recommendation,
      'the latest analysis no longer proposes it',
      at,
    );
    stats.superseded += 1;
  }
}

/** Last change per resource, from the executions in the store (once), then kept up to date in memory. */
async function loadLastChanges(context: AutopilotContext): Promise<Map<string, number>> {
  if (context.lastChange) return context.lastChange;
  const changes = new Map<string, number>();
  const executions = await context.store.forTenant(context.tenantId).executions.list({ limit: 100_000 });
  for (const execution of executions) {
    if ((execution.status !== 'succeeded' && execution.status !== 'rolled-back') || !execution.finishedAt)
      continue;
    const at = Date.parse(execution.rollback?.at ?? execution.finishedAt);
    if (at > (changes.get(execution.resourceId) ?? 0)) changes.set(execution.resourceId, at);
  }
  context.lastChange = changes;
  return changes;
}

/** Drops the points of a series measured before (or during the period of) the resource's last change. */
function sinceLastChange(series: MetricSeries, changedAt: number | undefined): MetricSeries {
  if (changedAt === undefined || (series.timestamps[0] ?? Number.POSITIVE_INFINITY) >= changedAt)
    return series;
  const first = series.timestamps.findIndex((timestamp) => timestamp >= changedAt);
  if (first === -1) return { ...series, timestamps: [], values: [] };
  return { ...series, timestamps: series.timestamps.slice(first), values: series.values.slice(first) };
}

/**
 * An approval covers one proposal under one routing. When a live recommendation
 * changes its action, or the policy now routes it more strictly (autonomous →
 * human), its approval starts again: the old one is cancelled and a new one is
 * requested. A stricter routing is never relaxed automatically.
 */
async function rerouteIfNeeded(
  context: AutopilotContext,
  store: TenantStoreV1,
  emit: DeferredEmit,
  before: Recommendation,
  updated: Recommendation,
  changed: readonly string[],
  at: string,
): Promise<void> {
  if (updated.status !== 'approved' && updated.status !== 'pending-approval') return;
  const decision = evaluatePolicy(context.policy, updated);
  const actionChanged = changed.includes('action');
  const escalated = before.executionMode === 'autonomous' && decision.mode === 'hitl';
  const humanRouted = before.executionMode === 'hitl';
  if (!escalated && !(actionChanged && humanRouted) && !(actionChanged && decision.mode === 'hitl')) return;
  const approval = await store.approvals.getByRecommendation(updated.id);
  // A person was asked before: a person is asked again, with the same stages, even if policy would now relax it.
  const outcome =
    decision.mode === 'hitl'
      ? decision
      : approval
        ? { mode: 'hitl' as const, stages: approval.stages, distinctApprovers: approval.distinctApprovers }
        : undefined;
  if (!outcome) return;
  const ruleId = decision.mode === 'hitl' ? decision.ruleId : before.policyRuleId;
  if (approval?.status === 'pending' || approval?.status === 'approved') {
    await store.approvals.save({ ...approval, status: 'cancelled', updatedAt: at });
  }
  const reason = escalated
    ? `re-routed: the updated proposal now needs approval (${decision.reason})`
    : 'the proposal changed since it was approved; approval starts again';
  const next =
    updated.status === 'approved'
      ? await transitionRecommendation(store, emit, updated, 'pending-approval', { at, reason })
      : updated;
  const reopened = openApproval({
    id: newId('apr'),
    recommendationId: updated.id,
    outcome,
    policyRuleId: ruleId,
    at,
  });
  await store.approvals.save(reopened);
  await store.recommendations.save({
    ...next,
    executionMode: 'hitl',
    policyRuleId: ruleId,
    statusReason: reason,
    updatedAt: at,
  });
  emit('approval-requested', { approval: reopened });
}

async function liveRecommendations(store: TenantStoreV1, resourceId: string): Promise<Recommendation[]> {
  return store.recommendations.list({ resourceId, status: LIVE_STATUSES, limit: 10_000 });
}

async function removedResources(store: TenantStoreV1, current: readonly Resource[]): Promise<string[]> {
  const present = new Set(current.map((resource) => resource.id));
  const known = await store.resources.list({ limit: 1_000_000 });
  return known.filter((resource) => !present.has(resource.id)).map((resource) => resource.id);
}

function summarize(
  resources: readonly Resource[],
  seriesByResource: Map<string, MetricSeries[]>,
  window: { start: string; end: string },
  at: string,
): MetricSummary[] {
  const summaries: MetricSummary[] = [];
  for (const resource of resources) {
    for (const series of seriesByResource.get(resource.id) ?? []) {
      if (series.values.length === 0) continue;
      const sorted = [...series.values].sort((left, right) => left - right);
      const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
      const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
      summaries.push({
        resourceId: resource.id,
        metric: series.metric,
        window,
        points: sorted.length,
        mean,
        p95,
        max: sorted[sorted.length - 1]!,
        updatedAt: at,
      });
    }
  }
  return summaries;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
