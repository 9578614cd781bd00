import type { Candidate } from './candidate-plan.js';
import type { CatalogType } from './catalog-index.js';
import type { Demand } from './demand.js';

/**
 * True when `type` holds the demand on every measured dimension: required
 * vCPU ≤ its vCPU, required memory ≤ its memory, required bandwidth ≤ its
 * bandwidth. A dimension without data is no constraint; neither is network
 * when the catalog gives the type no bandwidth. Compared on the rounded
 * numbers the calculation shows, so the decision can be checked from it.
 */
export function fits(type: CatalogType, demand: Demand): boolean {
  if (type.vcpu === undefined || demand.cpu.required > type.vcpu) return false;
  if (demand.memory && (type.memoryGiB === undefined || demand.memory.required > type.memoryGiB))
    return false;
  if (demand.network && type.networkGbps !== undefined && demand.network.required > type.networkGbps) {
    return false;
  }
  return true;
}

/** The first (cheapest) candidate that fits, or `undefined`. Candidates come cheapest first. */
export function cheapestFit(candidates: readonly Candidate[], demand: Demand): Candidate | undefined {
  for (const candidate of candidates) if (fits(candidate.type, demand)) return candidate;
  return undefined;
}

/** The cheapest fitting candidate of the lowest risk, when it differs from `chosen`: shown as an alternative. */
export function lowerRiskAlternative(
  candidates: readonly Candidate[],
  demand: Demand,
  chosen: Candidate,
): Candidate | undefined {
  if (chosen.risk === 'low') return undefined;
  for (const candidate of candidates) {
    if (candidate.risk === 'low' && fits(candidate.type, demand)) return candidate;
  }
  return undefined;
}

/**
 * True when the resource is saturated: observed peak CPU (without trend) or
 * peak memory use at or above `saturationPercent` of what it has now. A rising
 * trend alone never proposes an upsize; it only sizes one.
 */
export function isSaturated(demand: Demand, saturationPercent: number): boolean {
  return (
    demand.cpu.windowPeak >= saturationPercent ||
    (demand.memory !== undefined && demand.memory.peakPercent >= saturationPercent)
  );
}
