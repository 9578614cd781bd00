import {
  parseWith,
  type Recommendation,
  type RecommendationQuery,
  type RecommendationRepositoryV1,
  recommendationSchema,
} from '@finops-autopilot/core';
import { and, count, eq, gte, inArray, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { query as runQuery } from '../database.js';
import { PostgresStoreError } from '../errors.js';
import { recommendations } from '../schema.js';
import { type ColumnValues, type TenantScope, upsertRows } from '../scope.js';
import { parseRecommendationQuery } from '../validation.js';

/** Page size of a recommendation list when the query gives no `limit`. */
export const DEFAULT_RECOMMENDATION_LIMIT = 50;

/** The recommendation repository plus a bulk write the contract does not have. */
export interface PostgresRecommendationRepository extends RecommendationRepositoryV1 {
  /**
   * Inserts or replaces many recommendations by `id` in one transaction (1,000 rows per
   * statement); all land or none do. Each item is validated as its batch is built, while
   * the database writes the previous batch, so do not change the items until it settles.
   * @throws {InvalidInputError} when any item is invalid (naming every bad field; nothing lands).
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
  'title',
  'record',
] as const;

/**
 * The row of a recommendation. The text fields with a column of their own are left
 * out of `record` (reads put them back); numbers and instants stay in it, so they
 * come back exactly as given.
 */
function toRow(recommendation: Recommendation): ColumnValues {
  const { id, key, status, kind, executionMode, service, resourceId, title, ...record } = recommendation;
  return {
    id,
    key,
    status,
    kind,
    execution_mode: executionMode,
    service,
    resource_id: resourceId,
    estimated_monthly_savings: recommendation.estimatedMonthlySavings,
    confidence: recommendation.confidence,
    created_at: recommendation.createdAt,
    updated_at: recommendation.updatedAt,
    title,
    record,
  };
}

/** What reads select: the record without its column fields, and those columns. */
export const RECOMMENDATION_SELECTION = {
  id: recommendations.id,
  key: recommendations.key,
  status: recommendations.status,
  kind: recommendations.kind,
  executionMode: recommendations.executionMode,
  service: recommendations.service,
  resourceId: recommendations.resourceId,
  title: recommendations.title,
  record: recommendations.record,
};

/** A recommendation put back together from its row (`record` is JSON text). */
function fromRow(row: { record: string } & Record<string, unknown>): Recommendation {
  const { record, ...columns } = row;
  return { ...(parseStoredJson(record) as object), ...columns } as Recommendation;
}

/** Parses a stored record; text that is not JSON (written around the store) fails clearly. */
function parseStoredJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PostgresStoreError({
      code: 'CORRUPT_RECORD',
      message: `A stored recommendation record is not valid JSON (${(error as Error).message}): it was written around the store`,
      cause: error,
    });
  }
}

/**
 * Validates the input of `saveMany` item by item as the rows are sent, so checking
 * the next items overlaps with the database writing the previous ones, and parsed
 * records do not outlive their row (it is encoded as it is read). An invalid item stops
 * the rows; whatever went wrong, every item is checked before the error reaches the
 * caller, so invalid input wins and is reported exactly as validating the whole list
 * reports it.
 */
class StreamingValidation {
  /** Ids of the rows read by the latest pass, in order. */
  readonly ids: string[] = [];
  /** Items known to be valid (a pass that got this far). */
  private valid = 0;
  private invalid = false;
  private error: unknown;

  constructor(private readonly input: readonly unknown[]) {}

  /** The rows, parsed as they are read; each pass (a retried transaction) parses again. */
  *rows(): Generator<ColumnValues> {
    this.ids.length = 0;
    for (let index = 0; index < this.input.length; index++) {
      const recommendation = this.parse(index);
      if (!recommendation) return this.fail();
      this.ids.push(recommendation.id);
      yield toRow(recommendation);
    }
  }

  /** Checks the items no pass has reached; throws the validation error if any item is invalid. */
  finish(): void {
    while (!this.invalid && this.valid < this.input.length) this.parse(this.valid);
    if (this.invalid) this.fail();
  }

  private parse(index: number): Recommendation | undefined {
    const result = recommendationSchema.safeParse(this.input[index]);
    if (!result.success) {
      this.invalid = true;
      return undefined;
    }
    if (index === this.valid) this.valid += 1;
    return result.data;
  }

  private fail(): never {
    if (this.error === undefined) {
      try {
        // The whole list, once more, so the error names every bad field of every item.
        parseWith(recommendationListSchema, this.input, 'Recommendation');
        this.error = new Error('unreachable: the list failed validation item by item');
      } catch (error) {
        this.error = error;
      }
    }
    throw this.error;
  }
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
        sql`strpos(lower(${t.title}), ${needle}) > 0`,
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

/**
 * A list by savings over several statuses, or all of them, from the index on
 * (tenant, status, savings, id): the best `offset + limit` of each status, each read in
 * index order, then merged. The statuses are the ones asked for, or those the tenant
 * has, found by skipping through the same index (one probe per status). Without this
 * the list would need a second index ordered by savings alone, which every write of a
 * recommendation would have to maintain.
 */
export function recommendationsBySavingsPerStatus(
  tenantId: string,
  query: RecommendationQuery,
  limit: number,
  offset: number,
): SQL {
  const t = recommendations;
  const statuses =
    query.status === undefined
      ? sql`with recursive statuses(status) as (
          (select r.status from ${t} as r where r.tenant_id = ${tenantId} order by r.status limit 1)
          union all
          select (select r.status from ${t} as r
                  where r.tenant_id = ${tenantId} and r.status > s.status order by r.status limit 1)
          from statuses as s where s.status is not null)`
      : sql`with statuses(status) as (values ${sql.join(
          [...new Set(query.status)].map((status) => sql`(${status}::text)`),
          sql`, `,
        )})`;
  const direction =
    (query.order ?? 'desc') === 'desc' ? sql.raw('desc nulls last') : sql.raw('asc nulls first');
  const filter = recommendationFilter(tenantId, { ...query, status: undefined });
  return sql`${statuses}
    select x.* from statuses as s cross join lateral (
      select ${t.id}, ${t.key}, ${t.status}, ${t.kind}, ${t.executionMode}, ${t.service}, ${t.resourceId},
             ${t.title}, ${t.record}, ${t.estimatedMonthlySavings}
      from ${t}
      where ${filter} and ${t.status} = s.status
      order by ${t.estimatedMonthlySavings} ${direction}, ${t.id} asc
      limit ${limit + offset}
    ) as x
    order by x.estimated_monthly_savings ${direction}, x.id asc
    limit ${limit} offset ${offset}`;
}

/** Whether a list reads the status index once per status (see {@link recommendationsBySavingsPerStatus}). */
function perStatus(query: RecommendationQuery): boolean {
  const statuses = query.status === undefined ? 2 : new Set(query.status).size;
  return (query.sort ?? 'estimatedMonthlySavings') === 'estimatedMonthlySavings' && statuses > 1;
}

interface RawRow {
  id: string;
  key: string;
  status: string;
  kind: string;
  execution_mode: string | null;
  service: string;
  resource_id: string;
  title: string;
  /** JSON text. */
  record: string;
}

function fromRawRow(row: RawRow): Recommendation {
  return fromRow({
    record: row.record,
    id: row.id,
    key: row.key,
    status: row.status,
    kind: row.kind,
    executionMode: row.execution_mode,
    service: row.service,
    resourceId: row.resource_id,
    title: row.title,
  });
}

/** Recommendations of one tenant; `key` is unique within the tenant. */
export function createRecommendationRepository(scope: TenantScope): PostgresRecommendationRepository {
  const { tenantId } = scope;
  /** Writes the rows (read anew by a retried transaction); `ids` are theirs, known once they are read. */
  const saveAll = async (rows: () => Iterable<ColumnValues>, ids: () => readonly string[]): Promise<void> => {
    await scope.write(async (db, changes) => {
      const inserted = await upsertRows(db, recommendations, tenantId, rows(), {
        conflict: ['id'],
        columns: COLUMNS,
        backend: scope.backend,
      });
      ids().forEach((id, index) => {
        changes.push({ tenantId, entity: 'recommendation', op: inserted[index] ? 'insert' : 'update', id });
      });
    });
  };
  const readOne = async (where: SQL | undefined): Promise<Recommendation | undefined> => {
    const rows = await scope.read((db) =>
      db.select(RECOMMENDATION_SELECTION).from(recommendations).where(where),
    );
    const row = rows[0];
    return row ? fromRow(row) : undefined;
  };
  return {
    async save(recommendation) {
      const parsed = parseWith(recommendationSchema, recommendation, 'Recommendation');
      const row = toRow(parsed);
      await saveAll(
        () => [row],
        () => [parsed.id],
      );
    },
    async saveMany(input) {
      if (!Array.isArray(input)) parseWith(recommendationListSchema, input, 'Recommendation');
      const validation = new StreamingValidation(input);
      try {
        await saveAll(
          () => validation.rows(),
          () => validation.ids,
        );
      } catch (error) {
        validation.finish();
        throw error;
      }
    },
    async get(id) {
      return readOne(and(eq(recommendations.tenantId, tenantId), eq(recommendations.id, id)));
    },
    async getByKey(key) {
      return readOne(and(eq(recommendations.tenantId, tenantId), eq(recommendations.key, key)));
    },
    async list(query) {
      const parsed = parseRecommendationQuery(query);
      const limit = parsed.limit ?? DEFAULT_RECOMMENDATION_LIMIT;
      const offset = parsed.offset ?? 0;
      if (perStatus(parsed)) {
        const rows = await scope.read((db) =>
          runQuery<RawRow>(db, recommendationsBySavingsPerStatus(tenantId, parsed, limit, offset)),
        );
        return rows.map(fromRawRow);
      }
      const rows = await scope.read((db) =>
        db
          .select(RECOMMENDATION_SELECTION)
          .from(recommendations)
          .where(recommendationFilter(tenantId, parsed))
          .orderBy(...recommendationOrder(parsed))
          .limit(limit)
          .offset(offset),
      );
      return rows.map(fromRow);
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
