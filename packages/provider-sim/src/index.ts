/**
 * @module @finops-autopilot/provider-sim
 *
 * A simulated AWS-like fleet (EC2 with EBS volumes, RDS, Redshift) whose
 * utilization follows real VM traces and whose prices are real AWS list prices.
 */
export { createSimPriceCatalog } from './prices.js';
export type { Archetype } from './shapes.js';
export {
  createSimulatedProvider,
  type SimHistoryEntry,
  type SimulatedProvider,
  type SimulatedProviderOptions,
} from './simulated-provider.js';
