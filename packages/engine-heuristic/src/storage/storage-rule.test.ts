import type { MetricSeries, ModifyVolumeAction, RecommendationDraft, Resource } from '@finops-autopilot/core';
import {
  FIXTURE_NOW,
  fixtureHourlySeries,
  fixtureResource,
  testEngine,
} from '@finops-autopilot/core/testing';
import { describe, expect, it } from 'vitest';
import {
  analyzeScheduleAndStorage,
  engineInput,
  recomputeSteps,
  scheduleAndStorageEngine,
  testCatalog,
} from '../scheduling/test-helpers.js';

const DAY_MS = 86_400_000;
const NOW = Date.parse(FIXTURE_NOW);

function volume(overrides: Partial<Resource>): Resource {
  return fixtureResource({
    service: 'ebs',
    kind: 'block-volume',
    state: 'in-use',
    attachedTo: 'i-host',
    tags: { env: 'dev' },
    hourlyPrice: undefined,
    ...overrides,
  });
}

/** Read and write operations (Sum per period) giving `iops(hourOfWeek)` in total, split 2:1. */
function ioSeries(resourceId: string, iops: (hourOfWeek: number) => number): MetricSeries[] {
  return (['VolumeReadOps', 'VolumeWriteOps'] as const).map((metric, index) => ({
    ...fixtureHourlySeries({
      resourceId,
      metric,
      shape: (hourOfWeek) => iops(hourOfWeek) * 3600 * (index === 0 ? 2 / 3 : 1 / 3),
    }),
    statistic: 'Sum' as const,
    unit: 'Count',
  }));
}

function analyze(resources: Resource[], metrics: MetricSeries[] = [], prices = testCatalog()) {
  return analyzeScheduleAndStorage(engineInput(resources, metrics, prices));
}

function single(result: { recommendations: RecommendationDraft[] }): RecommendationDraft {
  expect(result.recommendations).toHaveLength(1);
  return result.recommendations[0]!;
}

const steps = (draft: RecommendationDraft) =>
  draft.calculation.steps.map((step) => `${step.label}: ${step.expression} = ${step.value}`);

describe('storageRule: gp2 → gp3', () => {
  it('500 GiB: gp3 with gp2 throughput (250 MiB/s) saves 5.00', () => {
    const draft = single(analyze([volume({ id: 'vol-500', type: 'gp2', spec: { storageGiB: 500 } })]));
    // gp2: 500 × 0.10 = 50.00.
    // gp3: baseline 3 × 500 = 1,500 IOPS ≤ 3,000 included → 3,000 IOPS, nothing billed;
    //      throughput: gp2 sustains min(250, max(128, ceil(0.75 × 500) = 375)) = 250 MiB/s → 125 billable × 0.04 = 5.00;
    //      500 × 0.08 = 40.00 + 0 + 5.00 = 45.00. Saves 50.00 − 45.00 = 5.00.
    expect(steps(draft)).toEqual([
      'gp2 baseline IOPS: min(16000, max(100, 3 × 500)) = 1500',
      'gp3 IOPS: max(3000, 1500) = 3000',
      'gp2 throughput: min(250, max(128, ceil(0.75 × 500))) = 250',
      'gp3 throughput: max(125, 250) = 250',
      'gp2 now: storage: 500 × 0.1 = 50',
      'gp3 proposed: storage: 500 × 0.08 = 40',
      'gp3 proposed: billable IOPS: max(0, 3000 − 3000) = 0',
      'gp3 proposed: IOPS: 0 × 0.005 = 0',
      'gp3 proposed: billable throughput: max(0, 250 − 125) = 125',
      'gp3 proposed: throughput: 125 × 0.04 = 5',
      'gp3 proposed: total: 40 + 0 + 5 = 45',
      'monthly savings: 50 − 45 = 5',
    ]);
    expect(draft).toMatchObject({
      kind: 'storage-tier',
      action: { type: 'modify-volume', from: 'gp2', to: 'gp3', iops: 3000, throughputMBps: 250 },
      estimatedMonthlySavings: 5,
      risk: 'low',
      confidence: 0.95,
    });
  });

  it('6,000 GiB: gp3 pays for 13,000 IOPS above the included 3,000 and still saves 50.00', () => {
    const draft = single(analyze([volume({ id: 'vol-6000', type: 'gp2', spec: { storageGiB: 6000 } })]));
    // gp2: 6,000 × 0.10 = 600.00; baseline min(16,000, 3 × 6,000 = 18,000) = 16,000 IOPS.
    // gp3: 6,000 × 0.08 = 480.00; (16,000 − 3,000) × 0.005 = 13,000 × 0.005 = 65.00;
    //      (250 − 125) × 0.04 = 5.00; total 550.00. Saves 600.00 − 550.00 = 50.00.
    expect(draft.calculation.steps.map((step) => step.value)).toEqual([
      16000, 16000, 250, 250, 600, 480, 13000, 65, 125, 5, 550, 50,
    ]);
    expect(draft.action).toEqual({
      type: 'modify-volume',
      from: 'gp2',
      to: 'gp3',
      iops: 16000,
      throughputMBps: 250,
    } satisfies ModifyVolumeAction);
    expect(draft.estimatedMonthlySavings).toBe(50);
  });

  it('200 GiB: gp3 gets the sustained 150 MiB/s, not the 250 MiB/s burst, and saves 3.00', () => {
    const draft = single(analyze([volume({ id: 'vol-200', type: 'gp2', spec: { storageGiB: 200 } })]));
    // gp2: 200 × 0.10 = 20.00; sustains min(250, max(128, ceil(0.75 × 200) = 150)) = 150 MiB/s.
    // gp3: 200 × 0.08 = 16.00 + (150 − 125) × 0.04 = 1.00 → 17.00. Saves 3.00.
    // (Matching the 250 MiB/s burst would cost 16.00 + 5.00 = 21.00, more than gp2.)
    expect(draft.action).toMatchObject({ iops: 3000, throughputMBps: 150 });
    expect(draft.estimatedMonthlySavings).toBe(3);
    expect(draft.calculation.notes?.join(' ')).toContain('bursts to 250 MiB/s while its credits last');
  });

  it('100 GiB: gp3 keeps gp2’s 128 MiB/s for 0.12 and saves 1.88', () => {
    const draft = single(analyze([volume({ id: 'vol-100', type: 'gp2', spec: { storageGiB: 100 } })]));
    // gp2: 100 × 0.10 = 10.00. gp3: 100 × 0.08 = 8.00; throughput (128 − 125) × 0.04 = 0.12; 8.12.
    expect(draft.action).toMatchObject({ iops: 3000, throughputMBps: 128 });
    expect(draft.estimatedMonthlySavings).toBe(1.88);
  });
});

describe('storageRule: unattached volumes', () => {
  it('proposes snapshot and delete with the volume’s monthly cost; detach time unknown lowers confidence', () => {
    const draft = single(
      analyze([
        volume({
          id: 'vol-orphan',
          type: 'gp2',
          state: 'available',
          attachedTo: undefined,
          spec: { storageGiB: 200 },
          createdAt: new Date(NOW - 30 * DAY_MS).toISOString(),
        }),
      ]),
    );
    // 200 × 0.10 = 20.00 USD/month.
    expect(steps(draft)).toEqual(['volume: storage: 200 × 0.1 = 20', 'monthly savings: 20 = 20']);
    expect(draft).toMatchObject({
      kind: 'storage-tier',
      action: { type: 'delete', snapshotFirst: true },
      estimatedMonthlySavings: 20,
      risk: 'medium',
      confidence: 0.7,
    });
    expect(draft.calculation.notes?.join(' ')).toContain('Detach time unknown: created 30 days ago');
    expect(draft.calculation.notes?.join(' ')).toContain('Snapshot cost not included');
  });

  it('uses the detach time when known, and prices the snapshot when the catalog can', () => {
    const snapshotPrice = {
      provider: 'aws',
      service: 'ebs',
      region: 'us-east-1',
      type: 'snapshot',
      price: 0.05,
      unit: 'GiB-month' as const,
      currency: 'USD',
    };
    const draft = single(
      analyze(
        [
          volume({
            id: 'vol-io1-orphan',
            type: 'io1',
            state: 'available',
            attachedTo: undefined,
            spec: { storageGiB: 500, iops: 4000 },
            metadata: { detachedAt: new Date(NOW - 10 * DAY_MS).toISOString() },
          }),
        ],
        [],
        testCatalog([snapshotPrice]),
      ),
    );
    // 500 × 0.125 = 62.50; 4,000 × 0.065 = 260.00; total 322.50.
    expect(steps(draft)).toEqual([
      'volume: storage: 500 × 0.125 = 62.5',
      'volume: IOPS: 4000 × 0.065 = 260',
      'volume: total: 62.5 + 260 = 322.5',
      'monthly savings: 322.5 = 322.5',
    ]);
    expect(draft.confidence).toBe(0.9);
    // Snapshot at most 500 × 0.05 = 25.00 while kept; noted, not subtracted.
    expect(draft.calculation.notes?.join(' ')).toContain('at most 500 × 0.05 = 25.00 USD/month');
  });

  it('waits unattachedMinDays after detach or creation, and for recent I/O', () => {
    const recent = (overrides: Partial<Resource>) =>
      volume({
        type: 'gp2',
        state: 'available',
        attachedTo: undefined,
        spec: { storageGiB: 50 },
        ...overrides,
      });
    const detached = recent({
      id: 'vol-detached',
      metadata: { detachedAt: new Date(NOW - 3 * DAY_MS).toISOString() },
    });
    const created = recent({ id: 'vol-created', createdAt: new Date(NOW - 2 * DAY_MS).toISOString() });
    const busy = recent({ id: 'vol-recent-io' });
    // I/O until two days ago.
    const io = ioSeries(busy.id, () => 0).map((series) => ({
      ...series,
      values: series.values.map((_, index) => (index < 288 ? 500 : 0)),
    }));
    const result = analyze([detached, created, busy], io);
    expect(result.recommendations).toEqual([]);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.resourceId, diagnostic.code])).toEqual([
      ['vol-detached', 'recently-unattached'],
      ['vol-created', 'recently-unattached'],
      ['vol-recent-io', 'recently-unattached'],
    ]);
  });

  it('proposes with the lowest confidence when nothing says how long', () => {
    const draft = single(
      analyze([
        volume({
          id: 'vol-unknown',
          type: 'st1',
          state: 'available',
          attachedTo: undefined,
          spec: { storageGiB: 1000 },
        }),
      ]),
    );
    // 1,000 × 0.045 = 45.00.
    expect(draft.estimatedMonthlySavings).toBe(45);
    expect(draft.confidence).toBe(0.6);
  });
});

describe('storageRule: provisioned IOPS', () => {
  it('io1 at 10,000 IOPS peaking at 800 → gp3 (cheaper than io1 at 1,000 IOPS), saves 667.50', () => {
    const io1 = volume({ id: 'vol-io1', type: 'io1', spec: { storageGiB: 500, iops: 10_000 } });
    // 600 IOPS, and 800 IOPS at 10:00 on weekdays (10 of 336 hours): p99.5 = 800 (rank ceil(0.995 × 336) = 335 of 336).
    const metrics = ioSeries(io1.id, (hourOfWeek) =>
      hourOfWeek < 120 && hourOfWeek % 24 === 10 ? 800 : 600,
    );
    const draft = single(analyze([io1], metrics));
    // needed: 800 × 1.2 = 960 < 0.5 × 10,000 = 5,000 → ceil(960 / 100) × 100 = 1,000.
    // io1 now: 500 × 0.125 = 62.50 + 10,000 × 0.065 = 650.00 → 712.50.
    // io1 at 1,000: 62.50 + 1,000 × 0.065 = 65.00 → 127.50.
    // gp3: max(3,000, 1,000) = 3,000 IOPS (included); throughput max(125, 1,000 × 0.25 = 250) = 250;
    //      500 × 0.08 = 40.00 + 0 + (250 − 125) × 0.04 = 5.00 → 45.00. gp3 is cheaper: 712.50 − 45.00 = 667.50.
    expect(steps(draft)).toEqual([
      'peak with headroom: 800 × 1.2 = 960',
      'over-provisioning threshold: 0.5 × 10000 = 5000',
      'needed IOPS: max(100, ceil(960 / 100) × 100) = 1000',
      'io1 now: storage: 500 × 0.125 = 62.5',
      'io1 now: IOPS: 10000 × 0.065 = 650',
      'io1 now: total: 62.5 + 650 = 712.5',
      'io1 at 1000 IOPS: storage: 500 × 0.125 = 62.5',
      'io1 at 1000 IOPS: IOPS: 1000 × 0.065 = 65',
      'io1 at 1000 IOPS: total: 62.5 + 65 = 127.5',
      'gp3 IOPS: max(3000, 1000) = 3000',
      'gp3 throughput: max(125, ceil(min(1000, 1000 × 0.25))) = 250',
      'gp3 alternative: storage: 500 × 0.08 = 40',
      'gp3 alternative: billable IOPS: max(0, 3000 − 3000) = 0',
      'gp3 alternative: IOPS: 0 × 0.005 = 0',
      'gp3 alternative: billable throughput: max(0, 250 − 125) = 125',
      'gp3 alternative: throughput: 125 × 0.04 = 5',
      'gp3 alternative: total: 40 + 0 + 5 = 45',
      'monthly savings: 712.5 − 45 = 667.5',
    ]);
    expect(draft).toMatchObject({
      action: { type: 'modify-volume', from: 'io1', to: 'gp3', iops: 3000, throughputMBps: 250 },
      estimatedMonthlySavings: 667.5,
      risk: 'medium',
    });
    expect(draft.evidence[0]).toMatchObject({ statistic: 'p99.5 IOPS', value: 800 });
  });

  it('io2 needing more than gp3 offers keeps its type at fewer IOPS; 5-minute data makes it low risk', () => {
    const io2 = volume({ id: 'vol-io2', type: 'io2', spec: { storageGiB: 2000, iops: 64_000 } });
    // 20,000 IOPS all along, as 5-minute sums: 12,000 reads + 8,000 writes per second.
    const five = (metric: string, perSecond: number): MetricSeries => {
      const count = 14 * 288;
      return {
        resourceId: io2.id,
        metric,
        unit: 'Count',
        statistic: 'Sum',
        periodSeconds: 300,
        timestamps: Array.from({ length: count }, (_, index) => NOW - (count - index) * 300_000),
        values: Array.from({ length: count }, () => perSecond * 300),
      };
    };
    const draft = single(analyze([io2], [five('VolumeReadOps', 12_000), five('VolumeWriteOps', 8_000)]));
    // needed: 20,000 × 1.2 = 24,000 (< 0.5 × 64,000 = 32,000) → 24,000 > gp3's 16,000: io2 only.
    // now: 2,000 × 0.125 = 250.00 + 64,000 × 0.065 = 4,160.00 → 4,410.00;
    // at 24,000: 250.00 + 24,000 × 0.065 = 1,560.00 → 1,810.00. Saves 2,600.00.
    expect(draft).toMatchObject({
      action: { type: 'modify-volume', from: 'io2', to: 'io2', iops: 24_000 },
      estimatedMonthlySavings: 2600,
      risk: 'low',
      // Complete, flat data: 0.35 + 0.40 + 0.15 + 0.10 = 1.00, capped at 0.99.
      confidence: 0.99,
    });
  });

  it('leaves a well-used io1 alone', () => {
    const io1 = volume({ id: 'vol-io1-busy', type: 'io1', spec: { storageGiB: 100, iops: 3000 } });
    // 1,300 × 1.2 = 1,560 ≥ 0.5 × 3,000 = 1,500: not over-provisioned.
    expect(
      analyze(
        [io1],
        ioSeries(io1.id, () => 1300),
      ),
    ).toEqual({ recommendations: [], diagnostics: [] });
  });

  it('says so when the I/O metrics are missing or not sums', () => {
    const io1 = volume({ id: 'vol-io1-blind', type: 'io1', spec: { storageGiB: 100, iops: 3000 } });
    const blind = analyze([io1]);
    expect(blind.recommendations).toEqual([]);
    expect(blind.diagnostics).toEqual([
      expect.objectContaining({ resourceId: 'vol-io1-blind', code: 'insufficient-data' }),
    ]);
    const averages = ioSeries(io1.id, () => 10).map((series) => ({
      ...series,
      statistic: 'Average' as const,
    }));
    expect(analyze([io1], averages).diagnostics.map((diagnostic) => diagnostic.code)).toEqual([
      'unsupported-metrics',
    ]);
  });
});

describe('storageRule: other volumes', () => {
  it('proposes nothing for in-use st1, sc1, standard and gp3', () => {
    const volumes = ['st1', 'sc1', 'standard', 'gp3'].map((type) =>
      volume({
        id: `vol-${type}`,
        type,
        spec: { storageGiB: 1000, iops: type === 'gp3' ? 3000 : undefined },
      }),
    );
    expect(analyze(volumes)).toEqual({ recommendations: [], diagnostics: [] });
  });

  it('reports volumes it cannot price or size', () => {
    const result = analyze([
      volume({ id: 'vol-no-size', type: 'gp2', spec: {} }),
      volume({ id: 'vol-elsewhere', type: 'gp2', region: 'eu-west-3', spec: { storageGiB: 100 } }),
    ]);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.resourceId, diagnostic.code])).toEqual([
      ['vol-no-size', 'missing-spec'],
      ['vol-elsewhere', 'no-price'],
    ]);
  });
});

describe('storageRule: calculations', () => {
  it('every step recomputes and the last one is the saving', () => {
    const io1 = volume({ id: 'vol-r-io1', type: 'io1', spec: { storageGiB: 750, iops: 12_345 } });
    const result = analyze(
      [
        volume({ id: 'vol-r-1', type: 'gp2', spec: { storageGiB: 1 } }),
        volume({ id: 'vol-r-333', type: 'gp2', spec: { storageGiB: 333 } }),
        volume({ id: 'vol-r-5334', type: 'gp2', spec: { storageGiB: 5334 } }),
        volume({ id: 'vol-r-16384', type: 'gp2', spec: { storageGiB: 16_384 } }),
        volume({
          id: 'vol-r-orphan',
          type: 'gp3',
          state: 'available',
          attachedTo: undefined,
          spec: { storageGiB: 77, iops: 4000, throughputMBps: 300 },
        }),
        io1,
      ],
      ioSeries(io1.id, (hourOfWeek) => 333.3 + (hourOfWeek % 7) * 101.7),
    );
    // 1 GiB gp2 costs 1 × 0.10 = 0.10; gp3 would cost 1 × 0.08 + (128 − 125) × 0.04 = 0.20: nothing proposed.
    expect(result.recommendations.map((draft) => draft.resourceId)).toEqual([
      'vol-r-333',
      'vol-r-5334',
      'vol-r-16384',
      'vol-r-orphan',
      'vol-r-io1',
    ]);
    for (const draft of result.recommendations) {
      for (const step of recomputeSteps(draft))
        expect(step, JSON.stringify(step)).toMatchObject({ ok: true });
      expect(draft.calculation.steps.at(-1)?.value).toBe(draft.estimatedMonthlySavings);
      expect(draft.estimatedMonthlySavings).toBeGreaterThan(0);
    }
    // 333 GiB: 33.30 − (26.64 + 5.00) = 1.66; 5,334 GiB: 533.40 − (426.72 + 65.00 + 5.00) = 36.68;
    // 16,384 GiB: 1,638.40 − (1,310.72 + 65.00 + 5.00) = 257.68; unattached gp3 77 GiB with 4,000 IOPS and
    // 300 MiB/s: 6.16 + 1,000 × 0.005 + 175 × 0.04 = 6.16 + 5.00 + 7.00 = 18.16.
    expect(result.recommendations.map((draft) => draft.estimatedMonthlySavings).slice(0, 4)).toEqual([
      1.66, 36.68, 257.68, 18.16,
    ]);
  });
});

testEngine({
  name: 'heuristic storage rule',
  engine: () => scheduleAndStorageEngine(),
  input: () => {
    const gp2 = volume({ id: 'vol-c-gp2', type: 'gp2', spec: { storageGiB: 500 } });
    const orphan = volume({
      id: 'vol-c-orphan',
      type: 'gp2',
      state: 'available',
      attachedTo: undefined,
      spec: { storageGiB: 10 },
    });
    const io1 = volume({ id: 'vol-c-io1', type: 'io1', spec: { storageGiB: 500, iops: 10_000 } });
    const excluded = volume({
      id: 'vol-c-excluded',
      type: 'gp2',
      spec: { storageGiB: 500 },
      tags: { 'finops-autopilot:exclude': 'true' },
    });
    return engineInput(
      [gp2, orphan, io1, excluded],
      ioSeries(io1.id, () => 600),
    );
  },
  expectRecommendationsFor: ['vol-c-gp2', 'vol-c-orphan', 'vol-c-io1'],
});
