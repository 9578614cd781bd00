/**
 * @module @finops-autopilot/engine-heuristic
 *
 * Heuristic analysis for FinOps Autopilot. Today: Cloud Custodian's offhours
 * tag grammar (parse, format, cron); rightsizing, scheduling, storage tiering
 * and idle detection build on it.
 */
export * from './schedule/index.js';
