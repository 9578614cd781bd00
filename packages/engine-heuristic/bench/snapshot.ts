/**
 * Writes the JSON of `analyze` for a 2,000-resource generated fleet (both mixes,
 * several option sets) to a directory, to compare byte for byte across changes.
 *
 *   node --import tsx --conditions=dev-source bench/snapshot.ts <directory>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHeuristicEngine, type HeuristicEngineOptions } from '../src/index.js';
import { benchCatalog, generateFleet, MIXES } from './generate-fleet.js';

const directory = process.argv[2] ?? 'snapshot';
mkdirSync(directory, { recursive: true });
const optionSets: Record<string, HeuristicEngineOptions> = {
  default: {},
  p95h30: { percentile: 'p95', headroom: 0.3 },
  p90h0d3: { percentile: 'p90', headroom: 0, lookbackDays: 3 },
  p99d7: { percentile: 'p99', lookbackDays: 7 },
  max: { percentile: 'max', headroom: 0.1 },
};
for (const mixName of ['worst', 'typical']) {
  const fleet = generateFleet(2000, 14, undefined, MIXES[mixName]);
  const input = {
    resources: fleet.resources,
    inventory: fleet.resources,
    metrics: fleet.metrics,
    prices: benchCatalog(),
    now: fleet.now,
  };
  for (const [name, options] of Object.entries(optionSets)) {
    const result = await createHeuristicEngine(options).analyze(input);
    writeFileSync(join(directory, `${mixName}-${name}.json`), JSON.stringify(result, null, 1));
  }
}
