import type { RecommendationEngineV1 } from '../contracts/v1/engine-v1.js';
import type { NotifierV1 } from '../contracts/v1/notifier-v1.js';
import type { ResourceProviderV1, ResourceScope } from '../contracts/v1/provider-v1.js';
import type { StoreV1 } from '../contracts/v1/store-v1.js';
import type { Policy } from '../schemas/policy.js';

/** Options of {@link createAutopilot}. Only `provider` and `engines` are required. */
export interface AutopilotOptions {
  /** Where resources, metrics, costs, prices and the executor come from. */
  provider: ResourceProviderV1;
  /** Engines run in order; for the same recommendation key the more confident draft wins. */
  engines: readonly RecommendationEngineV1[];
  /** Durable state. @default an in-memory store (`createMemoryStore()`) */
  store?: StoreV1;
  /** Tenant this autopilot works for; created on first use if missing. @default 'default' */
  tenantId?: string;
  /** Routes each recommendation to autonomous or human approval. @default DEFAULT_POLICY */
  policy?: Policy;
  /** Time between the end of one cycle and the start of the next in continuous mode. @default 3000 */
  intervalMs?: number;
  /** How much metric history engines get. @default 14 */
  lookbackDays?: number;
  /** Metric period requested from the provider, in seconds. @default 3600 */
  periodSeconds?: number;
  /** Which part of the account to analyze. @default everything */
  scope?: ResourceScope;
  execution?: {
    /**
     * Whether approved recommendations are executed at all. Off by default:
     * nothing changes a cloud unless execution is explicitly enabled.
     * @default false
     */
    enabled?: boolean;
    /** Execute a recommendation as soon as its last approval stage passes. @default true */
    onApproval?: boolean;
  };
  verification?: {
    /** How long after an execution its savings are measured. @default 3_600_000 (1 hour) */
    afterMs?: number;
    /** Longest window compared before and after an execution. @default 86_400_000 (1 day) */
    maxWindowMs?: number;
  };
  concurrency?: {
    /** Concurrent provider calls. @default 4 */
    provider?: number;
    /** Concurrent executions. @default 2 */
    executions?: number;
  };
  /** Current time. @default the provider's clock if it has one, else the wall clock */
  clock?: () => Date;
  /** Receive every event; failures are reported to `onError` and never block a cycle. */
  notifiers?: readonly NotifierV1[];
  /** Called with errors that have no caller to throw to (continuous cycles, notifiers, listeners). */
  onError?: (error: unknown) => void;
}
