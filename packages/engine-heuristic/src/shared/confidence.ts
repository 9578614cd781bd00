import { round } from './stats.js';

/** What confidence is computed from, as shown in a calculation. */
export interface ConfidenceFactors {
  /** Hours of data / hours in the lookback window, capped at 1. */
  history: number;
  /** Share of expected points present over the span covered, 0..1. */
  coverage: number;
  /** Coefficient of variation of the main metric; higher means less predictable. */
  volatility: number;
}

/**
 * Confidence of a recommendation, 0..0.99:
 * `0.35 + 0.40 × history + 0.15 × coverage + 0.10 × (1 − min(1, volatility / 2))`.
 * A full window of complete, steady data gives about 0.99; the 30-hour minimum
 * about 0.6, which the default policy sends to a person.
 */
export function confidenceOf(factors: ConfidenceFactors): number {
  const history = clamp(factors.history);
  const coverage = clamp(factors.coverage);
  const steadiness = 1 - Math.min(1, Math.max(0, factors.volatility) / 2);
  return round(Math.min(0.99, 0.35 + 0.4 * history + 0.15 * coverage + 0.1 * steadiness), 2);
}

/** The formula of {@link confidenceOf}, for calculation notes. */
export const CONFIDENCE_FORMULA =
  'confidence = 0.35 + 0.40 × history + 0.15 × coverage + 0.10 × (1 − min(1, volatility / 2)), at most 0.99';

function clamp(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
