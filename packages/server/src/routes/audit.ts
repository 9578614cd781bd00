import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { defineRoute, type RouteRegistry } from '../http/route.js';
import { auditQuery } from './config.js';

export function registerAuditRoutes(app: FastifyInstance, ctx: ServerContext, registry: RouteRegistry) {
  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/audit',
    access: 'admin',
    tags: ['audit'],
    summary: 'The audit log, newest first (append-only)',
    query: auditQuery,
    async handler({ query, auth }) {
      const items = await ctx.store.forTenant(auth.tenantId).audit.list({
        limit: query.limit,
        offset: query.offset,
        ...(query.action ? { action: query.action } : {}),
        ...(query.subjectId ? { subjectId: query.subjectId } : {}),
      });
      return { items, limit: query.limit, offset: query.offset };
    },
  });
}
