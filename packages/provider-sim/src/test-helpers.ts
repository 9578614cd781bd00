import type { Resource } from '@finops-autopilot/core';
import type { SimulatedProvider } from './simulated-provider.js';

/** Ordered sizes used to find the next smaller size of a family. */
const SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge'];

/** The type one size below `type` in the same family, if the catalog has it. */
export function smallerType(provider: SimulatedProvider, resource: Resource): string | undefined {
  const dot = resource.type.lastIndexOf('.');
  const family = resource.type.slice(0, dot);
  const index = SIZES.indexOf(resource.type.slice(dot + 1));
  for (let i = index - 1; i >= 0; i--) {
    const type = `${family}.${SIZES[i]}`;
    if (provider.prices.find({ service: resource.service, region: resource.region, type })) return type;
  }
  return undefined;
}

/** The first resource matching `predicate`, or a failure naming what was looked for. */
export function findResource(
  resources: Resource[],
  what: string,
  predicate: (r: Resource) => boolean,
): Resource {
  const found = resources.find(predicate);
  if (!found) throw new Error(`the simulated fleet has no ${what}`);
  return found;
}

/** Mean of a list (NaN for an empty list). */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** ISO string of epoch milliseconds. */
export const iso = (ms: number): string => new Date(ms).toISOString();
