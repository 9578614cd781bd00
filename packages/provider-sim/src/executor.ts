import {
  type Action,
  actionSchema,
  ExecutionError,
  type ExecutionOutcome,
  type ExecutionPlan,
  type ExecutorV1,
  executionPlanSchema,
  FinopsError,
  InvalidInputError,
  NotFoundError,
  type PriceCatalogV1,
  parseWith,
  UnsupportedCapabilityError,
} from '@finops-autopilot/core';
import { type PreparedChange, prepareChange, SIM_ACTIONS } from './actions.js';
import { cloneState, type SimEntity, type SimState, stateAt, toResource } from './model.js';
import { hashKeys } from './random.js';

interface AppliedRecord {
  outcome: ExecutionOutcome;
  resourceId: string;
  reversible: boolean;
  /** States before the change, per changed resource. */
  before: Array<{ entity: SimEntity; state: SimState }>;
}

/** What the executor needs from the simulated provider. */
export interface SimExecutorContext {
  seed: number;
  entities: ReadonlyMap<string, SimEntity>;
  prices: PriceCatalogV1;
  now: () => number;
}

/**
 * The simulated executor (`executorId: 'sim'`): plans, dry-runs, applies and
 * rolls back changes by appending to each resource's state timeline.
 */
export function createSimExecutor(context: SimExecutorContext): ExecutorV1 {
  const applied = new Map<string, AppliedRecord>();
  const rollbacks = new Map<string, ExecutionOutcome>();
  const { entities, prices } = context;

  const live = (resourceId: string): SimEntity => {
    const entity = entities.get(resourceId);
    if (!entity || stateAt(entity, context.now()).state === 'deleted') {
      throw new NotFoundError({ entity: 'resource', id: resourceId });
    }
    return entity;
  };
  const prepare = (entity: SimEntity, action: Action, key: string): PreparedChange =>
    prepareChange(entity, action, {
      prices,
      entities,
      now: context.now(),
      snapshotKey: hashKeys(context.seed, key, entity.identity.id).toString(16).padStart(8, '0'),
    });
  const iso = () => new Date(context.now()).toISOString();

  return {
    specificationVersion: 'v1',
    executorId: 'sim',
    capabilities: { dryRun: true, rollback: true, actions: SIM_ACTIONS },

    async plan({ resourceId, action }) {
      const parsed = parseWith(actionSchema, action, 'action');
      const entity = live(resourceId);
      const preState = toResource(entity, context.now());
      const prepared = prepare(entity, parsed, 'plan');
      const target = prepared.next[0]!;
      const expected = toResource(
        { ...entity, timeline: [{ at: 0, change: 'planned', state: target.state }] },
        context.now(),
      );
      return {
        resourceId,
        action: parsed,
        steps: prepared.steps,
        preState,
        expectedState: expected,
        warnings: prepared.warnings,
        reversible: prepared.reversible,
      };
    },

    async execute({ plan: rawPlan, dryRun, idempotencyKey }) {
      if (!idempotencyKey)
        throw new InvalidInputError({
          subject: 'execute',
          issues: [{ path: 'idempotencyKey', message: 'is required' }],
        });
      const plan: ExecutionPlan = parseWith(executionPlanSchema, rawPlan, 'execution plan');
      const previous = applied.get(idempotencyKey);
      if (!dryRun && previous) return { ...previous.outcome, applied: false, replayed: true };
      const failed = (message: string, preState = plan.preState): ExecutionOutcome => ({
        idempotencyKey,
        dryRun,
        status: 'failed',
        applied: false,
        replayed: false,
        preState,
        message,
        at: iso(),
      });
      const entity = entities.get(plan.resourceId);
      if (!entity || stateAt(entity, context.now()).state === 'deleted')
        return failed(`${plan.resourceId} does not exist`);
      const current = toResource(entity, context.now());
      if (current.type !== plan.preState.type) {
        return failed(
          `${plan.resourceId} changed since it was planned (now ${current.type}, ${current.state})`,
          current,
        );
      }
      let prepared: PreparedChange;
      try {
        prepared = prepare(entity, plan.action, idempotencyKey);
      } catch (error) {
        if (FinopsError.isInstance(error)) return failed(error.message, current);
        throw error;
      }
      const describe = prepared.steps.join('; ');
      if (dryRun) {
        const expected = toResource(
          { ...entity, timeline: [{ at: 0, change: 'dry-run', state: prepared.next[0]!.state }] },
          context.now(),
        );
        return {
          idempotencyKey,
          dryRun: true,
          status: 'succeeded',
          applied: false,
          replayed: false,
          preState: current,
          postState: expected,
          message: `Dry run OK: would ${describe}`,
          at: iso(),
        };
      }
      const at = context.now();
      const before = prepared.next.map(({ entity: e }) => ({ entity: e, state: cloneState(stateAt(e, at)) }));
      for (const { entity: e, state } of prepared.next) {
        e.timeline.push({ at, change: prepared.change, idempotencyKey, state: cloneState(state) });
      }
      const outcome: ExecutionOutcome = {
        idempotencyKey,
        dryRun: false,
        status: 'succeeded',
        applied: true,
        replayed: false,
        preState: current,
        postState: toResource(entity, at),
        message: `Applied: ${describe}`,
        at: new Date(at).toISOString(),
      };
      applied.set(idempotencyKey, {
        outcome,
        resourceId: plan.resourceId,
        reversible: prepared.reversible,
        before,
      });
      return outcome;
    },

    async rollback({ plan, executedKey, idempotencyKey }) {
      const previous = rollbacks.get(idempotencyKey);
      if (previous) return { ...previous, applied: false, replayed: true };
      const record = applied.get(executedKey);
      if (!record) {
        throw new ExecutionError({
          resourceId: plan.resourceId,
          message: `No applied execution with key "${executedKey}" to roll back`,
        });
      }
      if (record.resourceId !== plan.resourceId) {
        throw new InvalidInputError({
          subject: 'rollback',
          issues: [
            { path: 'plan.resourceId', message: `execution "${executedKey}" changed ${record.resourceId}` },
          ],
        });
      }
      if (!record.reversible) {
        throw new UnsupportedCapabilityError({
          capability: 'rollback',
          message: `Execution "${executedKey}" on ${plan.resourceId} cannot be rolled back (deleted without a snapshot)`,
        });
      }
      const at = context.now();
      const target = entities.get(plan.resourceId)!;
      const preState = toResource(target, at);
      for (const { entity, state } of record.before) {
        entity.timeline.push({
          at,
          change: `rollback of ${executedKey}`,
          idempotencyKey,
          state: cloneState(state),
        });
      }
      const outcome: ExecutionOutcome = {
        idempotencyKey,
        dryRun: false,
        status: 'succeeded',
        applied: true,
        replayed: false,
        preState,
        postState: toResource(target, at),
        message: `Rolled back ${executedKey}`,
        at: new Date(at).toISOString(),
      };
      rollbacks.set(idempotencyKey, outcome);
      return outcome;
    },
  };
}
