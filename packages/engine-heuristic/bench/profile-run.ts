/**
 * Runs one configuration of the engine a few times on a generated fleet, for
 * `node --cpu-prof`: `node --cpu-prof --import tsx --conditions=dev-source bench/profile-run.ts worst 30000 rightsizing`.
 */
import { createHeuristicEngine, type HeuristicEngineOptions } from '../src/index.js';
import { benchCatalog, generateFleet, MIXES } from './generate-fleet.js';

const [mixName = 'worst', countText = '30000', only = 'all'] = process.argv.slice(2);
const fleet = generateFleet(Number(countText), 14, undefined, MIXES[mixName]);
const input = {
  resources: fleet.resources,
  inventory: fleet.resources,
  metrics: fleet.metrics,
  prices: benchCatalog(),
  now: fleet.now,
};
const off = { enabled: false };
const options: HeuristicEngineOptions =
  only === 'all'
    ? {}
    : {
        rightsizing: only === 'rightsizing' ? {} : off,
        idle: only === 'idle' ? {} : off,
        scheduling: only === 'scheduling' ? {} : off,
        storage: off,
      };
const engine = createHeuristicEngine(options);
const runs = Number(process.argv[5] ?? 4);
const times: number[] = [];
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  await engine.analyze(input);
  times.push(performance.now() - started);
}
times.sort((left, right) => left - right);
console.log(
  `${only}: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms over ${runs} runs`,
);
