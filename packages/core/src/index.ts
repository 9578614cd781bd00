/**
 * @module @finops-autopilot/core
 *
 * Domain schemas and types, the plug-in contracts (providers, engines,
 * executors, stores, notifiers), policy evaluation, the approval state machine
 * and the autopilot orchestrator.
 */
export {
  cancelApproval,
  type DecideOptions,
  decideApproval,
  openApproval,
} from './approval/approval-machine.js';
export type { AutopilotOptions } from './autopilot/autopilot-options.js';
export { type Autopilot, createAutopilot, type DecidingActor } from './autopilot/create-autopilot.js';
export { executionKey } from './autopilot/execute-recommendation.js';
export { resourceFingerprint } from './autopilot/fingerprint.js';
export * from './contracts/v1/index.js';
export * from './errors/index.js';
export * from './events/autopilot-events.js';
export { EventBus } from './events/event-bus.js';
export { DEFAULT_POLICY, definePolicy } from './policy/default-policy.js';
export { evaluatePolicy, type PolicyDecision, type PolicySubject } from './policy/evaluate-policy.js';
export { createStaticPriceCatalog, type StaticPriceCatalogOptions } from './prices/static-price-catalog.js';
export { recommendationKey } from './recommendation/recommendation-key.js';
export {
  assertTransition,
  canTransition,
  LIVE_STATUSES,
  RECOMMENDATION_TRANSITIONS,
} from './recommendation/status-machine.js';
export * from './schemas/index.js';
export { createMemoryStore, MEMORY_STORE_ID, type MemoryStoreOptions } from './store/memory-store.js';
export { evaluateArithmetic, tryEvaluateArithmetic } from './util/arithmetic.js';
export { contentHash, stableStringify } from './util/hash.js';
export { newId } from './util/ids.js';
export { formatIssuePath, parseWith, toInputIssues } from './util/parse.js';
export { createYielder } from './util/yield.js';
