/**
 * @module @finops-autopilot/engine-heuristic
 *
 * Heuristic analysis for FinOps Autopilot: rightsizing (down and up), idle
 * detection, stop/start scheduling with Cloud Custodian's offhours grammar,
 * and storage tiering — every number with the calculation behind it.
 */
export { createHeuristicEngine } from './heuristic-engine.js';
export {
  type HeuristicEngineOptions,
  PERCENTILES,
  type PercentileName,
  type ResolvedHeuristicOptions,
  resolveOptions,
} from './options.js';
export * from './schedule/index.js';
