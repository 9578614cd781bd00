import type PQueue from 'p-queue';
import type { RecommendationEngineV1 } from '../contracts/v1/engine-v1.js';
import type { ResourceProviderV1, ResourceScope } from '../contracts/v1/provider-v1.js';
import type { StoreV1, TenantStoreV1 } from '../contracts/v1/store-v1.js';
import type { AutopilotEventPayloads, AutopilotEventType } from '../events/autopilot-events.js';
import type { EventBus } from '../events/event-bus.js';
import type { Actor } from '../schemas/common.js';
import type { Policy } from '../schemas/policy.js';

/** Emits an event once the surrounding transaction has committed. */
export type DeferredEmit = <K extends AutopilotEventType>(
  type: K,
  payload: AutopilotEventPayloads[K],
) => void;

/** Everything the cycle, execution and verification steps share. */
export interface AutopilotContext {
  tenantId: string;
  provider: ResourceProviderV1;
  engines: readonly RecommendationEngineV1[];
  store: StoreV1;
  policy: Policy;
  bus: EventBus;
  providerQueue: PQueue;
  executionQueue: PQueue;
  scope: ResourceScope | undefined;
  lookbackMs: number;
  periodSeconds: number;
  executionEnabled: boolean;
  executeOnApproval: boolean;
  verifyAfterMs: number;
  verifyMaxWindowMs: number;
  now: () => Date;
  onError: (error: unknown) => void;
  /** Input fingerprint of each resource at its last analysis. */
  fingerprints: Map<string, string>;
  /**
   * When each resource was last changed by an execution or rollback (epoch ms).
   * Metrics from before a change describe another configuration, so analysis
   * only looks at what came after it. Loaded from the store on first use.
   */
  lastChange: Map<string, number> | undefined;
  /**
   * Runs `work` in one store transaction; events it emits are delivered, in
   * order, only if the transaction commits.
   */
  transact<T>(work: (store: TenantStoreV1, emit: DeferredEmit) => Promise<T>): Promise<T>;
}

/** The system actor used for policy-driven steps. */
export const SYSTEM_ACTOR: Actor = { id: 'autopilot', type: 'system' };
