import {
  type AuditEvent,
  type AuditRepositoryV1,
  auditEventSchema,
  type ConfigRepositoryV1,
  InvalidInputError,
  parseWith,
} from '@finops-autopilot/core';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { auditEvents, config } from '../schema.js';
import type { TenantScope } from '../scope.js';
import { parseAuditListOptions, parseConfigKey, parseConfigValue } from '../validation.js';

/**
 * The append-only audit log of one tenant: it has no update or delete path, and on
 * PostgreSQL a trigger refuses both. An event must name the tenant it is appended
 * to; appending an id again is a `ConflictError`. Listed newest first, later appends
 * first on equal times (by `seq`).
 */
export function createAuditRepository(scope: TenantScope): AuditRepositoryV1 {
  const { tenantId } = scope;
  return {
    async append(event) {
      const parsed = parseWith(auditEventSchema, event, 'AuditEvent');
      if (parsed.tenantId !== tenantId) {
        throw new InvalidInputError({
          subject: 'AuditEvent',
          issues: [{ path: 'tenantId', message: `must be "${tenantId}", the tenant it is appended to` }],
        });
      }
      await scope.write(async (db, changes) => {
        await db.insert(auditEvents).values({
          tenantId,
          id: parsed.id,
          at: parsed.at,
          action: parsed.action,
          subjectType: parsed.subject.type,
          subjectId: parsed.subject.id,
          actorId: parsed.actor.id,
          record: parsed,
        });
        changes.push({ tenantId, entity: 'audit', op: 'insert', id: parsed.id });
      });
    },
    async list(options) {
      const filter = parseAuditListOptions(options);
      const rows = await scope.read((db) => {
        const conditions = [eq(auditEvents.tenantId, tenantId)];
        if (filter.action !== undefined) conditions.push(eq(auditEvents.action, filter.action));
        if (filter.subjectId !== undefined) conditions.push(eq(auditEvents.subjectId, filter.subjectId));
        const select = db
          .select({ record: auditEvents.record })
          .from(auditEvents)
          .where(and(...conditions))
          .orderBy(sql`${auditEvents.at} desc nulls last`, desc(auditEvents.seq))
          .offset(filter.offset ?? 0);
        return filter.limit === undefined ? select : select.limit(filter.limit);
      });
      return rows.map((row) => row.record as AuditEvent);
    },
  };
}

/** Configuration of one tenant: JSON values by non-empty key. */
export function createConfigRepository(scope: TenantScope): ConfigRepositoryV1 {
  const { tenantId } = scope;
  return {
    async get<T = unknown>(key: string): Promise<T | undefined> {
      const rows = await scope.read((db) =>
        db
          .select({ value: config.value })
          .from(config)
          .where(and(eq(config.tenantId, tenantId), eq(config.key, key))),
      );
      return rows.length === 0 ? undefined : (rows[0]?.value as T);
    },
    async set(key, value) {
      const parsedKey = parseConfigKey(key);
      const json = JSON.stringify(parseConfigValue(value, parsedKey));
      await scope.write(async (db, changes) => {
        const rows = await db
          .insert(config)
          .values({ tenantId, key: parsedKey, value: sql`${json}::jsonb`, updatedAt: sql`now()` })
          .onConflictDoUpdate({
            target: [config.tenantId, config.key],
            set: { value: sql`excluded.value`, updatedAt: sql`now()` },
          })
          .returning({ inserted: sql<boolean>`(xmax = 0)` });
        changes.push({
          tenantId,
          entity: 'config',
          op: rows[0]?.inserted ? 'insert' : 'update',
          id: parsedKey,
        });
      });
    },
    async list() {
      const rows = await scope.read((db) =>
        db
          .select({ key: config.key, value: config.value })
          .from(config)
          .where(eq(config.tenantId, tenantId))
          .orderBy(asc(config.key)),
      );
      return Object.fromEntries(rows.map((row) => [row.key, row.value]));
    },
  };
}
