import {
  type Autopilot,
  type AutopilotEvent,
  type CostRecord,
  createAutopilot,
  DEFAULT_POLICY,
  type RecommendationEngineV1,
  type ResourceProviderV1,
} from '@finops-autopilot/core';
import { createHeuristicEngine } from '@finops-autopilot/engine-heuristic';
import { createSimulatedProvider } from '@finops-autopilot/provider-sim';
import { CONFIG_KEYS, mergeConfig, type TenantConfig } from '../config/tenant-config.js';
import type { ServerContext, TenantRuntime } from '../context.js';
import type { FleetOptions, ServerOptions } from '../options.js';
import { createKpiCache, type KpiCache } from './kpi-cache.js';

/** Config keys the server keeps for itself; never shown or changed through the config API. */
export const INTERNAL_CONFIG_PREFIXES = ['secret.', 'state.'] as const;
const SIM_CLOCK_KEY = 'state.sim.now';

/** One cycle, as the operations view shows it. */
export interface CycleTelemetry {
  cycleId: number;
  at: string;
  durationMs: number;
  resources: number;
  analyzed: number;
  created: number;
  updated: number;
  executed: number;
  verified: number;
  errors: number;
  queueDepth: number;
}

/** The runtime of one tenant with what the routes need beyond the autopilot. */
export interface ManagedRuntime extends TenantRuntime {
  readonly config: TenantConfig;
  readonly engines: readonly RecommendationEngineV1[];
  readonly kpis: KpiCache;
  /** Recent cycles, oldest first (at most 120). */
  telemetry(): CycleTelemetry[];
  /** Applies a configuration change: the autopilot is rebuilt with it (and restarted if it was running). */
  reconfigure(config: TenantConfig): Promise<void>;
  /**
   * Runs `work` alone: configuration changes of one tenant never interleave, so each reads the
   * configuration the previous one left.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Cost records of the last `months` calendar months (daily), cached per cycle. */
  costs(months: number): Promise<CostRecord[]>;
}

export interface RuntimeManager {
  get(tenantId: string): ManagedRuntime | undefined;
  list(): ManagedRuntime[];
  startAll(): void;
  stopAll(): Promise<void>;
}

/** The default fleet: a simulated AWS account with 13 months of cost history, its clock 1200× real time. */
function defaultFleet(tenantId: string, simNow: string | undefined): FleetOptions {
  return {
    tenantId,
    tenantName: 'Default',
    provider: createSimulatedProvider({
      seed: 7,
      size: 24,
      timeScale: 1200,
      historyDays: 400,
      ...(simNow ? { start: simNow } : {}),
    }),
  };
}

function isSimulated(provider: ResourceProviderV1): boolean {
  return provider.providerId === 'sim';
}

/** Creates the tenants and autopilots of every fleet, restoring simulated fleets to where they were. */
export async function createRuntimes(ctx: ServerContext, options: ServerOptions): Promise<RuntimeManager> {
  const runtimes = new Map<string, ManagedRuntime>();
  let fleets = options.fleets;
  if (!fleets) {
    const stored = await ctx.store.forTenant(ctx.options.defaultTenantId).config.get<string>(SIM_CLOCK_KEY);
    fleets = [defaultFleet(ctx.options.defaultTenantId, typeof stored === 'string' ? stored : undefined)];
  }
  for (const fleet of fleets) {
    if (runtimes.has(fleet.tenantId)) throw new Error(`Two fleets for tenant ${fleet.tenantId}`);
    if (!(await ctx.store.tenants.get(fleet.tenantId)))
      await ctx.store.tenants.create({
        id: fleet.tenantId,
        name: fleet.tenantName ?? fleet.tenantId,
        createdAt: ctx.now().toISOString(),
      });
    const runtime = await createRuntime(ctx, fleet, options);
    runtimes.set(fleet.tenantId, runtime);
  }
  return {
    get: (tenantId) => runtimes.get(tenantId),
    list: () => [...runtimes.values()],
    startAll() {
      for (const runtime of runtimes.values()) (runtime as RuntimeInternals).start();
    },
    async stopAll() {
      await Promise.all([...runtimes.values()].map((runtime) => (runtime as RuntimeInternals).shutdown()));
    },
  };
}

interface RuntimeInternals extends ManagedRuntime {
  start(): void;
  shutdown(): Promise<void>;
}

/** Re-applies what succeeded before a restart, so a simulated fleet is where the store says it is. */
async function restoreSimulatedChanges(ctx: ServerContext, tenantId: string, provider: ResourceProviderV1) {
  const executions = await ctx.store.forTenant(tenantId).executions.list({ limit: 100_000 });
  const applied = executions
    .filter((execution) => execution.status === 'succeeded' && execution.outcome?.applied)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  let restored = 0;
  for (const execution of applied) {
    try {
      const outcome = await provider.executor.execute({
        plan: execution.plan,
        dryRun: false,
        idempotencyKey: execution.idempotencyKey,
      });
      if (outcome.status === 'succeeded') restored += 1;
    } catch (error) {
      ctx.log.warn({ err: error, executionId: execution.id }, 'could not restore a simulated change');
    }
  }
  if (restored > 0) ctx.log.info({ tenantId, restored }, 'restored executed changes on the simulated fleet');
}

async function createRuntime(
  ctx: ServerContext,
  fleet: FleetOptions,
  options: ServerOptions,
): Promise<RuntimeInternals> {
  const { tenantId, provider } = fleet;
  const tenantStore = ctx.store.forTenant(tenantId);
  const engines = fleet.engines ?? [createHeuristicEngine()];
  const defaults: TenantConfig = {
    engines: Object.fromEntries(engines.map((engine) => [engine.engineId, true])),
    cycleIntervalMs: ctx.options.cycleIntervalMs,
    policy: options.policy ?? DEFAULT_POLICY,
    executionEnabled: options.executionEnabled ?? isSimulated(provider),
  };
  let config = mergeConfig(defaults, await tenantStore.config.list(), (key, message) =>
    ctx.log.warn({ tenantId, key, message }, 'stored configuration value ignored'),
  );
  if (isSimulated(provider)) await restoreSimulatedChanges(ctx, tenantId, provider);

  const history: CycleTelemetry[] = [];
  let costCache: { cycle: number; months: number; records: Promise<CostRecord[]> } | undefined;
  let cycleCount = 0;
  let autopilot: Autopilot;
  let unsubscribe: () => void = () => {};

  const now = () => (provider.now ? provider.now() : ctx.now());
  const costs = (months: number): Promise<CostRecord[]> => {
    if (costCache && costCache.cycle === cycleCount && costCache.months >= months) return costCache.records;
    const end = now();
    const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - months + 1, 1));
    const records = provider.getCosts({
      window: { start: start.toISOString(), end: end.toISOString() },
      granularity: 'daily',
    });
    costCache = { cycle: cycleCount, months, records };
    records.catch(() => {
      if (costCache?.records === records) costCache = undefined;
    });
    return records;
  };
  const kpis = createKpiCache({ ctx, tenantId, now, costs });

  const build = (): Autopilot => {
    const active = engines.filter((engine) => config.engines[engine.engineId] !== false);
    const next = createAutopilot({
      provider,
      engines: active.length > 0 ? active : engines,
      store: ctx.store,
      tenantId,
      policy: config.policy,
      intervalMs: config.cycleIntervalMs,
      execution: { enabled: config.executionEnabled },
      onError: (error) => ctx.log.error({ err: error, tenantId }, 'autopilot error'),
    });
    unsubscribe();
    unsubscribe = next.events.on('event', (event: AutopilotEvent) => onEvent(next, event));
    return next;
  };

  const onEvent = (source: Autopilot, event: AutopilotEvent) => {
    ctx.hub.forward(event);
    if (event.type !== 'cycle-end') return;
    cycleCount += 1;
    const depth = source.queueDepth();
    const telemetry: CycleTelemetry = {
      cycleId: event.payload.cycleId,
      at: event.at,
      durationMs: event.payload.durationMs,
      resources: event.payload.stats.resources,
      analyzed: event.payload.stats.analyzed,
      created: event.payload.stats.created,
      updated: event.payload.stats.updated,
      executed: event.payload.stats.executed,
      verified: event.payload.stats.verified,
      errors: event.payload.stats.errors,
      queueDepth: depth.provider + depth.executions,
    };
    history.push(telemetry);
    if (history.length > 120) history.shift();
    ctx.hub.publish(tenantId, 'cycle-telemetry', {
      cycleId: telemetry.cycleId,
      durationMs: telemetry.durationMs,
      queueDepth: telemetry.queueDepth,
      errors: telemetry.errors,
      analyzed: telemetry.analyzed,
      resources: telemetry.resources,
    });
    if (!closed)
      saveClock().catch((error: unknown) =>
        ctx.log.warn({ err: error }, 'could not save the simulated clock'),
      );
    kpis.refresh().catch((error: unknown) => ctx.log.warn({ err: error, tenantId }, 'KPI refresh failed'));
  };

  if (engines.length === 0) throw new Error(`Fleet ${tenantId} needs at least one engine`);
  autopilot = build();
  const storeUnsubscribe = ctx.store.subscribe((change) => {
    if (change.tenantId === tenantId && change.entity === 'recommendation') kpis.invalidate();
  });

  let lock: Promise<unknown> = Promise.resolve();
  let wantRunning = false;
  let closed = false;
  const saveClock = async () => {
    if (isSimulated(provider)) await tenantStore.config.set(SIM_CLOCK_KEY, now().toISOString());
  };

  const runtime: RuntimeInternals = {
    tenantId,
    provider,
    engines,
    get autopilot() {
      return autopilot;
    },
    get config() {
      return config;
    },
    kpis,
    telemetry: () => [...history],
    costs,
    exclusive(work) {
      const run = lock.then(work, work);
      lock = run.catch(() => {});
      return run;
    },
    async reconfigure(next) {
      if (closed) throw new Error(`The runtime of tenant ${tenantId} is shut down`);
      await autopilot.stop();
      config = next;
      autopilot = build();
      if (wantRunning && !closed) autopilot.start();
      kpis.invalidate();
    },
    start() {
      wantRunning = true;
      if (!closed) autopilot.start();
    },
    async shutdown() {
      closed = true;
      wantRunning = false;
      await lock.catch(() => {});
      storeUnsubscribe();
      await autopilot.stop();
      unsubscribe();
      await saveClock().catch((error: unknown) =>
        ctx.log.warn({ err: error }, 'could not save the simulated clock'),
      );
    },
  };
  return runtime;
}

export { CONFIG_KEYS };
