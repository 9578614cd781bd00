/**
 * The autopilot running continuously on the simulated fleet, printing each
 * step as it happens. Ctrl-C stops it after the current cycle.
 *
 *   pnpm autopilot [--seed 7] [--size 24] [--interval 3000] [--time-scale 1200] [--cycles N]
 *
 * The simulated clock runs `--time-scale` times faster than the wall clock
 * (default 1200: a 3-second cycle is one simulated hour), so new utilization,
 * drift and the savings of executed changes show up within a minute.
 */
import { parseArgs } from 'node:util';
import { createAutopilot } from '@finops-autopilot/core';
import { createHeuristicEngine } from '@finops-autopilot/engine-heuristic';
import { createSimulatedProvider } from '@finops-autopilot/provider-sim';
import { formatEvent } from './format-event.js';

const argv = process.argv.slice(2);
if (argv[0] === '--') argv.shift();

function parseOptions() {
  try {
    return parseArgs({ args: argv, options: OPTIONS });
  } catch (error) {
    console.error(
      `${(error as Error).message}\nUsage: pnpm autopilot [--seed N] [--size N] [--interval MS] [--time-scale X] [--cycles N]`,
    );
    process.exit(2);
  }
}

const OPTIONS = {
  seed: { type: 'string', default: '7' },
  size: { type: 'string', default: '24' },
  interval: { type: 'string', default: '3000' },
  'time-scale': { type: 'string', default: '1200' },
  cycles: { type: 'string' },
} as const;
const { values } = parseOptions();

function positive(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${name} must be a non-negative number, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const maxCycles = values.cycles === undefined ? Number.POSITIVE_INFINITY : positive('cycles', values.cycles);
const provider = createSimulatedProvider({
  seed: positive('seed', values.seed),
  size: positive('size', values.size),
  timeScale: positive('time-scale', values['time-scale']),
});
const autopilot = createAutopilot({
  provider,
  engines: [createHeuristicEngine()],
  intervalMs: positive('interval', values.interval),
  execution: { enabled: true },
});

console.log(
  `FinOps Autopilot on a simulated fleet of ${provider.snapshot().length} resources ` +
    `(seed ${values.seed}); a cycle every ${values.interval} ms. Ctrl-C to stop.`,
);

let cycles = 0;
autopilot.events.on('event', (event) => {
  const line = formatEvent(event);
  if (line) console.log(line);
  if (event.type === 'cycle-end' && ++cycles >= maxCycles) void shutdown();
});

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await autopilot.stop();
  const store = autopilot.store.forTenant(autopilot.tenantId);
  const all = await store.recommendations.list({ limit: 10_000 });
  const count = (status: string) => all.filter((item) => item.status === status).length;
  console.log(
    `Stopped after ${cycles} cycles: ${all.length} recommendations — ${count('executed') + count('verified')} executed ` +
      `(${count('verified')} verified), ${count('pending-approval')} awaiting approval, ${count('superseded')} superseded.`,
  );
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

autopilot.start();
