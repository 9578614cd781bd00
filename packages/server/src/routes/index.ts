import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import type { RouteRegistry } from '../http/route.js';
import { registerAnalyticsRoutes } from './analytics.js';
import { registerApprovalRoutes } from './approvals.js';
import { registerAuditRoutes } from './audit.js';
import { registerConfigRoutes } from './config.js';
import { registerExecutionRoutes } from './executions.js';
import { registerRecommendationRoutes } from './recommendations.js';
import { registerResourceRoutes } from './resources.js';

/** Every tenant API route under `/api` (auth routes are registered by the auth module). */
export function registerApiRoutes(app: FastifyInstance, ctx: ServerContext, registry: RouteRegistry): void {
  registerRecommendationRoutes(app, ctx, registry);
  registerApprovalRoutes(app, ctx, registry);
  registerExecutionRoutes(app, ctx, registry);
  registerResourceRoutes(app, ctx, registry);
  registerAnalyticsRoutes(app, ctx, registry);
  registerConfigRoutes(app, ctx, registry);
  registerAuditRoutes(app, ctx, registry);
}
