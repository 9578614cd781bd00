import { approvalSchema, FinopsError } from '@finops-autopilot/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { toErrorAnswer } from '../http/error-mapping.js';
import { HttpError } from '../http/http-error.js';
import { defineRoute, type RouteRegistry } from '../http/route.js';
import { actorOf, idParams, pageQuery, runtimeOf } from './shared.js';

const reasonSchema = z.string().trim().min(1).max(2000);

export function registerApprovalRoutes(app: FastifyInstance, ctx: ServerContext, registry: RouteRegistry) {
  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/approvals',
    access: 'viewer',
    tags: ['approvals'],
    summary: 'Approvals (the inbox: status=pending), newest first, each with its recommendation in brief',
    query: z
      .object({
        status: z.enum(['pending', 'approved', 'rejected', 'cancelled']).optional(),
        ...pageQuery,
      })
      .strict(),
    async handler({ query, auth }) {
      const store = ctx.store.forTenant(auth.tenantId);
      const page = await store.approvals.list({
        ...(query.status ? { status: [query.status] } : {}),
        limit: query.limit + 1,
        offset: query.offset,
      });
      const approvals = page.slice(0, query.limit);
      const items = await Promise.all(
        approvals.map(async (approval) => {
          const recommendation = await store.recommendations.get(approval.recommendationId);
          return {
            ...approval,
            recommendation: recommendation
              ? {
                  id: recommendation.id,
                  title: recommendation.title,
                  kind: recommendation.kind,
                  resourceId: recommendation.resourceId,
                  status: recommendation.status,
                  executionMode: recommendation.executionMode,
                  estimatedMonthlySavings: recommendation.estimatedMonthlySavings,
                  currency: recommendation.currency,
                }
              : null,
          };
        }),
      );
      return { items, limit: query.limit, offset: query.offset, hasMore: page.length > query.limit };
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/recommendations/:id/approval',
    access: 'viewer',
    tags: ['approvals'],
    summary: 'The approval of a recommendation with its stages and decision history',
    params: idParams,
    response: approvalSchema,
    async handler({ params, auth }) {
      const store = ctx.store.forTenant(auth.tenantId);
      if (!(await store.recommendations.get(params.id)))
        throw HttpError.notFound(`No recommendation ${params.id} in your tenant.`);
      const approval = await store.approvals.getByRecommendation(params.id);
      if (!approval)
        throw HttpError.notFound(`Recommendation ${params.id} has no approval (it never needed one).`);
      return approval;
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'POST',
    url: '/api/recommendations/:id/approve',
    access: 'approver',
    tags: ['approvals'],
    summary:
      'Approve the current stage; the last stage approves the recommendation (and executes it when enabled)',
    params: idParams,
    body: z.object({ reason: reasonSchema.optional() }).strict().default({}),
    response: approvalSchema,
    async handler({ params, body, auth }) {
      const runtime = runtimeOf(ctx, auth);
      return runtime.autopilot.approve({
        recommendationId: params.id,
        actor: actorOf(auth),
        ...(body.reason ? { reason: body.reason } : {}),
      });
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'POST',
    url: '/api/recommendations/:id/reject',
    access: 'approver',
    tags: ['approvals'],
    summary: 'Reject the recommendation at the current stage; a reason is required',
    params: idParams,
    body: z.object({ reason: reasonSchema }).strict(),
    response: approvalSchema,
    async handler({ params, body, auth }) {
      const runtime = runtimeOf(ctx, auth);
      return runtime.autopilot.reject({
        recommendationId: params.id,
        actor: actorOf(auth),
        reason: body.reason,
      });
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'POST',
    url: '/api/approvals/batch',
    access: 'approver',
    tags: ['approvals'],
    summary: 'Approve or reject several recommendations; each succeeds or fails on its own',
    body: z
      .object({
        action: z.enum(['approve', 'reject']),
        ids: z.array(z.string().min(1).max(200)).min(1).max(100),
        reason: reasonSchema.optional(),
      })
      .strict()
      .refine((body) => body.action !== 'reject' || body.reason !== undefined, {
        message: 'a reason is required to reject',
        path: ['reason'],
      }),
    async handler({ body, auth, request }) {
      const runtime = runtimeOf(ctx, auth);
      const results = [];
      for (const id of new Set(body.ids)) {
        try {
          const approval =
            body.action === 'approve'
              ? await runtime.autopilot.approve({
                  recommendationId: id,
                  actor: actorOf(auth),
                  ...(body.reason ? { reason: body.reason } : {}),
                })
              : await runtime.autopilot.reject({
                  recommendationId: id,
                  actor: actorOf(auth),
                  reason: body.reason as string,
                });
          results.push({ id, ok: true as const, approval });
        } catch (error) {
          if (!FinopsError.isInstance(error)) throw error;
          const answer = toErrorAnswer(error, request.id);
          results.push({ id, ok: false as const, status: answer.status, error: answer.body.error });
        }
      }
      return {
        action: body.action,
        succeeded: results.filter((result) => result.ok).length,
        failed: results.filter((result) => !result.ok).length,
        results,
      };
    },
  });
}
