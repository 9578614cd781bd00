/**
 * Benchmark: the heuristic engine on 100,000 instances × 14 days of hourly CPU
 * and memory, generated in memory. Prints the median of several runs, the
 * throughput, the peak memory, the time of each rule on its own and the share
 * of garbage collection.
 *
 *   pnpm --filter @finops-autopilot/engine-heuristic bench [-- --resources 100000 --runs 5 --mix worst|typical|both]
 *
 * Two fleet mixes are reported, each measured in its own process so that each
 * peak RSS counts only its own input and output:
 * - worst (the headline): a recommendation for nearly every instance;
 * - typical: 30% over-provisioned, 50% right-sized, 5% saturated, 5% idle, 10% office hours.
 *
 * Run with `--expose-gc` (the `bench` script does): generation garbage and the
 * previous run's result are collected before each timed run, outside the timing.
 */
import { execFileSync } from 'node:child_process';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createHeuristicEngine, type HeuristicEngineOptions } from '../src/index.js';
import { benchCatalog, generateFleet, MIXES } from './generate-fleet.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    resources: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    mix: { type: 'string', default: 'both' },
  },
});

if (values.mix === 'both') {
  // Each mix in a fresh process: peak RSS is per process and never goes down.
  for (const mix of ['worst', 'typical']) {
    execFileSync(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        '--resources',
        values.resources,
        '--runs',
        values.runs,
        '--mix',
        mix,
      ],
      { stdio: 'inherit' },
    );
  }
  process.exit(0);
}

const mix = MIXES[values.mix];
if (!mix) throw new Error(`--mix must be worst, typical or both, got ${values.mix}`);
const count = Number(values.resources);
const runs = Number(values.runs);
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 20);

/** Garbage collections seen (start, duration), to attribute them to timed runs afterwards. */
const collections: Array<{ start: number; duration: number }> = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    collections.push({ start: entry.startTime, duration: entry.duration });
});
gcObserver.observe({ entryTypes: ['gc'] });

console.log(
  `\n== ${values.mix === 'worst' ? 'worst-case mix (headline)' : 'typical mix'}: ` +
    `${[...new Set(mix)].map((kind) => `${Math.round((100 * mix.filter((item) => item === kind).length) / mix.length)}% ${kind}`).join(', ')}`,
);
collect();
const baseHeap = process.memoryUsage().heapUsed;
const generated = performance.now();
const fleet = generateFleet(count, 14, undefined, mix);
const prices = benchCatalog();
console.log(
  `generated ${count.toLocaleString()} resources, ${fleet.points.toLocaleString()} points in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
);
collect();
const inputHeap = process.memoryUsage().heapUsed;

const input = {
  resources: fleet.resources,
  inventory: fleet.resources,
  metrics: fleet.metrics,
  prices,
  now: fleet.now,
};

interface Timing {
  median: number;
  recommendations: number;
  gcShare: number;
  outputHeap: number;
}

/**
 * One timed analysis. Returns numbers only and keeps no reference to the result,
 * so that it can be collected before the next run: an `await` in a long-lived
 * async frame (the module's top level, a loop over runs) may keep its last
 * value alive in the suspended frame, doubling the heap.
 */
async function runOnce(
  engine: ReturnType<typeof createHeuristicEngine>,
  measureOutput: boolean,
): Promise<{ started: number; elapsed: number; recommendations: number; outputHeap: number }> {
  const started = performance.now();
  const result = await engine.analyze(input);
  const elapsed = performance.now() - started;
  sample();
  let outputHeap = 0;
  if (measureOutput) {
    collect();
    outputHeap = process.memoryUsage().heapUsed - inputHeap;
  }
  return { started, elapsed, recommendations: result.recommendations.length, outputHeap };
}

async function time(options: HeuristicEngineOptions): Promise<Timing> {
  const engine = createHeuristicEngine(options);
  const samples: number[] = [];
  const intervals: Array<[number, number]> = [];
  let recommendations = 0;
  let outputHeap = 0;
  for (let run = 0; run < runs; run++) {
    collect();
    const measured = await runOnce(engine, run === 0);
    samples.push(measured.elapsed);
    intervals.push([measured.started, measured.started + measured.elapsed]);
    recommendations = measured.recommendations;
    if (run === 0) outputHeap = measured.outputHeap;
  }
  // Let the observer deliver the last entries, then count the collections inside timed runs.
  await new Promise((resolve) => setTimeout(resolve, 50));
  let gcMs = 0;
  for (const { start, duration } of collections) {
    if (intervals.some(([from, to]) => start >= from && start < to)) gcMs += duration;
  }
  collections.length = 0;
  const total = samples.reduce((sum, value) => sum + value, 0);
  samples.sort((left, right) => left - right);
  return {
    median: samples[Math.floor(samples.length / 2)]!,
    recommendations,
    gcShare: total > 0 ? gcMs / total : 0,
    outputHeap,
  };
}

const all = await time({});
const seconds = all.median / 1000;
console.log(
  `engine (all rules): median ${seconds.toFixed(3)} s over ${runs} runs; ${all.recommendations.toLocaleString()} recommendations; ` +
    `GC ${(all.gcShare * 100).toFixed(0)}% of analyze time`,
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
  console.log(
    `  ${label.padEnd(32)} ${(part.median / 1000).toFixed(3)} s (GC ${(part.gcShare * 100).toFixed(0)}%)`,
  );
}
clearInterval(sampler);
gcObserver.disconnect();
sample();
console.log(
  `heap: input ${((inputHeap - baseHeap) / MiB).toFixed(0)} MiB (after generation and GC), ` +
    `output ${(all.outputHeap / MiB).toFixed(0)} MiB retained by one result ` +
    `(${Math.round(all.outputHeap / Math.max(1, all.recommendations)).toLocaleString()} B per recommendation)`,
);
console.log(`peak RSS ${(peakRss / GiB).toFixed(2)} GiB (includes the generated input)`);
console.log(
  `targets: ≤ 2 s wall, ≤ 1 GiB peak → ${seconds <= 2 ? 'met' : 'MISSED'} / ${peakRss <= GiB ? 'met' : 'MISSED'}`,
);
