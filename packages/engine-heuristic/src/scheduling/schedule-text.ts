import { HOURS_PER_MONTH } from '@finops-autopilot/core';
import { formatOffhours } from '../schedule/format-offhours.js';
import { offhoursFromStoppedHours } from '../schedule/offhours-from-stopped-hours.js';
import { offhoursToCron } from '../schedule/offhours-to-cron.js';
import { resolveOffhoursTimezone } from '../schedule/resolve-offhours-timezone.js';
import { round } from '../shared/stats.js';
import { HOURS_PER_WEEK } from './hour-of-week-profile.js';
import { blockLabel, type StoppedPlan } from './stopped-blocks.js';

/** Separator between cron expressions in the action's single `stopCron` / `startCron` strings. */
export const CRON_SEPARATOR = '; ';

/**
 * Longest offhours tag value written into the action: AWS tag values hold at
 * most 256 characters, so a longer schedule is given as cron only.
 */
export const OFFHOURS_TAG_MAX_LENGTH = 256;

/**
 * Time zone the offhours functions are run in. They use the zone only to check
 * it and to copy it into the tag (`tz=`) and the cron result (`timezone`); the
 * hours are local either way. Checking an IANA name builds an `Intl` formatter on
 * every call (three per schedule), so they run with this alias, which resolves by
 * table look-up, and the configured zone — checked once — is written in.
 */
const COMPUTE_TZ = 'utc';
const COMPUTE_TAG_SUFFIX = `;tz=${COMPUTE_TZ}`;

const zones = new Map<string, string>();

/**
 * {@link resolveOffhoursTimezone}, remembered per value.
 * @throws {InvalidInputError} when the value is neither a Custodian alias nor an IANA zone.
 */
export function resolveZone(tz: string): string {
  let zone = zones.get(tz);
  if (zone === undefined) {
    zone = resolveOffhoursTimezone(tz);
    zones.set(tz, zone);
  }
  return zone;
}

/** A schedule written out: everything that depends only on its blocks and time zone. */
export interface ScheduleText {
  /** Cron expressions joined with {@link CRON_SEPARATOR}. */
  stopCron: string;
  startCron: string;
  /** IANA zone the cron expressions are evaluated in. */
  timezone: string;
  /** The Cloud Custodian offhours tag, unless longer than {@link OFFHOURS_TAG_MAX_LENGTH}. */
  offhours: string | undefined;
  /** `Mon 19:00–Tue 07:00 (12 h), …` */
  blocks: string;
  /** `12 + 12 + …`, the stopped hours per week by block. */
  hoursExpression: string;
  /** `108 × 730 / 168` */
  perMonthExpression: string;
  /** Its value, rounded to 2 decimals. */
  perMonth: number;
  stoppedNote: string;
  bridgedNote: string | undefined;
  cronNote: string;
  summary: string;
}

/** Distinct schedules remembered. Office-hour patterns repeat across a fleet and across cycles. */
const TEXT_CACHE_SIZE = 16_384;
const texts = new Map<string, ScheduleText | undefined>();

/**
 * The cron expressions, offhours tag and wording of a plan in time zone `tz`
 * (alias or IANA name), remembered by (zone, blocks, bridged hours).
 * `undefined` when the plan stops no hour or every hour.
 * @throws {InvalidInputError} when `tz` is neither a Custodian alias nor an IANA zone.
 */
export function describeSchedule(plan: StoppedPlan, tz: string): ScheduleText | undefined {
  let key = tz;
  for (const block of plan.blocks) key += `|${block.start}+${block.hours}`;
  if (plan.bridgedHours.length > 0) key += `|b${plan.bridgedHours.length}`;
  if (texts.has(key)) return texts.get(key);

  const timezone = resolveZone(tz);
  const schedule = offhoursFromStoppedHours(plan.stoppedHours, COMPUTE_TZ);
  let text: ScheduleText | undefined;
  if (schedule) {
    const computed = formatOffhours(schedule);
    const tag = `${computed.slice(0, computed.length - COMPUTE_TAG_SUFFIX.length)};tz=${tz.toLowerCase()}`;
    const offhours = tag.length <= OFFHOURS_TAG_MAX_LENGTH ? tag : undefined;
    const cron = offhoursToCron(schedule);
    const blocks = plan.blocks.map(blockLabel).join(', ');
    const stopped = plan.stoppedHours.length;
    text = {
      stopCron: cron.stopCron.join(CRON_SEPARATOR),
      startCron: cron.startCron.join(CRON_SEPARATOR),
      timezone,
      offhours,
      blocks,
      hoursExpression: plan.blocks.map((block) => String(block.hours)).join(' + '),
      perMonthExpression: `${stopped} × ${HOURS_PER_MONTH} / ${HOURS_PER_WEEK}`,
      perMonth: round((stopped * HOURS_PER_MONTH) / HOURS_PER_WEEK),
      stoppedNote: `Stopped ${blocks} (${timezone}).`,
      bridgedNote:
        plan.bridgedHours.length > 0
          ? `${plan.bridgedHours.length} hour(s) with too few observations (e.g. the hour skipped when clocks go ` +
            'forward) are stopped because the hours on both sides are idle.'
          : undefined,
      cronNote:
        'stopCron/startCron hold one cron expression per distinct hour, separated by ' +
        `"${CRON_SEPARATOR.trim()}", evaluated in ${timezone}.`,
      summary: `Stopped ${blocks}, ${timezone}${offhours ? `; offhours tag ${offhours}` : ''}.`,
    };
  }
  if (texts.size >= TEXT_CACHE_SIZE) texts.clear();
  texts.set(key, text);
  return text;
}
