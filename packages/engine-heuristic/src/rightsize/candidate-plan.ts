import type { Risk } from '@finops-autopilot/core';
import { type CatalogType, categoryKey, type ServiceIndex } from './catalog-index.js';
import { keepsCapabilities, processorVendor } from './instance-type.js';
import { flat } from './text.js';

/** How far a target is from the source type, which sets its compatibility risk. */
export type Compatibility = 'same-family' | 'newer-generation' | 'architecture-change';

/** A type a resource could move to, with its compatibility risk. */
export interface Candidate {
  type: CatalogType;
  compatibility: Compatibility;
  /**
   * `low` within the family and for a newer generation on the same architecture
   * and processor vendor (same instruction set; drivers/engine version to check);
   * `medium` for an architecture change (x86_64 → arm64): EC2 software must be
   * rebuilt for arm64, and an RDS engine version and its extensions must support
   * Graviton. Not `high` for databases: the engine is built by AWS and clients
   * speak the wire protocol, so the application itself is unaffected.
   */
  risk: Risk;
}

/** Every target considered for one source type under one set of options. */
export interface CandidatePlan {
  source: CatalogType;
  /** Targets cheaper than the source, cheapest first (ties: lower compatibility change first). */
  cheaper: readonly Candidate[];
  /** Larger sizes of the source's family, cheapest first: the upsizing targets. */
  larger: readonly Candidate[];
  /** What was searched and what was left out, for the calculation notes. */
  scope: readonly string[];
}

/** Which kinds of change may be proposed. */
export interface PlanOptions {
  allowGenerationChange: boolean;
  allowArchitectureChange: boolean;
}

const COMPATIBILITY_ORDER: Readonly<Record<Compatibility, number>> = {
  'same-family': 0,
  'newer-generation': 1,
  'architecture-change': 2,
};

/**
 * The candidates for `source` (built once per catalog, service, region, type and
 * options; later calls are a map lookup). Targets come from the source's
 * category only: smaller sizes of the same family; with `allowGenerationChange`,
 * newer generations on the same architecture and processor vendor (m5 → m6i,
 * m7i; never older); with `allowArchitectureChange`, Graviton types of the same
 * category not older than the source (m5 → m6g, m7g). A target keeps the
 * source's capability letters (`d`, `n`, `e`, `z`, `b`) and variant (`flex`).
 * Burstable `t` types are never targets of a non-burstable source: their CPU
 * credits make a peak-based fit misleading.
 */
export function candidatePlan(index: ServiceIndex, source: CatalogType, options: PlanOptions): CandidatePlan {
  let perSource = index.plans.get(source);
  if (!perSource) {
    perSource = [];
    index.plans.set(source, perSource);
  }
  const slot = (options.allowGenerationChange ? 1 : 0) + (options.allowArchitectureChange ? 2 : 0);
  let plan = perSource[slot];
  if (!plan) {
    plan = buildPlan(index, source, options);
    perSource[slot] = plan;
  }
  return plan;
}

function buildPlan(index: ServiceIndex, source: CatalogType, options: PlanOptions): CandidatePlan {
  const cheaper: Candidate[] = [];
  const larger: Candidate[] = [];
  const sourceName = source.name;
  const sourceRank = sourceName.sizeRank ?? 0;
  const vendor = processorVendor(sourceName, source.architecture);
  for (const type of index.byCategory.get(categoryKey(sourceName)) ?? []) {
    if (type === source) continue;
    const name = type.name;
    if (name.burstable && !sourceName.burstable) continue;
    const rank = name.sizeRank ?? 0;
    if (name.family === sourceName.family) {
      if (rank < sourceRank && type.entry.price < source.entry.price) {
        cheaper.push({ type, compatibility: 'same-family', risk: 'low' });
      } else if (rank > sourceRank) {
        larger.push({ type, compatibility: 'same-family', risk: 'low' });
      }
      continue;
    }
    if (type.entry.price >= source.entry.price || !keepsCapabilities(sourceName, name)) continue;
    if (source.generation === undefined || type.generation === undefined) continue;
    if (type.architecture === source.architecture) {
      const sameVendor = processorVendor(name, type.architecture) === vendor;
      if (options.allowGenerationChange && sameVendor && type.generation > source.generation) {
        cheaper.push({ type, compatibility: 'newer-generation', risk: 'low' });
      }
    } else if (
      options.allowArchitectureChange &&
      source.architecture === 'x86_64' &&
      type.architecture === 'arm64' &&
      type.generation >= source.generation
    ) {
      cheaper.push({ type, compatibility: 'architecture-change', risk: 'medium' });
    }
  }
  cheaper.sort(
    (a, b) =>
      a.type.entry.price - b.type.entry.price ||
      COMPATIBILITY_ORDER[a.compatibility] - COMPATIBILITY_ORDER[b.compatibility] ||
      (a.type.entry.type < b.type.entry.type ? -1 : 1),
  );
  larger.sort(
    (a, b) =>
      a.type.entry.price - b.type.entry.price || (a.type.name.sizeRank ?? 0) - (b.type.name.sizeRank ?? 0),
  );
  return { source, cheaper, larger, scope: describeScope(source, options) };
}

function describeScope(source: CatalogType, options: PlanOptions): string[] {
  const name = source.name;
  const searched = [flat`smaller ${name.family} sizes`];
  if (options.allowGenerationChange && name.generation !== undefined) {
    searched.push(flat`newer ${name.category} generations on ${source.architecture}`);
  }
  if (options.allowArchitectureChange && source.architecture === 'x86_64' && name.generation !== undefined) {
    searched.push(flat`Graviton (arm64) ${name.category} types`);
  }
  const scope = [
    flat`Candidates searched: ${searched.join(', ')}; cheaper than ${source.entry.type}, keeping its capability letters (local NVMe, network, memory) and processor vendor.`,
  ];
  if (!options.allowGenerationChange)
    scope.push('Generation changes are disabled (rightsizing.allowGenerationChange).');
  if (!options.allowArchitectureChange && source.architecture === 'x86_64') {
    scope.push('Architecture changes are disabled (rightsizing.allowArchitectureChange).');
  }
  if (!name.burstable) {
    scope.push(
      'Burstable t-family types are not targets: their CPU credits cap sustained use below the vCPU count, so a peak-based fit would mislead.',
    );
  }
  return scope;
}

/** What to check before applying a change of this compatibility, per service. */
export function compatibilityNote(candidate: Candidate, source: CatalogType, database: boolean): string {
  const from = source.entry.type;
  const to = candidate.type.entry.type;
  switch (candidate.compatibility) {
    case 'same-family':
      return flat`Compatibility (low risk): ${to} is in the same family as ${from}; same processor, drivers and features.`;
    case 'newer-generation':
      return database
        ? flat`Compatibility (low risk): ${to} is a newer generation on the same architecture; check that the database engine version supports the ${candidate.type.name.family} classes.`
        : flat`Compatibility (low risk): ${to} is a newer generation on the same architecture; check that the AMI has current ENA and NVMe drivers (Nitro).`;
    case 'architecture-change':
      return database
        ? flat`Compatibility (medium risk): ${to} is Graviton (arm64); the engine is managed by AWS and clients are unaffected, but the engine version and every extension must support Graviton classes.`
        : flat`Compatibility (medium risk): ${to} is Graviton (arm64); the AMI, binaries, containers and native dependencies must be built for arm64.`;
  }
}
