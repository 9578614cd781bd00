import PQueue from 'p-queue';
import { cancelApproval, decideApproval } from '../approval/approval-machine.js';
import type { StoreV1, TenantStoreV1 } from '../contracts/v1/store-v1.js';
import { IllegalTransitionError } from '../errors/illegal-transition-error.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import type { AutopilotEventPayloads, AutopilotEventType, CycleStats } from '../events/autopilot-events.js';
import { EventBus } from '../events/event-bus.js';
import { DEFAULT_POLICY } from '../policy/default-policy.js';
import type { Approval } from '../schemas/approval.js';
import type { Actor, Role } from '../schemas/common.js';
import type { Execution } from '../schemas/execution.js';
import type { Policy } from '../schemas/policy.js';
import type { Recommendation } from '../schemas/recommendation.js';
import { tenantSchema } from '../schemas/tenant.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { AutopilotContext, DeferredEmit } from './autopilot-context.js';
import type { AutopilotOptions } from './autopilot-options.js';
import { executeRecommendation, resumeExecution, rollbackExecution } from './execute-recommendation.js';
import { audit, transitionRecommendation } from './recommendation-steps.js';
import { analyzeFleet, emptyStats } from './run-cycle.js';
import { verifyExecuted } from './verify-savings.js';

/** A person deciding something, with the role they act in. */
export type DecidingActor = Actor & { role: Role };

/** The autopilot of one tenant: cycles, approvals, executions and its event stream. */
export interface Autopilot {
  readonly tenantId: string;
  readonly events: EventBus;
  readonly store: StoreV1;
  readonly policy: Policy;
  /** True between `start()` and `stop()`. */
  readonly running: boolean;
  /** One pass: analyze, route, execute what policy allows, verify executed ones. Concurrent calls share one pass. */
  runCycle(): Promise<CycleStats>;
  /** Runs cycles continuously, `intervalMs` apart, until `stop()`. */
  start(): void;
  /** Stops continuous mode and waits for the running cycle and queued executions. */
  stop(): Promise<void>;
  /** Records an approval at the current stage; the last stage approves the recommendation (and executes it if enabled). */
  approve(options: { recommendationId: string; actor: DecidingActor; reason?: string }): Promise<Approval>;
  /** Rejects the recommendation at the current stage; a reason is required. */
  reject(options: { recommendationId: string; actor: DecidingActor; reason: string }): Promise<Approval>;
  /** Executes an approved recommendation: plan, dry run, real run. */
  execute(options: { recommendationId: string; actor: Actor }): Promise<Execution>;
  /** Restores the state before an execution. */
  rollback(options: { executionId: string; actor: Actor; reason?: string }): Promise<Execution>;
  /** Closes a live recommendation without acting on it. */
  dismiss(options: { recommendationId: string; actor: Actor; reason: string }): Promise<Recommendation>;
  /** Resolves when no execution started by approvals or cycles is still running. */
  idle(): Promise<void>;
  /** Work waiting or running in the autopilot's queues (provider calls and executions), for telemetry. */
  queueDepth(): { provider: number; executions: number };
}

/**
 * Creates the autopilot: the loop that reads the provider, runs the engines,
 * routes recommendations through policy and approvals, executes safely and
 * verifies savings, emitting a typed event for every step.
 */
export function createAutopilot(options: AutopilotOptions): Autopilot {
  if (!options.provider) throw invalid('provider', 'is required');
  if (!options.engines?.length) throw invalid('engines', 'needs at least one engine');
  const intervalMs = options.intervalMs ?? 3000;
  if (!(intervalMs >= 0)) throw invalid('intervalMs', 'must be a non-negative number');

  const tenantId = options.tenantId ?? 'default';
  const tenantCheck = tenantSchema.shape.id.safeParse(tenantId);
  if (!tenantCheck.success)
    throw invalid('tenantId', tenantCheck.error.issues[0]?.message ?? 'is not a valid tenant id');
  const store = options.store ?? createMemoryStore();
  const onError = options.onError ?? ((error: unknown) => console.error('[finops-autopilot]', error));
  const providerClock = options.provider.now?.bind(options.provider);
  const now = options.clock ?? providerClock ?? (() => new Date());
  const bus = new EventBus(tenantId, now, onError);
  const background = new Set<Promise<unknown>>();

  const context: AutopilotContext = {
    tenantId,
    provider: options.provider,
    engines: options.engines,
    store,
    policy: options.policy ?? DEFAULT_POLICY,
    bus,
    providerQueue: new PQueue({ concurrency: options.concurrency?.provider ?? 4 }),
    executionQueue: new PQueue({ concurrency: options.concurrency?.executions ?? 2 }),
    scope: options.scope,
    lookbackMs: (options.lookbackDays ?? 14) * 86_400_000,
    periodSeconds: options.periodSeconds ?? 3600,
    executionEnabled: options.execution?.enabled ?? false,
    executeOnApproval: options.execution?.onApproval ?? true,
    verifyAfterMs: options.verification?.afterMs ?? 3_600_000,
    verifyMaxWindowMs: options.verification?.maxWindowMs ?? 86_400_000,
    now,
    onError,
    fingerprints: new Map(),
    lastChange: undefined,
    async transact(work) {
      const pending: Array<[AutopilotEventType, unknown]> = [];
      const emit: DeferredEmit = (type, payload) => {
        pending.push([type, payload]);
      };
      const result = await store.transaction(tenantId, (tx) => work(tx, emit));
      for (const [type, payload] of pending) bus.emit(type, payload as AutopilotEventPayloads[typeof type]);
      return result;
    },
  };

  for (const notifier of options.notifiers ?? []) {
    bus.on('event', (event) => {
      if (notifier.accepts && !notifier.accepts(event)) return;
      notifier.send(event).catch(onError);
    });
  }

  let cycleId = 0;
  let inflight: Promise<CycleStats> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let ready: Promise<void> | undefined;

  const ensureReady = (): Promise<void> => {
    ready ??= (async () => {
      if (!(await store.tenants.get(tenantId))) {
        await store.tenants.create({ id: tenantId, name: tenantId, createdAt: now().toISOString() });
      }
    })().catch((error: unknown) => {
      // Not cached: a store that was briefly unavailable is tried again next time.
      ready = undefined;
      throw error;
    });
    return ready;
  };

  const track = <T>(promise: Promise<T>): Promise<T> => {
    background.add(promise);
    promise.then(
      () => background.delete(promise),
      () => background.delete(promise),
    );
    return promise;
  };

  async function cycle(): Promise<CycleStats> {
    cycleId += 1;
    const id = cycleId;
    const started = performance.now();
    const stats = emptyStats();
    bus.emit('cycle-start', { cycleId: id });
    try {
      await ensureReady();
      if (id === 1) await resumeInterrupted(stats);
      await analyzeFleet(context, stats);
      if (context.executionEnabled) await executeAutonomous(stats);
      stats.verified = await verifyExecuted(context);
    } catch (error) {
      stats.errors += 1;
      bus.emit('cycle-error', {
        cycleId: id,
        message: error instanceof Error ? error.message : String(error),
      });
      onError(error);
    }
    bus.emit('cycle-end', { cycleId: id, durationMs: performance.now() - started, stats });
    return stats;
  }

  async function executeAutonomous(stats: CycleStats): Promise<void> {
    const tenantStore = store.forTenant(tenantId);
    const approved = await tenantStore.recommendations.list({
      status: ['approved'],
      executionMode: ['autonomous'],
      limit: 1000,
      sort: 'createdAt',
      order: 'asc',
    });
    const results = await Promise.allSettled(
      approved.map((recommendation) =>
        executeRecommendation(context, recommendation.id, { id: 'policy', type: 'system' }),
      ),
    );
    for (const result of results) {
      if (result.status === 'fulfilled' && result.value.status === 'succeeded') stats.executed += 1;
      else stats.errors += result.status === 'rejected' || result.value.status === 'failed' ? 1 : 0;
    }
  }

  /** After a restart: finish executions whose recommendation was left `executing`. */
  async function resumeInterrupted(stats: CycleStats): Promise<void> {
    const tenantStore = store.forTenant(tenantId);
    const stuck = await tenantStore.recommendations.list({ status: ['executing'], limit: 1000 });
    for (const recommendation of stuck) {
      const execution = recommendation.lastExecutionId
        ? await tenantStore.executions.get(recommendation.lastExecutionId)
        : undefined;
      if (!execution) continue;
      const finished = await resumeExecution(context, execution);
      if (finished.status === 'succeeded') stats.executed += 1;
    }
  }

  async function decide(
    recommendationId: string,
    actor: DecidingActor,
    decision: 'approve' | 'reject',
    reason: string | undefined,
  ): Promise<Approval> {
    await ensureReady();
    const at = now().toISOString();
    const result = await context.transact(async (tx, emit) => {
      const recommendation = await requireRecommendation(tx, recommendationId);
      const approval = await tx.approvals.getByRecommendation(recommendationId);
      if (!approval || recommendation.status !== 'pending-approval') {
        throw new IllegalTransitionError({
          entity: `recommendation ${recommendationId}`,
          from: recommendation.status,
          attempted: decision,
          reason: 'it is not awaiting approval',
        });
      }
      const next = decideApproval(approval, {
        actor,
        decision,
        ...(reason === undefined ? {} : { reason }),
        at,
      });
      await tx.approvals.save(next);
      const entry = next.decisions[next.decisions.length - 1]!;
      await audit(context, tx, {
        actor,
        action: `recommendation.${decision}`,
        subject: { type: 'recommendation', id: recommendationId },
        details: { stage: entry.stageName, reason: entry.reason ?? null, approvalStatus: next.status },
        at,
      });
      emit('approval-decided', { approval: next, decision: entry });
      if (next.status === 'approved' || next.status === 'rejected') {
        await transitionRecommendation(tx, emit, recommendation, next.status, {
          at,
          reason: `${decision === 'approve' ? 'approved' : 'rejected'} by ${actor.id}${entry.reason ? `: ${entry.reason}` : ''}`,
        });
      }
      return next;
    });
    if (result.status === 'approved' && context.executionEnabled && context.executeOnApproval) {
      track(executeRecommendation(context, recommendationId, actor)).catch(onError);
    }
    return result;
  }

  const autopilot: Autopilot = {
    tenantId,
    events: bus,
    store,
    policy: context.policy,
    get running() {
      return running;
    },
    runCycle() {
      inflight ??= cycle().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    start() {
      if (running) return;
      running = true;
      const loop = async (): Promise<void> => {
        if (!running) return;
        await autopilot.runCycle();
        if (running) timer = setTimeout(() => void loop(), intervalMs);
      };
      void loop();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inflight;
      await autopilot.idle();
    },
    approve({ recommendationId, actor, reason }) {
      return decide(recommendationId, actor, 'approve', reason);
    },
    reject({ recommendationId, actor, reason }) {
      return decide(recommendationId, actor, 'reject', reason);
    },
    async execute({ recommendationId, actor }) {
      await ensureReady();
      return track(executeRecommendation(context, recommendationId, actor));
    },
    async rollback({ executionId, actor, reason }) {
      await ensureReady();
      return track(rollbackExecution(context, executionId, actor, reason));
    },
    async dismiss({ recommendationId, actor, reason }) {
      await ensureReady();
      if (!reason?.trim()) {
        throw new InvalidInputError({
          subject: 'dismissal',
          issues: [{ path: 'reason', message: 'a dismissal needs a reason' }],
        });
      }
      const at = now().toISOString();
      return context.transact(async (tx, emit) => {
        const recommendation = await requireRecommendation(tx, recommendationId);
        const approval = await tx.approvals.getByRecommendation(recommendationId);
        const next = await transitionRecommendation(tx, emit, recommendation, 'dismissed', {
          at,
          reason: `dismissed by ${actor.id}: ${reason.trim()}`,
        });
        if (approval?.status === 'pending') await tx.approvals.save(cancelApproval(approval, at));
        await audit(context, tx, {
          actor,
          action: 'recommendation.dismiss',
          subject: { type: 'recommendation', id: recommendationId },
          details: { reason: reason.trim() },
          at,
        });
        return next;
      });
    },
    async idle() {
      while (background.size > 0) await Promise.allSettled([...background]);
      await context.executionQueue.onIdle();
    },
    queueDepth() {
      return {
        provider: context.providerQueue.size + context.providerQueue.pending,
        executions: context.executionQueue.size + context.executionQueue.pending,
      };
    },
  };
  return autopilot;
}

async function requireRecommendation(store: TenantStoreV1, id: string): Promise<Recommendation> {
  const recommendation = await store.recommendations.get(id);
  if (!recommendation) throw new NotFoundError({ entity: 'recommendation', id });
  return recommendation;
}

function invalid(path: string, message: string): InvalidInputError {
  return new InvalidInputError({ subject: 'autopilot options', issues: [{ path, message }] });
}
