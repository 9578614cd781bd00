import {
  type Approval,
  type ApprovalRepositoryV1,
  approvalSchema,
  type Execution,
  type ExecutionRepositoryV1,
  executionSchema,
  parseWith,
} from '@finops-autopilot/core';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { approvals, executions } from '../schema.js';
import { type TenantScope, upsertRows } from '../scope.js';
import { parseApprovalListOptions, parsePage } from '../validation.js';

/** Approvals of one tenant, newest `createdAt` first (ties by id); a recommendation's most recent is its first. */
export function createApprovalRepository(scope: TenantScope): ApprovalRepositoryV1 {
  const { tenantId } = scope;
  const newestFirst = [sql`${approvals.createdAt} desc nulls last`, asc(approvals.id)];
  return {
    async save(approval) {
      const parsed = parseWith(approvalSchema, approval, 'Approval');
      await scope.write(async (db, changes) => {
        const [inserted] = await upsertRows(
          db,
          approvals,
          tenantId,
          [
            {
              id: parsed.id,
              recommendation_id: parsed.recommendationId,
              status: parsed.status,
              created_at: parsed.createdAt,
              updated_at: parsed.updatedAt,
              record: parsed,
            },
          ],
          {
            conflict: ['id'],
            columns: ['id', 'recommendation_id', 'status', 'created_at', 'updated_at', 'record'],
            backend: scope.backend,
          },
        );
        changes.push({ tenantId, entity: 'approval', op: inserted ? 'insert' : 'update', id: parsed.id });
      });
    },
    async get(id) {
      const rows = await scope.read((db) =>
        db
          .select({ record: approvals.record })
          .from(approvals)
          .where(and(eq(approvals.tenantId, tenantId), eq(approvals.id, id))),
      );
      return rows[0]?.record as Approval | undefined;
    },
    async getByRecommendation(recommendationId) {
      const rows = await scope.read((db) =>
        db
          .select({ record: approvals.record })
          .from(approvals)
          .where(and(eq(approvals.tenantId, tenantId), eq(approvals.recommendationId, recommendationId)))
          .orderBy(...newestFirst)
          .limit(1),
      );
      return rows[0]?.record as Approval | undefined;
    },
    async list(options) {
      const filter = parseApprovalListOptions(options);
      const rows = await scope.read((db) => {
        const conditions = [eq(approvals.tenantId, tenantId)];
        if (filter.status !== undefined) {
          conditions.push(filter.status.length === 0 ? sql`false` : inArray(approvals.status, filter.status));
        }
        const select = db
          .select({ record: approvals.record })
          .from(approvals)
          .where(and(...conditions))
          .orderBy(...newestFirst)
          .offset(filter.offset ?? 0);
        return filter.limit === undefined ? select : select.limit(filter.limit);
      });
      return rows.map((row) => row.record as Approval);
    },
  };
}

/** Executions of one tenant, newest `startedAt` first (ties by id); `idempotencyKey` is unique within the tenant. */
export function createExecutionRepository(scope: TenantScope): ExecutionRepositoryV1 {
  const { tenantId } = scope;
  const newestFirst = [sql`${executions.startedAt} desc nulls last`, asc(executions.id)];
  return {
    async save(execution) {
      const parsed = parseWith(executionSchema, execution, 'Execution');
      await scope.write(async (db, changes) => {
        const [inserted] = await upsertRows(
          db,
          executions,
          tenantId,
          [
            {
              id: parsed.id,
              recommendation_id: parsed.recommendationId,
              idempotency_key: parsed.idempotencyKey,
              status: parsed.status,
              started_at: parsed.startedAt,
              finished_at: parsed.finishedAt ?? null,
              record: parsed,
            },
          ],
          {
            conflict: ['id'],
            columns: [
              'id',
              'recommendation_id',
              'idempotency_key',
              'status',
              'started_at',
              'finished_at',
              'record',
            ],
            backend: scope.backend,
          },
        );
        changes.push({ tenantId, entity: 'execution', op: inserted ? 'insert' : 'update', id: parsed.id });
      });
    },
    async get(id) {
      const rows = await scope.read((db) =>
        db
          .select({ record: executions.record })
          .from(executions)
          .where(and(eq(executions.tenantId, tenantId), eq(executions.id, id))),
      );
      return rows[0]?.record as Execution | undefined;
    },
    async getByIdempotencyKey(key) {
      const rows = await scope.read((db) =>
        db
          .select({ record: executions.record })
          .from(executions)
          .where(and(eq(executions.tenantId, tenantId), eq(executions.idempotencyKey, key))),
      );
      return rows[0]?.record as Execution | undefined;
    },
    async listByRecommendation(recommendationId) {
      const rows = await scope.read((db) =>
        db
          .select({ record: executions.record })
          .from(executions)
          .where(and(eq(executions.tenantId, tenantId), eq(executions.recommendationId, recommendationId)))
          .orderBy(...newestFirst),
      );
      return rows.map((row) => row.record as Execution);
    },
    async list(options) {
      const page = parsePage(options, 'execution list options');
      const rows = await scope.read((db) => {
        const select = db
          .select({ record: executions.record })
          .from(executions)
          .where(eq(executions.tenantId, tenantId))
          .orderBy(...newestFirst)
          .offset(page.offset ?? 0);
        return page.limit === undefined ? select : select.limit(page.limit);
      });
      return rows.map((row) => row.record as Execution);
    },
  };
}
