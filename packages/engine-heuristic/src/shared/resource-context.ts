import type { EngineDiagnostic, PriceCatalogV1, RecommendationDraft, Resource } from '@finops-autopilot/core';
import type { ResolvedHeuristicOptions } from '../options.js';
import type { ResourceMetrics } from './metrics-view.js';

/** Everything a rule sees about one resource. */
export interface RuleContext {
  resource: Resource;
  metrics: ResourceMetrics;
  prices: PriceCatalogV1;
  /** Volumes attached to this resource, and the resource a volume is attached to. */
  attached: readonly Resource[];
  attachedTo: Resource | undefined;
  /** Analysis time, epoch ms. */
  now: number;
  /** Window start, epoch ms. */
  windowStart: number;
  options: ResolvedHeuristicOptions;
  engineId: string;
  isProduction: boolean;
}

/** Where rules put what they found. */
export interface RuleOutput {
  recommendations: RecommendationDraft[];
  diagnostics: EngineDiagnostic[];
}

/** A rule: looks at one resource, proposes zero or more recommendations. */
export type Rule = (context: RuleContext, output: RuleOutput) => void;

/** The draft fields every rule fills the same way. */
export function draftBase(
  context: RuleContext,
): Pick<
  RecommendationDraft,
  | 'resourceId'
  | 'provider'
  | 'service'
  | 'resourceKind'
  | 'region'
  | 'account'
  | 'resourceTags'
  | 'engine'
  | 'currency'
> {
  const { resource } = context;
  return {
    resourceId: resource.id,
    provider: resource.provider,
    service: resource.service,
    resourceKind: resource.kind,
    region: resource.region,
    account: resource.account,
    resourceTags: resource.tags,
    engine: context.engineId,
    currency: resource.currency,
  };
}

/** True when a tag marks the resource as production. */
export function isProduction(resource: Resource, productionTags: Record<string, readonly string[]>): boolean {
  // for…in over own keys rather than Object.entries: no arrays per resource (the answer does not depend on order).
  const tags = resource.tags;
  for (const key in tags) {
    if (!Object.hasOwn(tags, key)) continue;
    const value = tags[key]!;
    const allowed = productionTags[key.toLowerCase()] ?? productionTags[key];
    if (allowed?.some((candidate) => candidate.toLowerCase() === value.toLowerCase())) return true;
  }
  return false;
}
