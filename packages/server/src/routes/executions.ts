import { executionSchema } from '@finops-autopilot/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http/http-error.js';
import { defineRoute, type RouteRegistry } from '../http/route.js';
import { actorOf, idParams, pageQuery, runtimeOf } from './shared.js';

export function registerExecutionRoutes(app: FastifyInstance, ctx: ServerContext, registry: RouteRegistry) {
  defineRoute(app, ctx, registry, {
    method: 'POST',
    url: '/api/recommendations/:id/execute',
    access: 'approver',
    tags: ['executions'],
    summary: 'Execute an approved recommendation: plan, dry run, then the real run',
    description:
      'Refused (409) unless the recommendation is approved and execution is enabled for the tenant. The dry run always comes first; a failed dry run changes nothing.',
    params: idParams,
    body: z.object({}).strict().optional(),
    response: executionSchema,
    async handler({ params, auth }) {
      const runtime = runtimeOf(ctx, auth);
      return runtime.autopilot.execute({ recommendationId: params.id, actor: actorOf(auth) });
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/executions',
    access: 'viewer',
    tags: ['executions'],
    summary: 'Executions, newest first',
    query: z.object({ recommendationId: z.string().min(1).max(200).optional(), ...pageQuery }).strict(),
    async handler({ query, auth }) {
      const store = ctx.store.forTenant(auth.tenantId);
      const items = query.recommendationId
        ? await store.executions.listByRecommendation(query.recommendationId)
        : await store.executions.list({ limit: query.limit, offset: query.offset });
      return { items, limit: query.limit, offset: query.offset };
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/executions/:id',
    access: 'viewer',
    tags: ['executions'],
    summary: 'One execution: plan, dry run, outcome, rollback',
    params: idParams,
    response: executionSchema,
    async handler({ params, auth }) {
      const execution = await ctx.store.forTenant(auth.tenantId).executions.get(params.id);
      if (!execution) throw HttpError.notFound(`No execution ${params.id} in your tenant.`);
      return execution;
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'POST',
    url: '/api/executions/:id/rollback',
    access: 'approver',
    tags: ['executions'],
    summary: 'Roll an execution back to the state before it',
    params: idParams,
    body: z
      .object({ reason: z.string().trim().min(1).max(2000).optional() })
      .strict()
      .default({}),
    response: executionSchema,
    async handler({ params, body, auth }) {
      const runtime = runtimeOf(ctx, auth);
      if (!(await ctx.store.forTenant(auth.tenantId).executions.get(params.id)))
        throw HttpError.notFound(`No execution ${params.id} in your tenant.`);
      return runtime.autopilot.rollback({
        executionId: params.id,
        actor: actorOf(auth),
        ...(body.reason ? { reason: body.reason } : {}),
      });
    },
  });
}
