import { HOURS_PER_MONTH, type Resource, type Risk, type ScheduleAction } from '@finops-autopilot/core';
import { flat } from '../rightsize/text.js';
import { CalculationBuilder } from '../shared/calculation-builder.js';
import { CONFIDENCE_FORMULA, confidenceOf } from '../shared/confidence.js';
import { currencyUnit } from '../shared/currency-unit.js';
import { type DraftFields, evidenceWindow } from '../shared/draft-fields.js';
import { draftBase, type Rule, type RuleContext, type RuleOutput } from '../shared/resource-context.js';
import { round } from '../shared/stats.js';
import { volumeMonthlyCost } from '../storage/ebs-cost.js';
import { buildHourOfWeekProfile, HOURS_PER_WEEK, hasQuietPoints } from './hour-of-week-profile.js';
import { CRON_SEPARATOR, describeSchedule, OFFHOURS_TAG_MAX_LENGTH, resolveZone } from './schedule-text.js';
import { planStoppedBlocks, START_LEAD_HOURS } from './stopped-blocks.js';
import { zoneOffsetTable } from './zone-offsets.js';

/**
 * Hours of the week (of 168) that must each be observed in `minWeeks` weeks
 * before any schedule is proposed: a weekly pattern needs whole weeks. Eight
 * hours short is tolerated (a window starting mid-hour, the hour skipped when
 * clocks go forward, a short outage); those hours are kept running unless idle
 * hours surround them.
 */
export const MIN_COVERED_HOURS_OF_WEEK = 160;

/** Tag keys (case-insensitive) whose values mark a development or test resource. */
export const DEV_TEST_TAG_KEYS: readonly string[] = ['env', 'environment', 'stage'];
/** Tag values (case-insensitive) that mark a development or test resource: stopping it at night is low risk. */
export const DEV_TEST_TAG_VALUES: readonly string[] = [
  'dev',
  'development',
  'test',
  'testing',
  'qa',
  'sandbox',
];

/**
 * Stop/start scheduling for running EC2 and RDS instances.
 *
 * CPU is folded onto the 168 hours of the week in `scheduling.timezone` (hourly
 * maxima, one pass over the series). An hour is idle when CPU stayed at or under
 * `idleCpuPercent` in that hour of every week observed, and was observed in at
 * least `minWeeks` weeks — weekly seasonality: one quiet Wednesday is never
 * enough, a weekday-busy / weekend-idle pattern is. Idle hours merge into blocks
 * (wrapping Sunday → Monday); each block starts the resource one hour early
 * ({@link START_LEAD_HOURS}); blocks under `minBlockHours` are dropped; at least
 * `minStoppedHoursPerWeek` must remain. Nothing is proposed until
 * {@link MIN_COVERED_HOURS_OF_WEEK} hours of the week have `minWeeks` weeks of
 * data (a diagnostic says so), nor for an instance idle in every hour (a
 * diagnostic points to stopping it instead). Series that never go quiet are
 * dismissed by a cheap scan before the profile is built.
 *
 * The action carries the schedule three ways: the stopped hours, cron
 * expressions in the IANA zone (several are joined with {@link CRON_SEPARATOR},
 * since the action holds one string each) and a Cloud Custodian offhours tag.
 *
 * Savings = stopped hours per week × 730 / 168 × hourly price (the resource's own
 * `hourlyPrice`, else the catalog's on-demand price). Attached volumes are billed
 * while stopped; they are named in the notes, not subtracted.
 *
 * Risk: production only with `includeProduction`, then high; dev/test-tagged low;
 * anything else medium. Confidence: {@link confidenceOf} with volatility taken as
 * how close the stopped hours come to the threshold (2 × peak ÷ threshold), then
 * scaled by `weeks ÷ (minWeeks + 1)` when fewer than `minWeeks + 1` weeks back
 * each stopped hour: a pattern seen twice may be chance.
 *
 * @throws {InvalidInputError} when `scheduling.timezone` is neither a Custodian alias nor an IANA zone.
 */
export const scheduleRule: Rule = (context, output) => {
  const { resource, options } = context;
  const scheduling = options.scheduling;
  if (context.isProduction && !scheduling.includeProduction) return;
  const cpu = context.metrics.get('CPUUtilization');
  if (!cpu) return;
  if (cpu.series.periodSeconds > 3600) {
    diagnose(
      output,
      resource.id,
      'unsupported-metrics',
      `CPUUtilization every ${cpu.series.periodSeconds} s; scheduling needs hourly or finer data`,
    );
    return;
  }
  // Every stopped hour that is not bridged (at least half of them) was quiet in minWeeks weeks.
  const quietNeeded = Math.ceil(scheduling.minStoppedHoursPerWeek / 2) * scheduling.minWeeks;
  if (!hasQuietPoints(cpu, scheduling.idleCpuPercent, quietNeeded)) return;
  const timeZone = resolveZone(scheduling.timezone);
  const zone = zoneOffsetTable(timeZone, context.windowStart, context.now + 1);
  const profile = buildHourOfWeekProfile(cpu, zone);
  let covered = 0;
  const { slotCount } = profile;
  for (let slot = 0; slot < HOURS_PER_WEEK; slot++) if (slotCount[slot]! >= scheduling.minWeeks) covered += 1;
  if (covered < MIN_COVERED_HOURS_OF_WEEK) {
    diagnose(
      output,
      resource.id,
      'insufficient-data',
      `scheduling needs ${MIN_COVERED_HOURS_OF_WEEK} of the 168 hours of the week observed in ${scheduling.minWeeks} ` +
        `weeks each; ${covered} are (${round(profile.hoursObserved / HOURS_PER_WEEK, 1)} weeks of CPUUtilization)`,
    );
    return;
  }
  const plan = planStoppedBlocks(profile, scheduling);
  if (plan.alwaysIdle) {
    diagnose(
      output,
      resource.id,
      'always-idle',
      `CPU at or under ${scheduling.idleCpuPercent}% in every hour of the week: a schedule cannot express ` +
        'always-off; the resource is a candidate for stopping or downsizing instead',
    );
    return;
  }
  const stoppedPerWeek = plan.stoppedHours.length;
  if (stoppedPerWeek === 0 || stoppedPerWeek < scheduling.minStoppedHoursPerWeek) return;

  const price = hourlyPrice(context);
  if (!price) {
    diagnose(
      output,
      resource.id,
      'no-price',
      `no hourly price for ${resource.service} ${resource.type} in ${resource.region}`,
      'warning',
    );
    return;
  }
  const text = describeSchedule(plan, scheduling.timezone);
  if (!text) return;
  const money = currencyUnit(resource.currency, '/month');
  const weeks = plan.minWeeksObserved;

  const calc = new CalculationBuilder(SCHEDULE_METHOD, SCHEDULE_FORMULA)
    .constant('weeksObserved', weeks, 'weeks', 'fewest weeks any stopped hour of the week was observed in')
    .constant('hoursOfData', round(cpu.hours, 1), 'h', 'CPUUtilization in the lookback window')
    .constant('idleCpuPercent', scheduling.idleCpuPercent, '%', 'engine option scheduling.idleCpuPercent')
    .constant('timezone', text.timezone)
    .constant('stoppedBlocks', text.blocks, undefined, 'stop time–start time, local')
    .constant('stoppedHoursPerWeek', stoppedPerWeek, 'h')
    .constant('hourlyPrice', price.value, currencyUnit(resource.currency, '/h'), price.source)
    .constant('hoursPerMonth', HOURS_PER_MONTH, 'h', '8,760 h ÷ 12, as AWS bills')
    .constant('hoursPerWeek', HOURS_PER_WEEK, 'h');
  calc.step('stopped hours per week', text.hoursExpression, stoppedPerWeek, 'h');
  const perMonth = calc.step('stopped hours per month', text.perMonthExpression, text.perMonth, 'h');
  const savings = calc.step(
    'monthly savings',
    flat`${perMonth} × ${price.value}`,
    round(perMonth * price.value),
    money,
  );
  if (!(savings > 0)) return;

  const peak = round(plan.peakInStopped, 2);
  const base = confidenceOf({
    history: cpu.hours / (options.lookbackDays * 24),
    coverage: cpu.coverage,
    volatility: scheduling.idleCpuPercent > 0 ? (2 * Math.max(0, peak)) / scheduling.idleCpuPercent : 0,
  });
  const enoughWeeks = scheduling.minWeeks + 1;
  const confidence = weeks < enoughWeeks ? round((base * weeks) / enoughWeeks, 2) : base;

  calc.note(
    flat`${text.stoppedNote} CPU peaked at ${peak}% in those hours, at or under the ${scheduling.idleCpuPercent}% threshold in every week.`,
  );
  calc.note(LEAD_NOTE);
  if (text.bridgedNote) calc.note(text.bridgedNote);
  calc.note(CONFIDENCE_NOTE);
  if (weeks < enoughWeeks) {
    calc.note(
      flat`Only ${weeks} week(s) back each stopped hour: confidence ${base} is scaled by ${weeks} ÷ ${enoughWeeks} to ${confidence}; a pattern seen ${weeks === 1 ? 'once' : 'twice'} may be chance.`,
    );
  }
  const storage = attachedStorage(context);
  if (storage) calc.note(storage);
  calc.note(resource.kind === 'database-instance' ? DATABASE_NOTE : INSTANCE_NOTE);
  calc.note(ON_DEMAND_NOTE);
  calc.note(text.cronNote);
  if (!text.offhours) calc.note(TAG_TOO_LONG_NOTE);

  const action: ScheduleAction =
    text.offhours === undefined
      ? {
          type: 'schedule',
          stopCron: text.stopCron,
          startCron: text.startCron,
          timezone: text.timezone,
          stoppedHours: plan.stoppedHours,
        }
      : {
          type: 'schedule',
          stopCron: text.stopCron,
          startCron: text.startCron,
          timezone: text.timezone,
          offhours: text.offhours,
          stoppedHours: plan.stoppedHours,
        };
  const fields: DraftFields = {
    kind: 'schedule',
    action,
    title: flat`Stop ${resource.name ?? resource.id} outside its busy hours (${stoppedPerWeek} of 168 h a week)`,
    summary: text.summary,
    estimatedMonthlySavings: savings,
    confidence,
    risk: scheduleRisk(resource, context.isProduction),
    calculation: calc.build(),
    evidence: [
      {
        metric: 'CPUUtilization',
        statistic: 'max in stopped hours',
        value: peak,
        unit: 'Percent',
        window: evidenceWindow(context.windowStart, context.now),
      },
    ],
  };
  // Object.assign rather than a spread: see `shared/draft-fields.ts`.
  output.recommendations.push(Object.assign(draftBase(context), fields));
};

const SCHEDULE_METHOD = 'schedule.weekly-offhours@1';
const SCHEDULE_FORMULA = 'savings = stoppedHoursPerWeek × 730 / 168 × hourlyPrice';
const LEAD_NOTE =
  `Each block ends ${START_LEAD_HOURS} h before work resumes: the resource starts early, since Custodian acts ` +
  'any time within its hour and booting takes minutes.';
const CONFIDENCE_NOTE =
  `${CONFIDENCE_FORMULA}; volatility here = 2 × peak CPU in stopped hours ÷ threshold, so hours close to ` +
  'the threshold lower it.';
const DATABASE_NOTE =
  'A stopped DB instance still bills storage and backups, and AWS restarts it by itself after 7 days stopped.';
const INSTANCE_NOTE =
  'Stopping loses instance-store data, and a public IPv4 address without an Elastic IP changes.';
const ON_DEMAND_NOTE =
  'Priced on demand: hours covered by a Reserved Instance or Savings Plan save nothing when stopped.';
const TAG_TOO_LONG_NOTE = `The offhours tag would exceed ${OFFHOURS_TAG_MAX_LENGTH} characters; use the cron expressions.`;

/** High for production (only scheduled with `includeProduction`), low for dev/test tags, medium otherwise. */
export function scheduleRisk(resource: Resource, isProduction: boolean): Risk {
  if (isProduction) return 'high';
  for (const [key, value] of Object.entries(resource.tags)) {
    if (DEV_TEST_TAG_KEYS.includes(key.toLowerCase()) && DEV_TEST_TAG_VALUES.includes(value.toLowerCase())) {
      return 'low';
    }
  }
  return 'medium';
}

function hourlyPrice(context: RuleContext): { value: number; source: string } | undefined {
  const { resource, prices } = context;
  if (resource.hourlyPrice !== undefined && resource.hourlyPrice > 0) {
    return { value: resource.hourlyPrice, source: 'resource hourlyPrice (provider, as configured)' };
  }
  const entry = prices.find({ service: resource.service, region: resource.region, type: resource.type });
  if (entry && entry.unit === 'hour' && entry.price > 0) {
    return {
      value: entry.price,
      source: `${entry.provider} prices ${entry.service} ${entry.region} ${entry.type}, snapshot ${prices.snapshotDate}`,
    };
  }
  return undefined;
}

/** A note naming the attached volumes and what they cost while the resource is stopped. */
function attachedStorage(context: RuleContext): string | undefined {
  if (context.attached.length === 0) return undefined;
  let total = 0;
  let unknown = 0;
  const parts = context.attached.map((volume) => {
    const size = volume.spec.storageGiB;
    const entry =
      size !== undefined && size > 0
        ? context.prices.find({ service: 'ebs', region: volume.region, type: volume.type })
        : undefined;
    let cost: number | undefined;
    if (entry && size !== undefined) {
      cost = volumeMonthlyCost(entry, {
        sizeGiB: size,
        iops: volume.spec.iops,
        throughputMBps: volume.spec.throughputMBps,
      });
    } else if (volume.hourlyPrice !== undefined) {
      cost = round(volume.hourlyPrice * HOURS_PER_MONTH);
    }
    if (cost === undefined) {
      unknown += 1;
      return `${volume.id} (${volume.type}${size ? `, ${size} GiB` : ''}) price unknown`;
    }
    total += cost;
    return `${volume.id} (${volume.type}${size ? `, ${size} GiB` : ''}) ${cost.toFixed(2)}`;
  });
  return (
    `Attached storage is billed while stopped and is not part of the saving: ${parts.join('; ')} ` +
    `— ${round(total).toFixed(2)} ${context.resource.currency}/month${unknown > 0 ? ' plus the unpriced volumes' : ''}.`
  );
}

function diagnose(
  output: RuleOutput,
  resourceId: string,
  code: string,
  message: string,
  level: 'info' | 'warning' = 'info',
): void {
  output.diagnostics.push({ resourceId, level, code, message });
}
