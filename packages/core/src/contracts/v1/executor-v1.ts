import type { Action } from '../../schemas/action.js';
import type { ExecutionOutcome, ExecutionPlan } from '../../schemas/execution.js';

/** What an executor can do. */
export interface ExecutorCapabilities {
  /** Can validate an action against the real resource without changing it. */
  dryRun: boolean;
  /** Can restore the pre-change state. */
  rollback: boolean;
  /** Action types it can apply, e.g. `resize`, `stop`. */
  actions: readonly string[];
}

export interface PlanOptions {
  resourceId: string;
  action: Action;
}

export interface ExecuteOptions {
  plan: ExecutionPlan;
  /** Validate only; change nothing. */
  dryRun: boolean;
  /**
   * The same key never applies twice: a second call with a key that already
   * succeeded returns the earlier outcome with `replayed: true` and changes nothing.
   */
  idempotencyKey: string;
}

export interface RollbackOptions {
  /** The plan that was executed (its `preState` is restored). */
  plan: ExecutionPlan;
  /** Key of the execution being rolled back. */
  executedKey: string;
  /** Key of this rollback; the same key never rolls back twice. */
  idempotencyKey: string;
}

/** Applies actions to resources: plan, dry run, real run, rollback. */
export interface ExecutorV1 {
  readonly specificationVersion: 'v1';
  readonly executorId: string;
  readonly capabilities: ExecutorCapabilities;
  /**
   * Checks the action against the resource as it is now and describes the change.
   * @throws {NotFoundError} when the resource does not exist.
   * @throws {ExecutionError} when the action cannot apply (wrong state, unknown target type).
   */
  plan(options: PlanOptions): Promise<ExecutionPlan>;
  /**
   * Dry-runs or applies a plan. Failures the provider reports come back as an
   * outcome with `status: 'failed'`; invalid calls throw.
   */
  execute(options: ExecuteOptions): Promise<ExecutionOutcome>;
  /**
   * Restores `plan.preState`.
   * @throws {UnsupportedCapabilityError} when the action cannot be undone.
   */
  rollback(options: RollbackOptions): Promise<ExecutionOutcome>;
}
