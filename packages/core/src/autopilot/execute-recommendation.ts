import { FinopsError } from '../errors/finops-error.js';
import { IllegalTransitionError } from '../errors/illegal-transition-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import type { Actor } from '../schemas/common.js';
import type { Execution, ExecutionOutcome, ExecutionPlan } from '../schemas/execution.js';
import type { Recommendation } from '../schemas/recommendation.js';
import { contentHash } from '../util/hash.js';
import { newId } from '../util/ids.js';
import type { AutopilotContext } from './autopilot-context.js';
import { audit, transitionRecommendation } from './recommendation-steps.js';

/**
 * The idempotency key of executing a recommendation's action: stable across
 * retries and restarts, so the change is applied at most once.
 */
export function executionKey(recommendation: Pick<Recommendation, 'id' | 'action'>): string {
  return `${recommendation.id}:${contentHash(recommendation.action)}`;
}

/**
 * Executes an approved (or previously failed) recommendation: plan, dry run,
 * then the real run, each step recorded; the pre-change state is kept in the
 * execution for rollback. A key that already succeeded is never applied again.
 * @throws {IllegalTransitionError} when the recommendation is not approved or failed.
 */
export async function executeRecommendation(
  context: AutopilotContext,
  recommendationId: string,
  actor: Actor,
): Promise<Execution> {
  if (!context.executionEnabled) {
    throw new FinopsError({
      code: 'EXECUTION_DISABLED',
      message: 'Execution is disabled: set `execution.enabled: true` to let the autopilot change resources.',
    });
  }
  const store = context.store.forTenant(context.tenantId);
  const recommendation = await store.recommendations.get(recommendationId);
  if (!recommendation) throw new NotFoundError({ entity: 'recommendation', id: recommendationId });
  if (recommendation.status !== 'approved' && recommendation.status !== 'failed') {
    throw new IllegalTransitionError({
      entity: `recommendation ${recommendationId}`,
      from: recommendation.status,
      attempted: 'execute',
      reason: 'only an approved (or failed, to retry) recommendation can be executed',
    });
  }
  const idempotencyKey = executionKey(recommendation);
  const previous = await store.executions.getByIdempotencyKey(idempotencyKey);
  if (previous?.status === 'succeeded') return previous;

  const executor = context.provider.executor;
  let plan: ExecutionPlan;
  try {
    plan = await context.providerQueue.add(() =>
      executor.plan({ resourceId: recommendation.resourceId, action: recommendation.action }),
    );
  } catch (error) {
    // The recommendation stays approved: planning changed nothing (e.g. the resource is gone).
    await context.transact(async (tx) => {
      await audit(context, tx, {
        actor,
        action: 'execution.plan-failed',
        subject: { type: 'recommendation', id: recommendation.id },
        details: { message: messageOf(error) },
        at: context.now().toISOString(),
      });
    });
    throw error;
  }

  const startedAt = context.now().toISOString();
  let execution: Execution = {
    id: previous?.id ?? newId('exe'),
    recommendationId: recommendation.id,
    resourceId: recommendation.resourceId,
    idempotencyKey,
    status: 'dry-run',
    actor,
    plan,
    startedAt,
  };
  await context.transact(async (tx, emit) => {
    await transitionRecommendation(tx, emit, recommendation, 'executing', {
      at: startedAt,
      reason: `execution ${execution.id} started by ${actor.id}`,
      patch: { lastExecutionId: execution.id },
    });
    await tx.executions.save(execution);
    await audit(context, tx, {
      actor,
      action: 'execution.start',
      subject: { type: 'execution', id: execution.id },
      details: { recommendationId: recommendation.id, idempotencyKey },
      at: startedAt,
    });
    emit('execution-start', { execution });
  });

  return context.executionQueue.add(async () => {
    const dryRun = await runStep(() =>
      executor.execute({ plan, dryRun: true, idempotencyKey: `${idempotencyKey}:dry-run` }),
    );
    if (dryRun.status === 'failed') return finish(context, execution, dryRun, 'dry run');
    execution = { ...execution, status: 'running', dryRun };
    await context.transact(async (tx, emit) => {
      await tx.executions.save(execution);
      emit('execution-dry-run', { execution });
    });
    const outcome = await runStep(() => executor.execute({ plan, dryRun: false, idempotencyKey }));
    return finish(context, execution, outcome, 'run');
  }) as Promise<Execution>;

  async function runStep(step: () => Promise<ExecutionOutcome>): Promise<ExecutionOutcome> {
    try {
      return await context.providerQueue.add(step);
    } catch (error) {
      return {
        idempotencyKey,
        dryRun: false,
        status: 'failed',
        applied: false,
        replayed: false,
        preState: plan.preState,
        message: messageOf(error),
        at: context.now().toISOString(),
      };
    }
  }
}

/**
 * Continues an execution interrupted by a crash or restart (its recommendation
 * is still `executing`): the real run is repeated with the same idempotency
 * key, so an already applied change is reported, not applied again.
 */
export async function resumeExecution(context: AutopilotContext, execution: Execution): Promise<Execution> {
  if (execution.status === 'dry-run' || !execution.dryRun) {
    // The crash came before the dry run passed: it runs again before anything is applied.
    const dryRun = await context.providerQueue.add(() =>
      context.provider.executor.execute({
        plan: execution.plan,
        dryRun: true,
        idempotencyKey: `${execution.idempotencyKey}:dry-run`,
      }),
    );
    if (dryRun.status === 'failed') return finish(context, execution, dryRun, 'resumed dry run');
    execution = { ...execution, status: 'running', dryRun };
  }
  const outcome = await context.providerQueue.add(() =>
    context.provider.executor.execute({
      plan: execution.plan,
      dryRun: false,
      idempotencyKey: execution.idempotencyKey,
    }),
  );
  return finish(context, execution, outcome, 'resumed run');
}

async function finish(
  context: AutopilotContext,
  execution: Execution,
  outcome: ExecutionOutcome,
  step: string,
): Promise<Execution> {
  const at = context.now().toISOString();
  const succeeded = outcome.status === 'succeeded';
  const finished: Execution = {
    ...execution,
    status: succeeded ? 'succeeded' : 'failed',
    ...(outcome.dryRun ? { dryRun: outcome } : { outcome }),
    ...(succeeded
      ? {}
      : { error: { message: `${step} failed: ${outcome.message}`, code: 'EXECUTION_FAILED' } }),
    finishedAt: at,
  };
  await context.transact(async (tx, emit) => {
    const recommendation = await tx.recommendations.get(execution.recommendationId);
    await tx.executions.save(finished);
    if (succeeded && !outcome.dryRun) context.lastChange?.set(execution.resourceId, Date.parse(at));
    if (recommendation?.status === 'executing') {
      await transitionRecommendation(tx, emit, recommendation, succeeded ? 'executed' : 'failed', {
        at,
        reason: succeeded ? outcome.message : `${step} failed: ${outcome.message}`,
      });
    }
    await audit(context, tx, {
      actor: execution.actor,
      action: succeeded ? 'execution.succeed' : 'execution.fail',
      subject: { type: 'execution', id: execution.id },
      details: {
        recommendationId: execution.recommendationId,
        step,
        message: outcome.message,
        replayed: outcome.replayed,
      },
      at,
    });
    if (succeeded) emit('execution-end', { execution: finished });
    else
      emit('execution-error', { execution: finished, message: finished.error?.message ?? outcome.message });
  });
  return finished;
}

/**
 * Restores the pre-change state of a succeeded execution and marks its
 * recommendation rolled back. Rolling back twice is refused.
 */
export async function rollbackExecution(
  context: AutopilotContext,
  executionId: string,
  actor: Actor,
  reason?: string,
): Promise<Execution> {
  const store = context.store.forTenant(context.tenantId);
  const execution = await store.executions.get(executionId);
  if (!execution) throw new NotFoundError({ entity: 'execution', id: executionId });
  if (execution.status !== 'succeeded') {
    throw new IllegalTransitionError({
      entity: `execution ${executionId}`,
      from: execution.status,
      attempted: 'roll back',
      reason: 'only a succeeded execution can be rolled back',
    });
  }
  const recommendation = await store.recommendations.get(execution.recommendationId);
  if (!recommendation) throw new NotFoundError({ entity: 'recommendation', id: execution.recommendationId });
  if (recommendation.status !== 'executed' && recommendation.status !== 'verified') {
    throw new IllegalTransitionError({
      entity: `recommendation ${recommendation.id}`,
      from: recommendation.status,
      attempted: 'roll back',
      reason: 'only an executed or verified recommendation can be rolled back',
    });
  }
  const outcome = await context.executionQueue.add(() =>
    context.providerQueue.add(() =>
      context.provider.executor.rollback({
        plan: execution.plan,
        executedKey: execution.idempotencyKey,
        idempotencyKey: `${execution.idempotencyKey}:rollback`,
      }),
    ),
  );
  const at = context.now().toISOString();
  if (outcome.status !== 'succeeded') {
    throw new FinopsError({
      code: 'ROLLBACK_FAILED',
      message: `Rollback of ${executionId} failed: ${outcome.message}`,
    });
  }
  const rolledBack: Execution = { ...execution, status: 'rolled-back', rollback: outcome };
  await context.transact(async (tx, emit) => {
    await tx.executions.save(rolledBack);
    context.lastChange?.set(execution.resourceId, Date.parse(at));
    await transitionRecommendation(tx, emit, recommendation, 'rolled-back', {
      at,
      reason: reason ? `rolled back by ${actor.id}: ${reason}` : `rolled back by ${actor.id}`,
    });
    await audit(context, tx, {
      actor,
      action: 'execution.rollback',
      subject: { type: 'execution', id: executionId },
      details: { recommendationId: recommendation.id, reason: reason ?? null, message: outcome.message },
      at,
    });
    emit('execution-rolled-back', { execution: rolledBack });
  });
  return rolledBack;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
