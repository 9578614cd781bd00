import type { ApprovalRepositoryV1, ExecutionRepositoryV1 } from '../contracts/v1/store-v1.js';
import { type Approval, approvalSchema } from '../schemas/approval.js';
import { type Execution, executionSchema } from '../schemas/execution.js';
import { parseWith } from '../util/parse.js';
import { copyIn, copyOut, newestFirst, rowsOf, type TenantScope } from './memory-scope.js';
import { approvalListSchema, page, pageSchema } from './store-schemas.js';

const approvalOrder = newestFirst((approval: Approval) => approval.createdAt);
const executionOrder = newestFirst((execution: Execution) => execution.startedAt);

/** Approvals of one tenant, newest `createdAt` first; the first of a recommendation is its most recent. */
export function createApprovalRepository(scope: TenantScope): ApprovalRepositoryV1 {
  return {
    async save(approval) {
      const parsed = copyIn(parseWith(approvalSchema, approval, 'Approval'), 'Approval');
      await scope.write((draft) => {
        draft.record('approval', draft.writable('approvals').put(parsed), parsed.id);
      });
    },
    async get(id) {
      return copyOut(rowsOf(scope, 'approvals')?.get(id));
    },
    async getByRecommendation(recommendationId) {
      // Latest createdAt; between equal times, the one inserted last.
      let latest: Approval | undefined;
      for (const approval of rowsOf(scope, 'approvals')?.values() ?? []) {
        if (approval.recommendationId !== recommendationId) continue;
        if (!latest || Date.parse(approval.createdAt) >= Date.parse(latest.createdAt)) latest = approval;
      }
      return copyOut(latest);
    },
    async list(options) {
      const filter = parseWith(approvalListSchema, options, 'approval list options');
      const matching = (rowsOf(scope, 'approvals')?.values() ?? [])
        .filter((approval) => filter?.status === undefined || filter.status.includes(approval.status))
        .sort(approvalOrder);
      return copyOut(page(matching, filter));
    },
  };
}

/** Executions of one tenant, newest `startedAt` first; `idempotencyKey` is unique within the tenant. */
export function createExecutionRepository(scope: TenantScope): ExecutionRepositoryV1 {
  return {
    async save(execution) {
      const parsed = copyIn(parseWith(executionSchema, execution, 'Execution'), 'Execution');
      await scope.write((draft) => {
        draft.record('execution', draft.writable('executions').put(parsed), parsed.id);
      });
    },
    async get(id) {
      return copyOut(rowsOf(scope, 'executions')?.get(id));
    },
    async getByIdempotencyKey(key) {
      return copyOut(rowsOf(scope, 'executions')?.getByUnique(key));
    },
    async listByRecommendation(recommendationId) {
      const matching = (rowsOf(scope, 'executions')?.values() ?? [])
        .filter((execution) => execution.recommendationId === recommendationId)
        .sort(executionOrder);
      return copyOut(matching);
    },
    async list(options) {
      const parsed = parseWith(pageSchema, options, 'execution list options');
      return copyOut(page((rowsOf(scope, 'executions')?.values() ?? []).sort(executionOrder), parsed));
    },
  };
}
