import {
  parseWith,
  type Recommendation,
  type RecommendationQuery,
  type RecommendationRepositoryV1,
  recommendationSchema,
} from '@finops-autopilot/core';
import { and, count, eq, gte, inArray, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { recommendations } from '../schema.js';
import { type TenantScope, upsertRows } from '../scope.js';
import { parseRecommendationQuery } from '../validation.js';

/** Page size of a recommendation list when the query gives no `limit`. */
export const DEFAULT_RECOMMENDATION_LIMIT = 50;

/** The recommendation repository plus a bulk write the contract does not have. */
export interface PostgresRecommendationRepository extends RecommendationRepositoryV1 {
  /**
   * Inserts or replaces many recommendations by `id` in one transaction (1,000 rows per
   * statement); all land or none do.
   * @throws {ConflictError} when two of them, or one and a stored one, share a `key`.
   */
  saveMany(recommendations: readonly Recommendation[]): Promise<void>;
}

const recommendationListSchema = recommendationSchema.array();

const COLUMNS = [
  'id',
  'key',
  'status',
  'kind',
  'execution_mode',
  'service',
  'resource_id',
  'estimated_monthly_savings',
  'confidence',
  'created_at',
  'updated_at',
  'record',
] as const;

function toRow(recommendation: Recommendation) {
  return {
    id: recommendation.id,
    key: recommendation.key,
    status: recommendation.status,
    kind: recommendation.kind,
    execution_mode: recommendation.executionMode,
    service: recommendation.service,
    resource_id: recommendation.resourceId,
    estimated_monthly_savings: recommendation.estimatedMonthlySavings,
    confidence: recommendation.confidence,
    created_at: recommendation.createdAt,
    updated_at: recommendation.updatedAt,
    record: recommendation,
  };
}

/** The WHERE clause of a query: the tenant, then every filter given (an empty list matches nothing). */
export function recommendationFilter(tenantId: string, query: RecommendationQuery): SQL {
  const t = recommendations;
  const conditions: (SQL | undefined)[] = [eq(t.tenantId, tenantId)];
  const anyOf = (column: SQLWrapper, values: readonly string[] | undefined) => {
    if (values === undefined) return;
    conditions.push(values.length === 0 ? sql`false` : inArray(column, [...values]));
  };
  anyOf(t.status, query.status);
  anyOf(t.kind, query.kind);
  anyOf(t.service, query.service);
  anyOf(t.executionMode, query.executionMode);
  if (query.resourceId !== undefined) conditions.push(eq(t.resourceId, query.resourceId));
  if (query.minMonthlySavings !== undefined) {
    conditions.push(gte(t.estimatedMonthlySavings, query.minMonthlySavings));
  }
  if (query.search !== undefined && query.search !== '') {
    const needle = query.search.toLowerCase();
    conditions.push(
      or(
        sql`strpos(lower(${t.record}->>'title'), ${needle}) > 0`,
        sql`strpos(lower(${t.resourceId}), ${needle}) > 0`,
        sql`strpos(lower(${t.kind}), ${needle}) > 0`,
      ),
    );
  }
  return and(...conditions) as SQL;
}

/** ORDER BY of a query; ties break by id ascending whatever the order, so pages never overlap. */
export function recommendationOrder(query: RecommendationQuery): SQL[] {
  const t = recommendations;
  const column = {
    estimatedMonthlySavings: t.estimatedMonthlySavings,
    confidence: t.confidence,
    updatedAt: t.updatedAt,
    createdAt: t.createdAt,
  }[query.sort ?? 'estimatedMonthlySavings'];
  // NULLS LAST / FIRST spelled out so the order matches the indexes exactly.
  const direction = (query.order ?? 'desc') === 'desc' ? sql`desc nulls last` : sql`asc nulls first`;
  return [sql`${column} ${direction}`, sql`${t.id} asc`];
}

/** Recommendations of one tenant; `key` is unique within the tenant. */
export function createRecommendationRepository(scope: TenantScope): PostgresRecommendationRepository {
  const { tenantId } = scope;
  const saveAll = async (parsed: readonly Recommendation[]): Promise<void> => {
    await scope.write(async (db, changes) => {
      const inserted = await upsertRows(db, recommendations, tenantId, parsed.map(toRow), {
        conflict: ['id'],
        columns: COLUMNS,
      });
      parsed.forEach((recommendation, index) => {
        changes.push({
          tenantId,
          entity: 'recommendation',
          op: inserted[index] ? 'insert' : 'update',
          id: recommendation.id,
        });
      });
    });
  };
  return {
    async save(recommendation) {
      await saveAll([parseWith(recommendationSchema, recommendation, 'Recommendation')]);
    },
    async saveMany(input) {
      await saveAll(parseWith(recommendationListSchema, input, 'Recommendation'));
    },
    async get(id) {
      const rows = await scope.read((db) =>
        db
          .select({ record: recommendations.record })
          .from(recommendations)
          .where(and(eq(recommendations.tenantId, tenantId), eq(recommendations.id, id))),
      );
      return rows[0]?.record as Recommendation | undefined;
    },
    async getByKey(key) {
      const rows = await scope.read((db) =>
        db
          .select({ record: recommendations.record })
          .from(recommendations)
          .where(and(eq(recommendations.tenantId, tenantId), eq(recommendations.key, key))),
      );
      return rows[0]?.record as Recommendation | undefined;
    },
    async list(query) {
      const parsed = parseRecommendationQuery(query);
      const rows = await scope.read((db) =>
        db
          .select({ record: recommendations.record })
          .from(recommendations)
          .where(recommendationFilter(tenantId, parsed))
          .orderBy(...recommendationOrder(parsed))
          .limit(parsed.limit ?? DEFAULT_RECOMMENDATION_LIMIT)
          .offset(parsed.offset ?? 0),
      );
      return rows.map((row) => row.record as Recommendation);
    },
    async count(query) {
      const parsed = parseRecommendationQuery(query);
      const rows = await scope.read((db) =>
        db.select({ total: count() }).from(recommendations).where(recommendationFilter(tenantId, parsed)),
      );
      return Number(rows[0]?.total ?? 0);
    },
  };
}
