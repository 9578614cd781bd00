import type { MetricSeries } from '../../schemas/metric-series.js';
import type { Recommendation, RecommendationDraft } from '../../schemas/recommendation.js';
import type { Resource } from '../../schemas/resource.js';
import type { PriceCatalogV1 } from './price-catalog-v1.js';

/** Everything an engine may look at. Engines must not mutate it. */
export interface EngineInput {
  /** Resources to analyze (those whose inputs changed since the last cycle). */
  resources: readonly Resource[];
  /** The whole inventory, for context (a volume's instance, a cluster's nodes). */
  inventory: readonly Resource[];
  /** Metric series of the resources to analyze. */
  metrics: readonly MetricSeries[];
  prices: PriceCatalogV1;
  /** The analysis time (ISO); windows end here. */
  now: string;
  /** Recommendations already known for these resources, for engines that learn from history. */
  history?: readonly Recommendation[];
}

/** Why an engine did not (or could not fully) analyze a resource. */
export interface EngineDiagnostic {
  resourceId?: string;
  level: 'info' | 'warning' | 'error';
  /** Stable code, e.g. `insufficient-data`, `no-price`. */
  code: string;
  message: string;
}

export interface EngineResult {
  recommendations: RecommendationDraft[];
  diagnostics: EngineDiagnostic[];
}

/**
 * Turns resources and their metrics into priced recommendation drafts, each with
 * its calculation. Must be pure with respect to its input and skip resources
 * tagged with {@link EXCLUDE_TAG} = `true`.
 */
export interface RecommendationEngineV1 {
  readonly specificationVersion: 'v1';
  /** Engine id, e.g. `heuristic` or `ai.gemini`; written into every draft's `engine`. */
  readonly engineId: string;
  analyze(input: EngineInput): Promise<EngineResult>;
}

/** Resources carrying this tag with value `true` are never recommended on. */
export const EXCLUDE_TAG = 'finops-autopilot:exclude';
