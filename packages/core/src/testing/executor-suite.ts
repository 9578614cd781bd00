import { beforeAll, describe, expect, it } from 'vitest';
import type { ExecutorV1 } from '../contracts/v1/executor-v1.js';
import type { ResourceProviderV1 } from '../contracts/v1/provider-v1.js';
import type { Action } from '../schemas/action.js';
import {
  type ExecutionOutcome,
  type ExecutionPlan,
  executionOutcomeSchema,
  executionPlanSchema,
} from '../schemas/execution.js';
import type { Resource } from '../schemas/resource.js';

/** One change the executor suite applies, checks and rolls back. */
export interface ExecutorTestCase {
  resourceId: string;
  action: Action;
  /** Throws (e.g. with `expect`) unless `after` shows the action applied. Must reject the unchanged resource. */
  verify: (after: Resource) => void;
}

/** What {@link testExecutor}'s `setup` returns: a fresh fleet per call. */
export interface ExecutorTestSetup {
  executor: ExecutorV1;
  /** The provider whose inventory the executor changes. */
  provider: ResourceProviderV1;
  cases: ExecutorTestCase[];
}

/** Options of {@link testExecutor}. */
export interface TestExecutorOptions {
  name: string;
  /** Builds a fresh executor, provider and cases; called once per case and once for the fleet-wide checks. */
  setup: () => Promise<ExecutorTestSetup>;
  /** Check names (as printed, without the case prefix) to skip, each with the reason. */
  skip?: Record<string, string>;
}

/** Names of the checks {@link testExecutor} runs, for its `skip` option. */
export const EXECUTOR_CHECKS = [
  'plan returns a valid plan whose preState is the current resource',
  'a dry run succeeds and changes nothing',
  'a real run applies the action',
  'the same idempotency key replays without changing anything',
  'rollback restores preState once per key',
  'plan of an unknown resource throws NotFoundError',
  'plan of an impossible action throws ExecutionError naming the type',
  'a failed run changes nothing and does not consume its key',
] as const;

type Check = (typeof EXECUTOR_CHECKS)[number];

const byId = (resources: Resource[]) => new Map(resources.map((r) => [r.id, r]));
const sorted = (resources: Resource[]) => [...resources].sort((a, b) => a.id.localeCompare(b.id));

/**
 * The contract suite every {@link ExecutorV1} runs against itself (vitest): plan,
 * dry run, real run, idempotent replay and rollback, for each case.
 */
export function testExecutor(options: TestExecutorOptions): void {
  const { name, setup, skip = {} } = options;
  const check = (title: Check, fn: () => Promise<void>) => {
    it(title, async (context) => {
      if (skip[title] !== undefined) context.skip(skip[title]);
      await fn();
    });
  };

  describe(`ExecutorV1 contract: ${name}`, async () => {
    const probe = await setup();
    it('has cases and skips only known checks', () => {
      expect(probe.cases.length).toBeGreaterThan(0);
      expect(Object.keys(skip).filter((k) => !(EXECUTOR_CHECKS as readonly string[]).includes(k))).toEqual(
        [],
      );
      for (const c of probe.cases) expect(probe.executor.capabilities.actions).toContain(c.action.type);
    });

    probe.cases.forEach((probeCase, index) => {
      describe(`case ${index + 1}: ${probeCase.action.type} ${probeCase.resourceId}`, () => {
        let fleet: ExecutorTestSetup;
        let testCase: ExecutorTestCase;
        let plan: ExecutionPlan;
        let applied: ExecutionOutcome;
        let afterApply: Resource[];
        const key = `contract-${index}-execute`;
        const inventory = async () => sorted(await fleet.provider.listResources());
        const current = async () =>
          (await fleet.provider.listResources()).find((r) => r.id === testCase.resourceId);

        beforeAll(async () => {
          fleet = await setup();
          testCase = fleet.cases[index]!;
          plan = await fleet.executor.plan({ resourceId: testCase.resourceId, action: testCase.action });
        });

        check('plan returns a valid plan whose preState is the current resource', async () => {
          expect(executionPlanSchema.parse(plan)).toEqual(plan);
          expect(plan.resourceId).toBe(testCase.resourceId);
          expect(plan.steps.length).toBeGreaterThan(0);
          expect(plan.preState).toEqual(await current());
        });

        check('a dry run succeeds and changes nothing', async () => {
          const before = await inventory();
          const outcome = await fleet.executor.execute({
            plan,
            dryRun: true,
            idempotencyKey: `contract-${index}-dry`,
          });
          expect(executionOutcomeSchema.parse(outcome)).toEqual(outcome);
          expect(outcome).toMatchObject({
            status: 'succeeded',
            dryRun: true,
            applied: false,
            replayed: false,
          });
          expect(await inventory()).toEqual(before);
          expect(() =>
            testCase.verify(before.find((r) => r.id === testCase.resourceId) as Resource),
          ).toThrow();
        });

        check('a real run applies the action', async () => {
          const before = await inventory();
          applied = await fleet.executor.execute({ plan, dryRun: false, idempotencyKey: key });
          expect(executionOutcomeSchema.parse(applied)).toEqual(applied);
          expect(applied).toMatchObject({
            status: 'succeeded',
            dryRun: false,
            applied: true,
            replayed: false,
            idempotencyKey: key,
          });
          expect(applied.preState).toEqual(plan.preState);
          afterApply = await inventory();
          const after = afterApply.find((r) => r.id === testCase.resourceId) ?? applied.postState;
          expect(after).toBeDefined();
          testCase.verify(after as Resource);
          // Only the target (and resources attached to it) changed.
          const now = byId(afterApply);
          for (const r of before) {
            if (r.id === testCase.resourceId || r.attachedTo === testCase.resourceId) continue;
            expect(now.get(r.id), r.id).toEqual(r);
          }
        });

        check('the same idempotency key replays without changing anything', async () => {
          expect(applied).toBeDefined();
          const again = await fleet.executor.execute({ plan, dryRun: false, idempotencyKey: key });
          expect(again).toMatchObject({
            status: 'succeeded',
            applied: false,
            replayed: true,
            idempotencyKey: key,
          });
          expect(await inventory()).toEqual(afterApply);
        });

        check('rollback restores preState once per key', async () => {
          expect(applied).toBeDefined();
          const rollbackKey = `contract-${index}-rollback`;
          const options = { plan, executedKey: key, idempotencyKey: rollbackKey };
          if (!plan.reversible) {
            await expect(fleet.executor.rollback(options)).rejects.toMatchObject({
              code: 'UNSUPPORTED_CAPABILITY',
            });
            return;
          }
          const outcome = await fleet.executor.rollback(options);
          expect(executionOutcomeSchema.parse(outcome)).toEqual(outcome);
          expect(outcome).toMatchObject({ status: 'succeeded', applied: true, replayed: false });
          const restored = await current();
          expect(restored).toBeDefined();
          expect({ type: restored!.type, state: restored!.state, spec: restored!.spec }).toEqual({
            type: plan.preState.type,
            state: plan.preState.state,
            spec: plan.preState.spec,
          });
          const afterRollback = await inventory();
          const again = await fleet.executor.rollback(options);
          expect(again).toMatchObject({ applied: false, replayed: true });
          expect(await inventory()).toEqual(afterRollback);
        });
      });
    });

    describe('fleet-wide', () => {
      let fleet: ExecutorTestSetup;
      beforeAll(async () => {
        fleet = await setup();
      });
      const target = async () => {
        const resize = fleet.cases.find((c) => c.action.type === 'resize');
        const resources = await fleet.provider.listResources();
        const resource = resources.find((r) => r.id === (resize ?? fleet.cases[0]!).resourceId)!;
        return { resource, resize };
      };

      check('plan of an unknown resource throws NotFoundError', async () => {
        await expect(
          fleet.executor.plan({ resourceId: 'no-such-resource-0000', action: { type: 'stop' } }),
        ).rejects.toMatchObject({ code: 'NOT_FOUND', name: 'NotFoundError' });
      });

      check('plan of an impossible action throws ExecutionError naming the type', async () => {
        const { resource } = await target();
        const before = sorted(await fleet.provider.listResources());
        const error = await fleet.executor
          .plan({
            resourceId: resource.id,
            action: { type: 'resize', from: resource.type, to: 'nosuch.9xlarge' },
          })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(error).toMatchObject({ code: 'EXECUTION_FAILED', name: 'ExecutionError' });
        expect((error as Error).message).toContain('nosuch.9xlarge');
        expect(sorted(await fleet.provider.listResources())).toEqual(before);
      });

      check('a failed run changes nothing and does not consume its key', async () => {
        const { resource, resize } = await target();
        if (!resize) return;
        const good = await fleet.executor.plan({ resourceId: resize.resourceId, action: resize.action });
        const bad: ExecutionPlan = {
          ...good,
          action: { type: 'resize', from: resource.type, to: 'nosuch.9xlarge' },
        };
        const before = sorted(await fleet.provider.listResources());
        const failedKey = 'contract-failed-key';
        const outcome = await fleet.executor
          .execute({ plan: bad, dryRun: false, idempotencyKey: failedKey })
          .catch((e: unknown) => e);
        if ((outcome as ExecutionOutcome).status !== undefined) {
          expect(outcome).toMatchObject({ status: 'failed', applied: false });
        } else {
          expect(outcome).toMatchObject({ code: 'EXECUTION_FAILED' });
        }
        expect(sorted(await fleet.provider.listResources())).toEqual(before);
        const retry = await fleet.executor.execute({ plan: good, dryRun: false, idempotencyKey: failedKey });
        expect(retry).toMatchObject({ status: 'succeeded', applied: true, replayed: false });
        resize.verify((await fleet.provider.listResources()).find((r) => r.id === resize.resourceId)!);
      });
    });
  });
}
