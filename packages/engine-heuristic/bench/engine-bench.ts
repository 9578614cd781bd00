/**
 * Benchmark: the heuristic engine on 100,000 instances × 14 days of hourly CPU
 * and memory, generated in memory. Prints the median of several runs, the
 * throughput, the peak memory, and the time of each rule on its own.
 *
 *   pnpm --filter @finops-autopilot/engine-heuristic bench [-- --resources 100000 --runs 5]
 */
import { parseArgs } from 'node:util';
import { createHeuristicEngine, type HeuristicEngineOptions } from '../src/index.js';
import { benchCatalog, generateFleet } from './generate-fleet.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { resources: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } },
});
const count = Number(values.resources);
const runs = Number(values.runs);

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 20);

const generated = performance.now();
const fleet = generateFleet(count, 14);
const prices = benchCatalog();
console.log(
  `generated ${count.toLocaleString()} resources, ${fleet.points.toLocaleString()} points in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
);

const input = {
  resources: fleet.resources,
  inventory: fleet.resources,
  metrics: fleet.metrics,
  prices,
  now: fleet.now,
};

async function time(options: HeuristicEngineOptions): Promise<{ median: number; recommendations: number }> {
  const engine = createHeuristicEngine(options);
  const samples: number[] = [];
  let recommendations = 0;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const result = await engine.analyze(input);
    samples.push(performance.now() - started);
    recommendations = result.recommendations.length;
    sample();
  }
  samples.sort((left, right) => left - right);
  return { median: samples[Math.floor(samples.length / 2)]!, recommendations };
}

const all = await time({});
const seconds = all.median / 1000;
console.log(
  `engine (all rules): median ${seconds.toFixed(3)} s over ${runs} runs; ${all.recommendations.toLocaleString()} recommendations`,
);
console.log(
  `  ${Math.round(count / seconds).toLocaleString()} resources/s, ${Math.round(fleet.points / seconds).toLocaleString()} points/s`,
);

const off = { enabled: false };
const parts: Array<[string, HeuristicEngineOptions]> = [
  ['rightsizing only', { idle: off, scheduling: off, storage: off }],
  ['idle only', { rightsizing: off, scheduling: off, storage: off }],
  ['scheduling only', { rightsizing: off, idle: off, storage: off }],
  ['no rules (window and dispatch)', { rightsizing: off, idle: off, scheduling: off, storage: off }],
];
for (const [label, options] of parts) {
  const part = await time(options);
  console.log(`  ${label.padEnd(32)} ${(part.median / 1000).toFixed(3)} s`);
}
clearInterval(sampler);
sample();
console.log(`peak RSS ${(peakRss / 1024 ** 3).toFixed(2)} GiB (includes the generated input)`);
console.log(
  `targets: ≤ 2 s wall, ≤ 1 GiB peak → ${seconds <= 2 ? 'met' : 'MISSED'} / ${peakRss <= 1024 ** 3 ? 'met' : 'MISSED'}`,
);
