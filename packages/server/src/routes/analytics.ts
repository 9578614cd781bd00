import { costHistory } from '@finops-autopilot/analytics';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { defineRoute, type RouteRegistry } from '../http/route.js';
import { LIVE_STATUSES } from './recommendations.js';
import { runtimeOf } from './shared.js';

export function registerAnalyticsRoutes(app: FastifyInstance, ctx: ServerContext, registry: RouteRegistry) {
  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/kpis/summary',
    access: 'viewer',
    tags: ['analytics'],
    summary:
      'KPIs: monthly and YTD spend, identified vs realized savings, waste %, month over month, breakdowns',
    description:
      'Each KPI carries its calculation (method, inputs, formula, steps). Served from memory and recomputed after each cycle or recommendation change; use If-None-Match for cheap polling.',
    async handler({ auth }) {
      return runtimeOf(ctx, auth).kpis.summary();
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/costs/history',
    access: 'viewer',
    tags: ['analytics'],
    summary: 'Monthly cost history (6 or 12 months) by service or resource type',
    query: z
      .object({
        months: z.coerce
          .number()
          .int()
          .refine((months) => months === 6 || months === 12, { message: 'must be 6 or 12' })
          .default(6),
        groupBy: z.enum(['service', 'resourceType']).default('service'),
      })
      .strict(),
    async handler({ query, auth }) {
      const runtime = runtimeOf(ctx, auth);
      const costs = await runtime.costs(query.months);
      const now = runtime.provider.now ? runtime.provider.now() : ctx.now();
      return costHistory({ costs, now, months: query.months, groupBy: query.groupBy });
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/telemetry',
    access: 'viewer',
    tags: ['operations'],
    summary:
      'Pipeline counts (scan → analyze → policy → approval → execution → verification) and recent cycles',
    async handler({ auth }) {
      const runtime = runtimeOf(ctx, auth);
      const store = ctx.store.forTenant(auth.tenantId);
      const count = (status: readonly string[]) => store.recommendations.count({ status: status as never });
      const [resources, live, autonomous, hitl, pending, executing, executed, verified, failed] =
        await Promise.all([
          store.resources.count(),
          count(LIVE_STATUSES),
          store.recommendations.count({ status: [...LIVE_STATUSES], executionMode: ['autonomous'] }),
          store.recommendations.count({ status: [...LIVE_STATUSES], executionMode: ['hitl'] }),
          count(['pending-approval']),
          count(['executing']),
          count(['executed']),
          count(['verified']),
          count(['failed']),
        ]);
      const cycles = runtime.telemetry();
      const last = cycles[cycles.length - 1];
      const windowMs =
        cycles.length > 1 ? Date.parse(last?.at ?? '') - Date.parse(cycles[0]?.at ?? '') : Number.NaN;
      const sum = (pick: (cycle: (typeof cycles)[number]) => number) =>
        cycles.reduce((total, cycle) => total + pick(cycle), 0);
      const perMinute = (value: number) =>
        Number.isFinite(windowMs) && windowMs > 0
          ? Math.round((value / windowMs) * 60_000 * 100) / 100
          : null;
      const depth = runtime.autopilot.queueDepth();
      return {
        running: runtime.autopilot.running,
        pipeline: {
          scan: { resources },
          analyze: {
            analyzedLastCycle: last?.analyzed ?? 0,
            perMinute: perMinute(sum((cycle) => cycle.analyzed)),
          },
          policy: { live, autonomous, hitl },
          approval: { pending },
          execution: { executing, executed, failed, perMinute: perMinute(sum((cycle) => cycle.executed)) },
          verification: { verified, perMinute: perMinute(sum((cycle) => cycle.verified)) },
        },
        queueDepth: depth,
        cycles,
        notes: [
          "Throughput (perMinute) counts per minute of the autopilot's clock — simulated time on a simulated fleet — between the first and last recorded cycle.",
        ],
      };
    },
  });
}
