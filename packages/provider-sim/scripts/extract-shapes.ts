/**
 * Derives `data/shapes.json` (hour-of-week CPU profiles) from the Azure Public
 * Dataset V1 CPU traces in the shared reference data.
 *
 * Usage: `pnpm exec tsx packages/provider-sim/scripts/extract-shapes.ts <reference-data-dir>`
 * where the directory holds `utilization/azure2017_vm_cpu_100.csv.gz`,
 * `utilization/azure2017_vm_cpu_periodic_78.csv.gz` and `..._periods.csv`.
 *
 * Day-of-week anchor: the trace has only seconds since its origin. Hour of day
 * is taken as `t_sec / 3600 mod 24` (origin = 00:00 UTC). The day of week is
 * anchored from the data: for each of the 7 possible rotations, the script
 * compares the fleet's mean normalised CPU on the two days that would be
 * Saturday and Sunday with the other five, and keeps the rotation with the
 * lowest weekend/weekday ratio (the quietest pair of consecutive days becomes
 * the weekend).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

interface Trace {
  vmId: string;
  tSec: number[];
  avg: number[];
  max: number[];
}

const DAY = 86_400;
const HOUR = 3_600;

function readTraces(file: string): Trace[] {
  const lines = gunzipSync(readFileSync(file)).toString().split('\n');
  const byVm = new Map<string, Trace>();
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const [vmId, t, avg, max] = line.split(',');
    if (!vmId || t === undefined || avg === undefined || max === undefined) continue;
    let trace = byVm.get(vmId);
    if (!trace) {
      trace = { vmId, tSec: [], avg: [], max: [] };
      byVm.set(vmId, trace);
    }
    trace.tSec.push(Number(t));
    trace.avg.push(Number(avg));
    trace.max.push(Number(max));
  }
  return [...byVm.values()].sort((a, b) => a.vmId.localeCompare(b.vmId));
}

const mean = (values: readonly number[]): number =>
  values.reduce((sum, v) => sum + v, 0) / (values.length || 1);

/** Rotation `r` maps trace day `d` to weekday `(d + r) mod 7` (0 = Monday). */
function weekAnchor(traces: readonly Trace[]): { rotation: number; weekendRatio: number } {
  const dayTotals = new Map<number, number[]>();
  for (const trace of traces) {
    const m = mean(trace.avg) || 1;
    trace.tSec.forEach((t, i) => {
      const day = Math.floor(t / DAY);
      const list = dayTotals.get(day) ?? [];
      list.push(trace.avg[i]! / m);
      dayTotals.set(day, list);
    });
  }
  const fullDays = [...dayTotals.entries()].filter(([, v]) => v.length >= (traces.length * DAY) / 300 - 1);
  let best = { rotation: 0, weekendRatio: Number.POSITIVE_INFINITY };
  for (let rotation = 0; rotation < 7; rotation++) {
    const weekend: number[] = [];
    const weekday: number[] = [];
    for (const [day, values] of fullDays) {
      ((day + rotation) % 7 >= 5 ? weekend : weekday).push(mean(values));
    }
    const ratio = mean(weekend) / mean(weekday);
    if (ratio < best.weekendRatio) best = { rotation, weekendRatio: ratio };
  }
  return best;
}

const round = (v: number, digits = 2): number => Number(v.toFixed(digits));

function profile(trace: Trace, rotation: number, source: string, periodHours: number | null) {
  const sums = new Array<number>(168).fill(0);
  const counts = new Array<number>(168).fill(0);
  // Max of the 5-minute maxima per (week, hour-of-week) slot, averaged over weeks.
  const slotMax = new Map<number, number>();
  trace.tSec.forEach((t, i) => {
    const day = Math.floor(t / DAY);
    const how = ((day + rotation) % 7) * 24 + (Math.floor(t / HOUR) % 24);
    sums[how]! += trace.avg[i]!;
    counts[how]! += 1;
    const slot = Math.floor(t / HOUR);
    slotMax.set(slot, Math.max(slotMax.get(slot) ?? 0, trace.max[i]!));
  });
  const maxSums = new Array<number>(168).fill(0);
  const maxCounts = new Array<number>(168).fill(0);
  for (const [slot, value] of slotMax) {
    const day = Math.floor((slot * HOUR) / DAY);
    const how = ((day + rotation) % 7) * 24 + (slot % 24);
    maxSums[how]! += value;
    maxCounts[how]! += 1;
  }
  const hourOfWeekMean = sums.map((s, h) => s / (counts[h] || 1));
  const hourOfWeekMax = maxSums.map((s, h) => s / (maxCounts[h] || 1));
  const overall = mean(trace.avg);
  let squares = 0;
  trace.tSec.forEach((t, i) => {
    const how = ((Math.floor(t / DAY) + rotation) % 7) * 24 + (Math.floor(t / HOUR) % 24);
    squares += (trace.avg[i]! - hourOfWeekMean[how]!) ** 2;
  });
  const residualStd = Math.sqrt(squares / trace.avg.length);
  const sorted = [...trace.avg].sort((a, b) => a - b);
  return {
    id: `${source === 'azure2017_vm_cpu_100' ? 'az100' : 'azp78'}-${trace.vmId}`,
    source,
    vmId: trace.vmId,
    periodHours,
    points: trace.avg.length,
    meanPct: round(overall),
    p95Pct: round(sorted[Math.floor(sorted.length * 0.95)] ?? 0),
    volatility: round(overall > 0 ? residualStd / overall : 0, 3),
    hourOfWeekMean: hourOfWeekMean.map((v) => round(v)),
    hourOfWeekMax: hourOfWeekMax.map((v) => round(v)),
  };
}

/** Every `count`-th trace of the id-sorted list, so the pick is reproducible. */
function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  const step = items.length / count;
  return Array.from({ length: Math.min(count, items.length) }, (_, i) => items[Math.floor(i * step)]!);
}

function main(): void {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: extract-shapes.ts <reference-data-dir>');
  const utilization = join(dataDir, 'utilization');
  const sets = [
    { source: 'azure2017_vm_cpu_100', file: 'azure2017_vm_cpu_100.csv.gz', take: 24 },
    { source: 'azure2017_vm_cpu_periodic_78', file: 'azure2017_vm_cpu_periodic_78.csv.gz', take: 12 },
  ];
  const periods = new Map<string, number>();
  for (const line of readFileSync(join(utilization, 'azure2017_vm_cpu_periodic_78_periods.csv'), 'utf8')
    .split('\n')
    .slice(1)) {
    const [vm, hours] = line.split(',');
    if (vm && hours && !periods.has(vm)) periods.set(vm, Number(hours));
  }
  const shapes: ReturnType<typeof profile>[] = [];
  const anchors: Record<string, { rotation: number; weekendRatio: number; vms: number }> = {};
  for (const set of sets) {
    const traces = readTraces(join(utilization, set.file));
    const anchor = weekAnchor(traces);
    anchors[set.source] = { ...anchor, weekendRatio: round(anchor.weekendRatio, 3), vms: traces.length };
    for (const trace of evenlySpaced(traces, set.take)) {
      shapes.push(profile(trace, anchor.rotation, set.source, periods.get(trace.vmId) ?? null));
    }
  }
  const out = {
    _meta: {
      source: 'Azure Public Dataset V1 (CC-BY-4.0), subsets picked by carlonlv/DataCenterSim',
      dataCenterSimCommit: 'fa2cc2592969c40d3e8494c2be46a94641b235f1',
      citation: 'Cortez et al., "Resource Central", SOSP 2017',
      hourOfWeek: '0 = Monday 00:00; hour of day = t_sec / 3600 mod 24 (trace origin taken as 00:00 UTC)',
      dayOfWeekAnchor:
        'per trace set, trace day d is weekday (d + rotation) mod 7 (0 = Monday); rotation = the one whose Saturday+Sunday have the lowest mean normalised CPU relative to the weekdays',
      anchors,
      fields: {
        hourOfWeekMean: 'mean of the 5-minute average CPU % per hour of week',
        hourOfWeekMax:
          'per hour of week, the highest 5-minute max CPU % within the hour, averaged over the weeks',
        volatility:
          'std. dev. of the 5-minute average about its hour-of-week mean, divided by the overall mean',
      },
    },
    shapes,
  };
  const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'shapes.json');
  writeFileSync(target, `${JSON.stringify(out)}\n`);
  console.log(`wrote ${shapes.length} shapes to ${target}`, anchors);
}

main();
