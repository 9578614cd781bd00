import {
  computeKpis,
  IDENTIFIED_STATUSES,
  IN_FLIGHT_STATUSES,
  type KpiSummary,
  REALIZED_STATUSES,
} from '@finops-autopilot/analytics';
import type { CostRecord, RecommendationStatus } from '@finops-autopilot/core';
import type { ServerContext } from '../context.js';
import { Precomputed } from '../http/route.js';

/** Statuses the KPIs read: identified, in flight (noted) and realized. */
const KPI_STATUSES: readonly RecommendationStatus[] = [
  ...IDENTIFIED_STATUSES,
  ...IN_FLIGHT_STATUSES,
  ...REALIZED_STATUSES,
];

/** KPIs of one tenant, computed once and served from memory until something changes. */
export interface KpiCache {
  /** The summary, serialized with its ETag; computed on first use and after each change. */
  summary(): Promise<Precomputed>;
  /** The summary as data. */
  current(): Promise<KpiSummary>;
  /** Recompute now; publishes `kpi-changed` when the answer differs. */
  refresh(): Promise<void>;
  /** Marks the cache stale (a recommendation changed). */
  invalidate(): void;
}

export function createKpiCache(init: {
  ctx: ServerContext;
  tenantId: string;
  now: () => Date;
  costs: (months: number) => Promise<CostRecord[]>;
}): KpiCache {
  const { ctx, tenantId } = init;
  let cached: { data: KpiSummary; answer: Precomputed } | undefined;
  let inflight: Promise<{ data: KpiSummary; answer: Precomputed }> | undefined;
  let stale = true;
  /** Computes started, and the count when the cache was last invalidated: a compute started before an invalidation does not make the cache fresh. */
  let started = 0;
  let invalidatedAt = 0;

  const compute = () => {
    inflight ??= (async () => {
      const generation = ++started;
      const now = init.now();
      const monthsThisYear = now.getUTCMonth() + 1;
      const [costs, recommendations] = await Promise.all([
        init.costs(Math.max(monthsThisYear, 3)),
        ctx.store.forTenant(tenantId).recommendations.list({ status: [...KPI_STATUSES], limit: 1_000_000 }),
      ]);
      const data = computeKpis({ costs, recommendations, now });
      const next = { data, answer: Precomputed.of(data) };
      const changed = cached?.answer.etag !== next.answer.etag;
      cached = next;
      if (generation > invalidatedAt) stale = false;
      if (changed) ctx.hub.publish(tenantId, 'kpi-changed', { etag: next.answer.etag });
      return next;
    })().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };

  const get = async () => (cached && !stale ? cached : await compute());
  return {
    summary: async () => (await get()).answer,
    current: async () => (await get()).data,
    async refresh() {
      if (inflight) await inflight.catch(() => undefined);
      await compute();
    },
    invalidate() {
      stale = true;
      invalidatedAt = started;
    },
  };
}
