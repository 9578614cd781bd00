import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http/http-error.js';
import { defineRoute, type RouteRegistry } from '../http/route.js';
import { idParams, pageQuery, runtimeOf } from './shared.js';

export function registerResourceRoutes(app: FastifyInstance, ctx: ServerContext, registry: RouteRegistry) {
  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/resources',
    access: 'viewer',
    tags: ['resources'],
    summary: 'Resources with their utilization summaries (mean, p95, max per metric)',
    query: z
      .object({
        service: z.string().min(1).max(100).optional(),
        kind: z.string().min(1).max(100).optional(),
        ...pageQuery,
      })
      .strict(),
    async handler({ query, auth }) {
      const store = ctx.store.forTenant(auth.tenantId);
      const filter = {
        ...(query.service ? { service: query.service } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
      };
      const [resources, total] = await Promise.all([
        store.resources.list({ ...filter, limit: query.limit, offset: query.offset }),
        store.resources.count(filter),
      ]);
      const items = await Promise.all(
        resources.map(async (resource) => ({
          resource,
          utilization: await store.metricSummaries.list(resource.id),
        })),
      );
      return { items, total, limit: query.limit, offset: query.offset };
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/resources/:id',
    access: 'viewer',
    tags: ['resources'],
    summary: 'One resource with its utilization summaries and recommendations',
    params: idParams,
    async handler({ params, auth }) {
      const store = ctx.store.forTenant(auth.tenantId);
      const resource = await store.resources.get(params.id);
      if (!resource) throw HttpError.notFound(`No resource ${params.id} in your tenant.`);
      const [utilization, recommendations] = await Promise.all([
        store.metricSummaries.list(resource.id),
        store.recommendations.list({ resourceId: resource.id, limit: 100 }),
      ]);
      return { resource, utilization, recommendations };
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/resources/:id/metrics',
    access: 'viewer',
    tags: ['resources'],
    summary: 'Utilization series of a resource (hourly), as the engines saw it',
    params: idParams,
    query: z
      .object({
        days: z.coerce.number().int().min(1).max(90).default(14),
        metric: z.string().min(1).max(100).optional(),
      })
      .strict(),
    async handler({ params, query, auth }) {
      const store = ctx.store.forTenant(auth.tenantId);
      const resource = await store.resources.get(params.id);
      if (!resource) throw HttpError.notFound(`No resource ${params.id} in your tenant.`);
      const runtime = runtimeOf(ctx, auth);
      const end = runtime.provider.now ? runtime.provider.now() : ctx.now();
      const start = new Date(end.getTime() - query.days * 86_400_000);
      const series = await runtime.provider.getMetrics({
        resources: [resource],
        window: { start: start.toISOString(), end: end.toISOString() },
        ...(query.metric ? { metrics: [query.metric] } : {}),
        periodSeconds: 3600,
      });
      return {
        resourceId: resource.id,
        window: { start: start.toISOString(), end: end.toISOString() },
        series,
      };
    },
  });
}
