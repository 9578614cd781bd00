import {
  executionModeSchema,
  type Recommendation,
  type RecommendationQuery,
  recommendationSchema,
  recommendationStatusSchema,
} from '@finops-autopilot/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http/http-error.js';
import { defineRoute, type RouteRegistry } from '../http/route.js';
import { idParams, listParam, pageQuery, pageSchema } from './shared.js';

/** Statuses still waiting for something to happen; what "top by priority" ranks. */
export const LIVE_STATUSES = ['open', 'pending-approval', 'approved'] as const;

/** Priority: expected monthly savings weighted by confidence. */
export function priorityOf(recommendation: Recommendation): number {
  return Math.round(recommendation.estimatedMonthlySavings * recommendation.confidence * 100) / 100;
}

const modeSchema = z.enum(['all', 'autonomous', 'hitl', 'pending']);

const listQuery = z
  .object({
    mode: modeSchema
      .default('all')
      .describe(
        'Execution mode: autonomous, hitl (needs a person), pending (awaiting approval now), or all.',
      ),
    status: listParam(recommendationStatusSchema).describe('Statuses, comma-separated.'),
    kind: listParam(z.string().min(1).max(100)).describe('Kinds, e.g. rightsize,schedule.'),
    service: listParam(z.string().min(1).max(100)).describe('Services, e.g. ec2,rds.'),
    resourceId: z.string().min(1).max(300).optional(),
    minSavings: z.coerce.number().min(0).optional().describe('Minimum estimated monthly savings.'),
    search: z.string().min(1).max(200).optional().describe('Substring of title, resource id or kind.'),
    sort: z
      .enum(['estimatedMonthlySavings', 'confidence', 'updatedAt', 'createdAt'])
      .default('estimatedMonthlySavings'),
    order: z.enum(['asc', 'desc']).default('desc'),
    ...pageQuery,
  })
  .strict();

function toStoreQuery(query: z.output<typeof listQuery>): RecommendationQuery {
  const storeQuery: RecommendationQuery = {
    sort: query.sort,
    order: query.order,
    limit: query.limit,
    offset: query.offset,
  };
  if (query.status) storeQuery.status = query.status;
  if (query.kind) storeQuery.kind = query.kind;
  if (query.service) storeQuery.service = query.service;
  if (query.resourceId) storeQuery.resourceId = query.resourceId;
  if (query.minSavings !== undefined) storeQuery.minMonthlySavings = query.minSavings;
  if (query.search) storeQuery.search = query.search;
  if (query.mode === 'autonomous' || query.mode === 'hitl') storeQuery.executionMode = [query.mode];
  if (query.mode === 'pending') {
    if (query.status && !query.status.includes('pending-approval')) storeQuery.status = [];
    else storeQuery.status = ['pending-approval'];
  }
  return storeQuery;
}

const recommendationWithPriority = recommendationSchema.and(z.object({ priority: z.number() }));

export function registerRecommendationRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  registry: RouteRegistry,
) {
  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/recommendations',
    access: 'viewer',
    tags: ['recommendations'],
    summary: 'List recommendations with filters, sort and pagination',
    query: listQuery,
    response: pageSchema(recommendationWithPriority),
    async handler({ query, auth, reply }) {
      const store = ctx.store.forTenant(auth.tenantId);
      const storeQuery = toStoreQuery(query);
      if (storeQuery.status?.length === 0)
        return { items: [], total: 0, limit: query.limit, offset: query.offset };
      const [items, total] = await Promise.all([
        store.recommendations.list(storeQuery),
        store.recommendations.count(storeQuery),
      ]);
      reply.header('x-total-count', String(total));
      return {
        items: items.map((item) => ({ ...item, priority: priorityOf(item) })),
        total,
        limit: query.limit,
        offset: query.offset,
      };
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/recommendations/top',
    access: 'viewer',
    tags: ['recommendations'],
    summary: 'Top live recommendations by priority (monthly savings × confidence)',
    description:
      'Ranks the 500 live recommendations with the highest monthly savings by priority; one with lower savings cannot outrank them since confidence is at most 1 — unless the 500th has a much lower confidence. The formula is in the answer.',
    query: z
      .object({
        n: z.coerce.number().int().min(1).max(100).default(6),
        mode: modeSchema.default('all'),
      })
      .strict(),
    response: z.object({ items: z.array(recommendationWithPriority), formula: z.string() }),
    async handler({ query, auth }) {
      const store = ctx.store.forTenant(auth.tenantId);
      const base = toStoreQuery({ ...listQuery.parse({}), mode: query.mode });
      const candidates = await store.recommendations.list({
        ...base,
        status: query.mode === 'pending' ? ['pending-approval'] : [...LIVE_STATUSES],
        sort: 'estimatedMonthlySavings',
        order: 'desc',
        limit: 500,
        offset: 0,
      });
      const items = candidates
        .map((item) => ({ ...item, priority: priorityOf(item) }))
        .sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id))
        .slice(0, query.n);
      return { items, formula: 'priority = estimatedMonthlySavings × confidence' };
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/recommendations/:id',
    access: 'viewer',
    tags: ['recommendations'],
    summary: 'One recommendation with its full calculation, approval, executions and resource',
    params: idParams,
    async handler({ params, auth }) {
      const store = ctx.store.forTenant(auth.tenantId);
      const recommendation = await store.recommendations.get(params.id);
      if (!recommendation) throw HttpError.notFound(`No recommendation ${params.id} in your tenant.`);
      const [approval, executions, resource] = await Promise.all([
        store.approvals.getByRecommendation(recommendation.id),
        store.executions.listByRecommendation(recommendation.id),
        store.resources.get(recommendation.resourceId),
      ]);
      return {
        recommendation: { ...recommendation, priority: priorityOf(recommendation) },
        approval: approval ?? null,
        executions,
        resource: resource ?? null,
      };
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/recommendations/summary',
    access: 'viewer',
    tags: ['recommendations'],
    summary: 'Counts by status and execution mode',
    async handler({ auth }) {
      const store = ctx.store.forTenant(auth.tenantId);
      const statuses = recommendationStatusSchema.options;
      const modes = executionModeSchema.options;
      const [byStatus, byMode] = await Promise.all([
        Promise.all(
          statuses.map(async (status) => [status, await store.recommendations.count({ status: [status] })]),
        ),
        Promise.all(
          modes.map(async (mode) => [
            mode,
            await store.recommendations.count({ executionMode: [mode], status: [...LIVE_STATUSES] }),
          ]),
        ),
      ]);
      return {
        byStatus: Object.fromEntries(byStatus),
        liveByMode: Object.fromEntries(byMode),
      };
    },
  });
}
