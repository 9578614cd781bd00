/**
 * Replays real VM CPU traces through the rightsizing rule: recommend from the
 * first 14 days, then run the following week on the recommended size.
 *
 *   pnpm eval            (from the package or the repository root)
 *
 * For each VM and each assumed current size, demand in vCPU-equivalents is the
 * trace's CPU% × the current size's vCPUs. A downsizing is *safe* when the
 * projected p99 CPU of the following 7 days on the new size is ≤ 90%. The
 * *hindsight optimum* is the cheapest size of the family whose projected p99 in
 * those 7 days is ≤ 90%; *captured* is the share of the optimum's savings that
 * the safe recommendations realize.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  createStaticPriceCatalog,
  type MetricSeries,
  type PriceCatalogV1,
  type Resource,
} from '@finops-autopilot/core';
import { createHeuristicEngine, type HeuristicEngineOptions } from '../src/index.js';
import { percentile } from '../src/shared/stats.js';

/** m5 family, us-east-1 on-demand Linux USD/hour (AWS list prices). */
const M5 = [
  ['m5.large', 2, 8, 0.096],
  ['m5.xlarge', 4, 16, 0.192],
  ['m5.2xlarge', 8, 32, 0.384],
  ['m5.4xlarge', 16, 64, 0.768],
  ['m5.8xlarge', 32, 128, 1.536],
  ['m5.12xlarge', 48, 192, 2.304],
] as const;
type Size = (typeof M5)[number];

const ANCHOR = Date.parse('2026-01-05T00:00:00Z'); // a Monday
const STEP_MS = 300_000;
const TRAIN = (14 * 86_400_000) / STEP_MS;
const TEST = (7 * 86_400_000) / STEP_MS;
const SAFE_P99 = 90;

function catalog(): PriceCatalogV1 {
  return createStaticPriceCatalog({
    snapshotDate: '2026-07-20',
    name: 'evaluation prices',
    entries: M5.map(([type, vcpu, memoryGiB, price]) => ({
      provider: 'aws',
      service: 'ec2',
      region: 'us-east-1',
      type,
      family: 'm5',
      generation: 5,
      size: type.split('.')[1],
      vcpu,
      memoryGiB,
      architecture: 'x86_64' as const,
      price,
      unit: 'hour' as const,
      currency: 'USD',
    })),
  });
}

function readTraces(file: string): Map<string, number[]> {
  const text = gunzipSync(readFileSync(new URL(`./data/${file}`, import.meta.url))).toString();
  const traces = new Map<string, number[]>();
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    const [id, , average] = line.split(',');
    const list = traces.get(id!) ?? [];
    list.push(Number(average));
    traces.set(id!, list);
  }
  return traces;
}

interface Row {
  set: string;
  current: string;
  vms: number;
  downsizes: number;
  safe: number;
  upsizes: number;
  savings: number;
  optimal: number;
}

async function evaluate(
  set: string,
  traces: Map<string, number[]>,
  current: Size,
  options: HeuristicEngineOptions,
): Promise<Row> {
  const [currentType, currentVcpu, currentMemory, currentPrice] = current;
  const engine = createHeuristicEngine({
    ...options,
    idle: { enabled: false },
    scheduling: { enabled: false },
    storage: { enabled: false },
  });
  const prices = catalog();
  const row: Row = {
    set,
    current: currentType,
    vms: 0,
    downsizes: 0,
    safe: 0,
    upsizes: 0,
    savings: 0,
    optimal: 0,
  };
  const resources: Resource[] = [];
  const metrics: MetricSeries[] = [];
  const futures = new Map<string, number[]>();
  for (const [id, values] of traces) {
    if (values.length < TRAIN + TEST) continue;
    row.vms += 1;
    const resourceId = `vm-${id}`;
    resources.push({
      id: resourceId,
      provider: 'aws',
      account: '',
      region: 'us-east-1',
      service: 'ec2',
      kind: 'compute-instance',
      type: currentType,
      state: 'running',
      tags: {},
      spec: { vcpu: currentVcpu, memoryGiB: currentMemory, architecture: 'x86_64' },
      hourlyPrice: currentPrice,
      currency: 'USD',
    });
    metrics.push({
      resourceId,
      metric: 'CPUUtilization',
      unit: 'Percent',
      statistic: 'Average',
      periodSeconds: 300,
      timestamps: Array.from({ length: TRAIN }, (_, index) => ANCHOR + index * STEP_MS),
      values: values.slice(0, TRAIN),
    });
    futures.set(resourceId, values.slice(TRAIN, TRAIN + TEST));
  }
  const result = await engine.analyze({
    resources,
    inventory: resources,
    metrics,
    prices,
    now: new Date(ANCHOR + TRAIN * STEP_MS).toISOString(),
  });
  const projectedP99 = (future: number[], vcpu: number) =>
    percentile(
      future.map((value) => Math.min(100, (value * currentVcpu) / vcpu)),
      99,
    );

  for (const [resourceId, future] of futures) {
    const optimal = M5.filter(([, vcpu]) => projectedP99(future, vcpu) <= SAFE_P99).sort(
      (a, b) => a[3] - b[3],
    )[0];
    const optimalSavings = Math.max(0, currentPrice - (optimal?.[3] ?? currentPrice));
    row.optimal += optimalSavings;
    const recommendation = result.recommendations.find(
      (draft) => draft.resourceId === resourceId && draft.kind === 'rightsize',
    );
    if (recommendation?.action.type !== 'resize') continue;
    const target = M5.find(([type]) => type === (recommendation.action as { to: string }).to);
    if (!target) continue;
    if (target[3] >= currentPrice) {
      row.upsizes += 1;
      continue;
    }
    row.downsizes += 1;
    if (projectedP99(future, target[1]) <= SAFE_P99) {
      row.safe += 1;
      row.savings += currentPrice - target[3];
    }
  }
  return row;
}

const sets: Array<[string, string]> = [
  ['azure-100', 'azure2017_vm_cpu_100.csv.gz'],
  ['azure-periodic', 'azure2017_vm_cpu_periodic_78.csv.gz'],
];
const assumed = [M5[2], M5[3]] as const;
const variants: Array<[string, HeuristicEngineOptions]> = [['defaults (p99.5, headroom 0.2)', {}]];

const rows: Row[] = [];
for (const [variant, options] of variants) {
  for (const [set, file] of sets) {
    const traces = readTraces(file);
    for (const size of assumed) rows.push(await evaluate(set, traces, size, options));
  }
  const total: Row = {
    set: 'all',
    current: '—',
    vms: 0,
    downsizes: 0,
    safe: 0,
    upsizes: 0,
    savings: 0,
    optimal: 0,
  };
  for (const row of rows) {
    total.vms += row.vms;
    total.downsizes += row.downsizes;
    total.safe += row.safe;
    total.upsizes += row.upsizes;
    total.savings += row.savings;
    total.optimal += row.optimal;
  }
  rows.push(total);
  console.log(
    `\nRightsizing replay, engine ${variant}; safe = projected p99 CPU ≤ ${SAFE_P99}% in the following 7 days\n`,
  );
  console.log(
    '| traces | assumed current | VMs | downsizes | safe | safe share | upsizes | captured / optimal (USD/h) | captured share |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    const safeShare = row.downsizes ? `${((100 * row.safe) / row.downsizes).toFixed(1)}%` : '—';
    const captured = row.optimal ? `${((100 * row.savings) / row.optimal).toFixed(1)}%` : '—';
    console.log(
      `| ${row.set} | ${row.current} | ${row.vms} | ${row.downsizes} | ${row.safe} | ${safeShare} | ${row.upsizes} | ${row.savings.toFixed(3)} / ${row.optimal.toFixed(3)} | ${captured} |`,
    );
  }
  console.log(`\ntargets: safe share ≥ 97%, captured share ≥ 70%`);
}
