import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CONFIG_KEYS, type TenantConfig, tenantConfigPatchSchema } from '../config/tenant-config.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http/http-error.js';
import { defineRoute, type RouteRegistry } from '../http/route.js';
import { INTERNAL_CONFIG_PREFIXES } from '../runtime/runtime-manager.js';
import { actorOf, runtimeOf } from './shared.js';

/** What is (and is not) configured, for the dashboard's banner. */
export interface ConfigStatus {
  provider: { id: string; simulated: boolean };
  cloudCredentials: boolean;
  aiKey: boolean;
  executionEnabled: boolean;
  engines: Record<string, boolean>;
  database: 'pglite' | 'postgres';
  issues: string[];
}

export function registerConfigRoutes(app: FastifyInstance, ctx: ServerContext, registry: RouteRegistry) {
  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/config',
    access: 'viewer',
    tags: ['config'],
    summary: 'The configuration in force: engines, cycle interval, policy, execution',
    async handler({ auth }) {
      return runtimeOf(ctx, auth).config;
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'PATCH',
    url: '/api/config',
    access: 'admin',
    tags: ['config'],
    summary: 'Change the configuration (any subset); applies at once and is audited',
    body: tenantConfigPatchSchema,
    async handler({ body, auth }) {
      const runtime = runtimeOf(ctx, auth);
      return runtime.exclusive(async () => {
        const next: TenantConfig = {
          ...runtime.config,
          ...body,
          engines: { ...runtime.config.engines, ...(body.engines ?? {}) },
        } as TenantConfig;
        const unknown = Object.keys(body.engines ?? {}).filter(
          (id) => !runtime.engines.some((engine) => engine.engineId === id),
        );
        if (unknown.length > 0)
          throw HttpError.invalid(
            unknown.map((id) => ({
              location: 'body' as const,
              path: `engines.${id}`,
              message: `unknown engine; known: ${runtime.engines.map((engine) => engine.engineId).join(', ')}`,
            })),
          );
        if (!runtime.engines.some((engine) => next.engines[engine.engineId] !== false))
          throw HttpError.invalid([
            { location: 'body', path: 'engines', message: 'at least one engine must stay on' },
          ]);
        const keys = Object.keys(body) as (keyof TenantConfig)[];
        const at = ctx.now().toISOString();
        await ctx.store.transaction(auth.tenantId, async (tx) => {
          for (const key of keys) await tx.config.set(CONFIG_KEYS[key], next[key]);
          await tx.audit.append({
            id: randomUUID(),
            tenantId: auth.tenantId,
            at,
            actor: actorOf(auth),
            action: 'config.update',
            subject: { type: 'config', id: auth.tenantId },
            details: {
              changed: keys,
              before: Object.fromEntries(keys.map((key) => [key, runtime.config[key]])),
              after: Object.fromEntries(keys.map((key) => [key, next[key]])),
            },
          });
        });
        await runtime.reconfigure(next);
        ctx.hub.publish(auth.tenantId, 'config-changed', { keys: keys.map((key) => CONFIG_KEYS[key]) });
        return runtime.config;
      });
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/config/status',
    access: 'viewer',
    tags: ['config'],
    summary: 'What is configured: cloud credentials, AI key, execution, engines, database',
    async handler({ auth }): Promise<ConfigStatus> {
      const runtime = runtimeOf(ctx, auth);
      const env = process.env;
      const simulated = runtime.provider.providerId === 'sim';
      const cloudCredentials = Boolean(
        (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) || env.AWS_PROFILE || env.AWS_ROLE_ARN,
      );
      const aiKey = Boolean(env.GEMINI_API_KEY || env.GOOGLE_API_KEY);
      const issues: string[] = [];
      if (simulated) issues.push('No cloud configured: running on the simulated fleet.');
      if (!cloudCredentials) issues.push('No cloud credentials found (AWS_ACCESS_KEY_ID / AWS_PROFILE).');
      if (!aiKey) issues.push('AI engine off: no GEMINI_API_KEY.');
      if (!runtime.config.executionEnabled)
        issues.push('Execution is disabled: approved changes are not applied.');
      return {
        provider: { id: runtime.provider.providerId, simulated },
        cloudCredentials,
        aiKey,
        executionEnabled: runtime.config.executionEnabled,
        engines: runtime.config.engines,
        database: ctx.store.storeId,
        issues,
      };
    },
  });

  defineRoute(app, ctx, registry, {
    method: 'GET',
    url: '/api/config/entries',
    access: 'admin',
    tags: ['config'],
    summary: 'Every stored configuration entry (internal ones hidden)',
    async handler({ auth }) {
      const entries = await ctx.store.forTenant(auth.tenantId).config.list();
      return Object.fromEntries(
        Object.entries(entries).filter(
          ([key]) => !INTERNAL_CONFIG_PREFIXES.some((prefix) => key.startsWith(prefix)),
        ),
      );
    },
  });
}

export const auditQuery = z
  .object({
    action: z.string().min(1).max(100).optional(),
    subjectId: z.string().min(1).max(300).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
