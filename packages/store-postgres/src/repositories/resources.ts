import {
  type MetricSummary,
  type MetricSummaryRepositoryV1,
  parseWith,
  type Resource,
  type ResourceRepositoryV1,
  resourceSchema,
} from '@finops-autopilot/core';
import { and, asc, count, eq, inArray, type SQL } from 'drizzle-orm';
import { metricSummaries, resources } from '../schema.js';
import { type TenantScope, upsertRows } from '../scope.js';
import {
  parseIds,
  parseMetricSummaries,
  parseResourceCountFilter,
  parseResourceListOptions,
  type ResourceFilter,
} from '../validation.js';

const resourceListSchema = resourceSchema.array();

/** The tenant's resources, narrowed by service and kind when given. */
function resourceFilter(tenantId: string, filter: ResourceFilter): SQL | undefined {
  const conditions = [eq(resources.tenantId, tenantId)];
  if (filter.service !== undefined) conditions.push(eq(resources.service, filter.service));
  if (filter.kind !== undefined) conditions.push(eq(resources.kind, filter.kind));
  return and(...conditions);
}

/** Resources of one tenant, listed by id. */
export function createResourceRepository(scope: TenantScope): ResourceRepositoryV1 {
  const { tenantId } = scope;
  return {
    async upsertMany(input) {
      const parsed = parseWith(resourceListSchema, input, 'Resource');
      await scope.write(async (db, changes) => {
        const rows = parsed.map((resource) => ({
          id: resource.id,
          service: resource.service,
          kind: resource.kind,
          record: resource,
          updated_at: new Date().toISOString(),
        }));
        const inserted = await upsertRows(db, resources, tenantId, rows, {
          conflict: ['id'],
          columns: ['id', 'service', 'kind', 'record', 'updated_at'],
          backend: scope.backend,
        });
        parsed.forEach((resource, index) => {
          changes.push({
            tenantId,
            entity: 'resource',
            op: inserted[index] ? 'insert' : 'update',
            id: resource.id,
          });
        });
      });
    },
    async get(id) {
      const rows = await scope.read((db) =>
        db
          .select({ record: resources.record })
          .from(resources)
          .where(and(eq(resources.tenantId, tenantId), eq(resources.id, id))),
      );
      return rows[0]?.record as Resource | undefined;
    },
    async list(options) {
      const filter = parseResourceListOptions(options);
      const rows = await scope.read((db) => {
        const select = db
          .select({ record: resources.record })
          .from(resources)
          .where(resourceFilter(tenantId, filter))
          .orderBy(asc(resources.id))
          .offset(filter.offset ?? 0);
        return filter.limit === undefined ? select : select.limit(filter.limit);
      });
      return rows.map((row) => row.record as Resource);
    },
    async count(filter) {
      const parsed = parseResourceCountFilter(filter);
      const rows = await scope.read((db) =>
        db.select({ total: count() }).from(resources).where(resourceFilter(tenantId, parsed)),
      );
      return Number(rows[0]?.total ?? 0);
    },
    async remove(ids) {
      const unique = [...new Set(parseIds(ids, 'resource ids'))];
      return scope.write(async (db, changes) => {
        if (unique.length === 0) return 0;
        const removed = await db
          .delete(resources)
          .where(and(eq(resources.tenantId, tenantId), inArray(resources.id, unique)))
          .returning({ id: resources.id });
        const gone = new Set(removed.map((row) => row.id));
        for (const id of unique) {
          if (gone.has(id)) changes.push({ tenantId, entity: 'resource', op: 'delete', id });
        }
        return gone.size;
      });
    },
  };
}

/** Metric summaries of one tenant, one per resource and metric, listed by metric. */
export function createMetricSummaryRepository(scope: TenantScope): MetricSummaryRepositoryV1 {
  const { tenantId } = scope;
  return {
    async putMany(summaries) {
      const parsed = parseMetricSummaries(summaries);
      // StoreChange has no metric-summary entity, so these writes publish nothing.
      await scope.write(async (db) => {
        const rows = parsed.map((summary) => ({
          resource_id: summary.resourceId,
          metric: summary.metric,
          record: summary,
          updated_at: new Date().toISOString(),
        }));
        await upsertRows(db, metricSummaries, tenantId, rows, {
          conflict: ['resource_id', 'metric'],
          columns: ['resource_id', 'metric', 'record', 'updated_at'],
          backend: scope.backend,
        });
      });
    },
    async list(resourceId) {
      const rows = await scope.read((db) =>
        db
          .select({ record: metricSummaries.record })
          .from(metricSummaries)
          .where(and(eq(metricSummaries.tenantId, tenantId), eq(metricSummaries.resourceId, resourceId)))
          .orderBy(asc(metricSummaries.metric)),
      );
      return rows.map((row) => row.record as MetricSummary);
    },
  };
}
