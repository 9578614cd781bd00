import { and, count, desc, eq, sql } from 'drizzle-orm';
import { aiHistory } from '../schema.js';
import type { TenantScope } from '../scope.js';
import { type AiHistoryEntry, parseAiHistoryEntry, parseAiHistoryListOptions } from '../validation.js';

/** What the AI engine was asked and answered, per tenant. Not part of the core contract. */
export interface AiHistoryRepository {
  /** @throws {ConflictError} when the id exists in the tenant. */
  append(entry: AiHistoryEntry): Promise<void>;
  get(id: string): Promise<AiHistoryEntry | undefined>;
  /** Newest first (later appends first on equal times). */
  list(options?: {
    recommendationId?: string;
    kind?: string;
    limit?: number;
    offset?: number;
  }): Promise<AiHistoryEntry[]>;
  count(): Promise<number>;
}

export function createAiHistoryRepository(scope: TenantScope): AiHistoryRepository {
  const { tenantId } = scope;
  const mine = eq(aiHistory.tenantId, tenantId);
  return {
    async append(input) {
      const entry = parseAiHistoryEntry(input);
      await scope.write((db) =>
        db.insert(aiHistory).values({
          tenantId,
          id: entry.id,
          kind: entry.kind,
          model: entry.model,
          recommendationId: entry.recommendationId ?? null,
          createdAt: entry.createdAt,
          record: entry,
        }),
      );
    },
    async get(id) {
      const rows = await scope.read((db) =>
        db
          .select({ record: aiHistory.record })
          .from(aiHistory)
          .where(and(mine, eq(aiHistory.id, id))),
      );
      return rows[0]?.record as AiHistoryEntry | undefined;
    },
    async list(options) {
      const filter = parseAiHistoryListOptions(options);
      const rows = await scope.read((db) => {
        const conditions = [mine];
        if (filter.recommendationId !== undefined) {
          conditions.push(eq(aiHistory.recommendationId, filter.recommendationId));
        }
        if (filter.kind !== undefined) conditions.push(eq(aiHistory.kind, filter.kind));
        const select = db
          .select({ record: aiHistory.record })
          .from(aiHistory)
          .where(and(...conditions))
          .orderBy(sql`${aiHistory.createdAt} desc nulls last`, desc(aiHistory.seq))
          .offset(filter.offset ?? 0);
        return filter.limit === undefined ? select : select.limit(filter.limit);
      });
      return rows.map((row) => row.record as AiHistoryEntry);
    },
    async count() {
      const rows = await scope.read((db) => db.select({ total: count() }).from(aiHistory).where(mine));
      return Number(rows[0]?.total ?? 0);
    },
  };
}
