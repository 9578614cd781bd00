import type { MetricSeries, RecommendationDraft, ScheduleAction } from '@finops-autopilot/core';
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
} from './test-helpers.js';

const HOUR_MS = 3_600_000;
const WEEKDAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']);

/** Office hours: Monday–Friday 08:00–19:00 (hours 8 … 18) in local time. */
function office(day: string, hour: number): boolean {
  return WEEKDAYS.has(day) && hour >= 8 && hour < 19;
}

/** Local weekday name and hour of an instant, read with Intl independently of the rule's code. */
function localTime(at: number, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  return {
    day: parts.find((part) => part.type === 'weekday')!.value,
    hour: Number(parts.find((part) => part.type === 'hour')!.value),
  };
}

/** A series every `periodSeconds` for `days` before `end`, valued by `value(atMs, index)`. */
function series(
  resourceId: string,
  value: (at: number, index: number) => number,
  options: { end?: string; days?: number; periodSeconds?: number } = {},
): MetricSeries {
  const { end = FIXTURE_NOW, days = 14, periodSeconds = 3600 } = options;
  const endMs = Math.floor(Date.parse(end) / HOUR_MS) * HOUR_MS;
  const count = (days * 86_400) / periodSeconds;
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let index = 0; index < count; index++) {
    const at = endMs - (count - index) * periodSeconds * 1000;
    timestamps.push(at);
    values.push(value(at, index));
  }
  return {
    resourceId,
    metric: 'CPUUtilization',
    unit: 'Percent',
    statistic: 'Average',
    periodSeconds,
    timestamps,
    values,
  };
}

/** Busy (35–45%) in office hours of `timeZone`, 0.5–1% otherwise. */
function officeCpu(resourceId: string, timeZone = 'UTC', options: { end?: string; days?: number } = {}) {
  return series(
    resourceId,
    (at, index) => {
      const { day, hour } = localTime(at, timeZone);
      return office(day, hour) ? 35 + (index % 11) : 0.5 + (index % 3) * 0.25;
    },
    options,
  );
}

function onlySchedule(result: { recommendations: RecommendationDraft[] }): RecommendationDraft & {
  action: ScheduleAction;
} {
  const schedules = result.recommendations.filter((draft) => draft.kind === 'schedule');
  expect(schedules).toHaveLength(1);
  return schedules[0] as RecommendationDraft & { action: ScheduleAction };
}

describe('scheduleRule', () => {
  it('stops a Mon–Fri 08–19 dev instance on weeknights and weekends (UTC)', () => {
    const instance = fixtureResource({
      id: 'i-office',
      type: 'm5.large',
      hourlyPrice: 0.096,
      tags: { env: 'dev' },
    });
    const draft = onlySchedule(analyzeScheduleAndStorage(engineInput([instance], [officeCpu(instance.id)])));

    // Idle: weeknights 19:00–08:00 and Fri 19:00–Mon 08:00. Each block keeps its last hour running
    // (start one hour early): 4 weeknights × 12 h + weekend 60 h = 108 h a week.
    expect(draft.action.stoppedHours).toHaveLength(108);
    expect(draft.action.offhours).toBe('off=[(M-F,19)];on=[(M-F,7)];tz=utc');
    expect(draft.action.stopCron).toBe('0 19 * * 1-5');
    expect(draft.action.startCron).toBe('0 7 * * 1-5');
    expect(draft.action.timezone).toBe('Etc/UTC');
    // Monday 00:00–06:00 stopped (end of the weekend), 07:00–18:00 running, 19:00 stopped.
    expect(draft.action.stoppedHours.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 19]);

    // 108 × 730 / 168 = 469.2857… → 469.29 h a month; 469.29 × 0.096 = 45.05184 → 45.05 USD.
    expect(draft.calculation.steps.map((step) => [step.expression, step.value])).toEqual([
      ['12 + 12 + 12 + 12 + 60', 108],
      ['108 × 730 / 168', 469.29],
      ['469.29 × 0.096', 45.05],
    ]);
    expect(draft.estimatedMonthlySavings).toBe(45.05);
    expect(draft.calculation.inputs['stoppedBlocks']?.value).toBe(
      'Mon 19:00–Tue 07:00 (12 h), Tue 19:00–Wed 07:00 (12 h), Wed 19:00–Thu 07:00 (12 h), ' +
        'Thu 19:00–Fri 07:00 (12 h), Fri 19:00–Mon 07:00 (60 h)',
    );
    expect(draft.calculation.inputs['weeksObserved']?.value).toBe(2);
    expect(draft.risk).toBe('low');
    // confidenceOf: history 1, coverage 1, volatility 2 × 1 / 5 = 0.4 → 0.35 + 0.40 + 0.15 + 0.10 × 0.8 = 0.98;
    // two weeks < minWeeks + 1 = 3 → 0.98 × 2 / 3 = 0.6533… → 0.65.
    expect(draft.confidence).toBe(0.65);
    expect(draft.evidence[0]).toMatchObject({
      metric: 'CPUUtilization',
      statistic: 'max in stopped hours',
      value: 1,
    });
  });

  it('writes the schedule in the configured time zone (America/New_York)', () => {
    const instance = fixtureResource({ id: 'i-nyc', type: 'm5.large', hourlyPrice: 0.096, tags: {} });
    const input = engineInput([instance], [officeCpu(instance.id, 'America/New_York')]);
    const draft = onlySchedule(
      analyzeScheduleAndStorage(input, { scheduling: { timezone: 'America/New_York' } }),
    );
    expect(draft.action.offhours).toBe('off=[(M-F,19)];on=[(M-F,7)];tz=america/new_york');
    expect(draft.action.stopCron).toBe('0 19 * * 1-5');
    expect(draft.action.startCron).toBe('0 7 * * 1-5');
    expect(draft.action.timezone).toBe('America/New_York');
    expect(draft.estimatedMonthlySavings).toBe(45.05);
    expect(draft.risk).toBe('medium'); // no env tag: neither dev/test nor production

    // The same data read in UTC: New York's 19:00 EST is 00:00 UTC the next day.
    const utc = onlySchedule(analyzeScheduleAndStorage(input));
    expect(utc.action.offhours).toBe('off=[(T-S,0)];on=[(M-F,12)];tz=utc');
    expect(utc.action.stoppedHours).toHaveLength(108);
  });

  it('accepts a Custodian alias and keeps it in the tag', () => {
    const instance = fixtureResource({ id: 'i-et', type: 'm5.large', hourlyPrice: 0.096 });
    const input = engineInput([instance], [officeCpu(instance.id, 'America/New_York')]);
    const draft = onlySchedule(analyzeScheduleAndStorage(input, { scheduling: { timezone: 'et' } }));
    expect(draft.action.offhours).toBe('off=[(M-F,19)];on=[(M-F,7)];tz=et');
    expect(draft.action.timezone).toBe('America/New_York');
  });

  it('follows local time across a daylight-saving change', () => {
    // 2026-03-01 12:00 → 2026-03-15 12:00 UTC; New York springs forward on Sunday 2026-03-08 at 02:00.
    // Sunday 02:00 local is then seen in one week only; the idle hours around it bridge it.
    const end = '2026-03-15T12:00:00.000Z';
    const instance = fixtureResource({
      id: 'i-dst',
      type: 'm5.large',
      hourlyPrice: 0.096,
      tags: { env: 'test' },
    });
    const input = {
      ...engineInput([instance], [officeCpu(instance.id, 'America/New_York', { end })]),
      now: end,
    };
    const draft = onlySchedule(
      analyzeScheduleAndStorage(input, { scheduling: { timezone: 'America/New_York' } }),
    );
    expect(draft.action.offhours).toBe('off=[(M-F,19)];on=[(M-F,7)];tz=america/new_york');
    expect(draft.action.stoppedHours).toHaveLength(108);
    expect(draft.calculation.notes?.some((note) => note.includes('clocks go forward'))).toBe(true);
  });

  it('does not schedule around a single quiet day', () => {
    // Busy around the clock (30–40%), except the first Wednesday, which is quiet all day.
    const instance = fixtureResource({ id: 'i-quiet-wednesday', type: 'm5.large', hourlyPrice: 0.096 });
    const cpu = fixtureHourlySeries({
      resourceId: instance.id,
      shape: (hourOfWeek, index) =>
        index < 168 && hourOfWeek >= 48 && hourOfWeek < 72 ? 1 : 30 + (index % 10),
    });
    const result = analyzeScheduleAndStorage(engineInput([instance], [cpu]));
    expect(result.recommendations).toEqual([]);
  });

  it('needs the idle hours in every week: one busy weekend keeps the weekend running', () => {
    // Office pattern, but on the second Saturday a job runs 10:00–16:00.
    const instance = fixtureResource({
      id: 'i-saturday-job',
      type: 'm5.large',
      hourlyPrice: 0.096,
      tags: { env: 'dev' },
    });
    const cpu = series(instance.id, (at, index) => {
      const { day, hour } = localTime(at, 'UTC');
      if (office(day, hour)) return 40;
      return index >= 168 && day === 'Sat' && hour >= 10 && hour < 16 ? 60 : 1;
    });
    const draft = onlySchedule(analyzeScheduleAndStorage(engineInput([instance], [cpu])));
    // Saturday 10:00–15:00 (hours of week 130–135) stay up, and Saturday 09:00 starts early.
    for (const hour of [129, 130, 135]) expect(draft.action.stoppedHours).not.toContain(hour);
    expect(draft.action.stoppedHours).toContain(136);
    // 4 weeknights × 12 + Fri 19:00–Sat 09:00 (14) + Sat 16:00–Mon 07:00 (39) = 101 h.
    expect(draft.action.stoppedHours).toHaveLength(101);
    expect(draft.action.offhours).toBe('off=[(M-F,19),(S,16)];on=[(M-F,7),(S,9)];tz=utc');
    expect(draft.action.stopCron).toBe('0 16 * * 6; 0 19 * * 1-5');
    expect(draft.action.startCron).toBe('0 7 * * 1-5; 0 9 * * 6');
  });

  it('reads 5-minute data by the hourly maximum: one spike keeps its hour running', () => {
    const instance = fixtureResource({
      id: 'i-5min',
      type: 'm5.large',
      hourlyPrice: 0.096,
      tags: { env: 'dev' },
    });
    const cpu = series(
      instance.id,
      (at, index) => {
        const { day, hour } = localTime(at, 'UTC');
        if (office(day, hour)) return 40;
        // One 5-minute spike to 50% on the second Sunday at 03:10.
        const minute = new Date(at).getUTCMinutes();
        return index >= 2016 && day === 'Sun' && hour === 3 && minute === 10 ? 50 : 1;
      },
      { periodSeconds: 300 },
    );
    const draft = onlySchedule(analyzeScheduleAndStorage(engineInput([instance], [cpu])));
    const sunday3 = 6 * 24 + 3;
    expect(draft.action.stoppedHours).not.toContain(sunday3);
    expect(draft.action.stoppedHours).not.toContain(sunday3 - 1); // starts an hour early
    expect(draft.action.stoppedHours).toContain(sunday3 + 1);
    expect(draft.action.offhours).toBe('off=[(M-F,19),(U,4)];on=[(M-F,7),(U,2)];tz=utc');
  });

  it('skips production unless includeProduction, then with high risk', () => {
    const instance = fixtureResource({
      id: 'i-prod',
      type: 'm5.large',
      hourlyPrice: 0.096,
      tags: { env: 'prod' },
    });
    const input = engineInput([instance], [officeCpu(instance.id)]);
    expect(analyzeScheduleAndStorage(input).recommendations).toEqual([]);
    const draft = onlySchedule(analyzeScheduleAndStorage(input, { scheduling: { includeProduction: true } }));
    expect(draft.risk).toBe('high');
  });

  it('needs minWeeks of data and says so', () => {
    const instance = fixtureResource({ id: 'i-new', type: 'm5.large', hourlyPrice: 0.096 });
    const result = analyzeScheduleAndStorage(
      engineInput([instance], [officeCpu(instance.id, 'UTC', { days: 10 })]),
    );
    expect(result.recommendations).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ resourceId: 'i-new', code: 'insufficient-data', level: 'info' }),
    ]);
  });

  it('drops short blocks and too few stopped hours', () => {
    // Idle only 01:00–05:00 every night: 4 idle hours, 3 stopped with the early start < minBlockHours 4.
    const instance = fixtureResource({ id: 'i-nightly', type: 'm5.large', hourlyPrice: 0.096 });
    const cpu = series(instance.id, (at) => {
      const hour = new Date(at).getUTCHours();
      return hour >= 1 && hour < 5 ? 1 : 30;
    });
    expect(analyzeScheduleAndStorage(engineInput([instance], [cpu])).recommendations).toEqual([]);
    // Idle on weekdays 00:00–06:00 and 20:00–24:00 only: Mon 00–06 (6 h → 5 stopped), four 20:00–06:00
    // nights (10 h → 9 stopped each), Fri 20–24 (4 h → 3, dropped): 5 + 4 × 9 = 41 h passes 24 h …
    const weeknights = series(instance.id, (at) => {
      const { day, hour } = localTime(at, 'UTC');
      return WEEKDAYS.has(day) && (hour >= 20 || hour < 6) ? 1 : 30;
    });
    const draft = onlySchedule(analyzeScheduleAndStorage(engineInput([instance], [weeknights])));
    expect(draft.action.stoppedHours).toHaveLength(41);
    // … but not a minimum of 48 h.
    expect(
      analyzeScheduleAndStorage(engineInput([instance], [weeknights]), {
        scheduling: { minStoppedHoursPerWeek: 48 },
      }).recommendations,
    ).toEqual([]);
  });

  it('reports an instance idle all week instead of scheduling it', () => {
    const instance = fixtureResource({ id: 'i-flat', type: 'm5.large', hourlyPrice: 0.096 });
    const cpu = fixtureHourlySeries({ resourceId: instance.id, shape: () => 3 });
    const result = analyzeScheduleAndStorage(engineInput([instance], [cpu]));
    expect(result.recommendations).toEqual([]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['always-idle']);
  });

  it('names attached volumes still billed while stopped, without subtracting them', () => {
    const instance = fixtureResource({
      id: 'i-with-disks',
      type: 'm5.large',
      hourlyPrice: 0.096,
      tags: { env: 'dev' },
    });
    const root = fixtureResource({
      id: 'vol-root',
      service: 'ebs',
      kind: 'block-volume',
      type: 'gp3',
      state: 'in-use',
      attachedTo: instance.id,
      spec: { storageGiB: 100, iops: 3000, throughputMBps: 125 },
      hourlyPrice: undefined,
    });
    const data = fixtureResource({
      id: 'vol-data',
      service: 'ebs',
      kind: 'block-volume',
      type: 'io1',
      state: 'in-use',
      attachedTo: instance.id,
      spec: { storageGiB: 200, iops: 1000 },
      hourlyPrice: undefined,
    });
    const input = { ...engineInput([instance], [officeCpu(instance.id)]), inventory: [instance, root, data] };
    const draft = onlySchedule(analyzeScheduleAndStorage(input));
    expect(draft.estimatedMonthlySavings).toBe(45.05);
    // gp3: 100 × 0.08 = 8.00 (3,000 IOPS and 125 MiB/s included); io1: 200 × 0.125 + 1000 × 0.065 = 25 + 65 = 90.00.
    expect(draft.calculation.notes).toContain(
      'Attached storage is billed while stopped and is not part of the saving: vol-root (gp3, 100 GiB) 8.00; ' +
        'vol-data (io1, 200 GiB) 90.00 — 98.00 USD/month.',
    );
  });

  it('schedules RDS from the catalog price when the resource has none', () => {
    const database = fixtureResource({
      id: 'db-reports',
      service: 'rds',
      kind: 'database-instance',
      type: 'db.m5.large',
      hourlyPrice: undefined,
      tags: { env: 'qa' },
    });
    const draft = onlySchedule(analyzeScheduleAndStorage(engineInput([database], [officeCpu(database.id)])));
    // 469.29 × 0.178 = 83.53362 → 83.53 USD/month.
    expect(draft.calculation.steps.at(-1)).toMatchObject({ expression: '469.29 × 0.178', value: 83.53 });
    expect(draft.calculation.inputs['hourlyPrice']?.source).toContain('snapshot 2026-07-20');
    expect(draft.calculation.notes?.some((note) => note.includes('after 7 days'))).toBe(true);
  });

  it('states numbers that recompute from their steps', () => {
    const instances = [0.096, 0.192, 0.384].map((price, index) =>
      fixtureResource({
        id: `i-recompute-${index}`,
        type: ['m5.large', 'm5.xlarge', 'm5.2xlarge'][index],
        hourlyPrice: price,
      }),
    );
    const result = analyzeScheduleAndStorage(
      engineInput(
        instances,
        instances.map((instance) => officeCpu(instance.id)),
      ),
    );
    expect(result.recommendations).toHaveLength(3);
    for (const draft of result.recommendations) {
      for (const step of recomputeSteps(draft))
        expect(step, JSON.stringify(step)).toMatchObject({ ok: true });
      const last = draft.calculation.steps.at(-1)!;
      expect(last.value).toBe(draft.estimatedMonthlySavings);
      expect(draft.calculation.result.value).toBe(draft.estimatedMonthlySavings);
    }
    // 469.29 × 0.192 = 90.10368 → 90.10; 469.29 × 0.384 = 180.20736 → 180.21.
    expect(result.recommendations.map((draft) => draft.estimatedMonthlySavings)).toEqual([
      45.05, 90.1, 180.21,
    ]);
  });
});

testEngine({
  name: 'heuristic scheduling rule',
  engine: () => scheduleAndStorageEngine(),
  input: () => {
    const office1 = fixtureResource({ id: 'i-contract-office', type: 'm5.large', hourlyPrice: 0.096 });
    const busy = fixtureResource({ id: 'i-contract-busy', type: 'm5.xlarge', hourlyPrice: 0.192 });
    const excluded = fixtureResource({
      id: 'i-contract-excluded',
      type: 'm5.large',
      hourlyPrice: 0.096,
      tags: { env: 'dev', 'finops-autopilot:exclude': 'true' },
    });
    return engineInput(
      [office1, busy, excluded],
      [
        officeCpu(office1.id),
        fixtureHourlySeries({ resourceId: busy.id, shape: () => 60 }),
        officeCpu(excluded.id),
      ],
    );
  },
  expectRecommendationsFor: ['i-contract-office'],
});
