import { assertOffhoursSchedule } from './assert-offhours-schedule.js';
import type { OffhoursSchedule, OffhoursTransition } from './offhours-schedule.js';

/** Result of {@link offhoursToCron}. */
export interface OffhoursCron {
  /** Standard 5-field cron expressions (minute hour day-of-month month day-of-week) that stop the resource. */
  stopCron: string[];
  /** Cron expressions that start the resource. */
  startCron: string[];
  /** IANA time zone the expressions are to be evaluated in. */
  timezone: string;
}

/**
 * Converts an offhours schedule to standard 5-field cron expressions in the schedule's time
 * zone, one expression per distinct hour (ascending) at minute 0, e.g.
 * `off=[(M-F,19),(U,18)]` → `['0 18 * * 0', '0 19 * * 1-5']`.
 *
 * Day of week uses cron's numbering, 0 = Sunday … 6 = Saturday (offhours days are 0 = Monday),
 * sorted; three or more consecutive days become a range, and all seven days are `*`. Wrapping
 * ranges are split: `F-M` → `0,1,5,6`.
 *
 * Custodian's filters match any time within the hour (policies typically run hourly), so
 * minute 0 is the earliest point it would act. Evaluate the expressions in `timezone` so that
 * daylight-saving changes follow local wall-clock time.
 *
 * @throws {InvalidInputError} when the schedule is malformed or its time zone is unknown.
 */
export function offhoursToCron(schedule: OffhoursSchedule): OffhoursCron {
  const timezone = assertOffhoursSchedule(schedule);
  return { stopCron: toCron(schedule.off), startCron: toCron(schedule.on), timezone };
}

function toCron(transitions: readonly OffhoursTransition[]): string[] {
  const daysByHour = new Map<number, Set<number>>();
  for (const { days, hour } of transitions) {
    const set = daysByHour.get(hour) ?? new Set<number>();
    for (const day of days) set.add(day);
    daysByHour.set(hour, set);
  }
  return [...daysByHour.entries()]
    .sort(([a], [b]) => a - b)
    .map(([hour, days]) => `0 ${hour} * * ${cronDayOfWeek(days)}`);
}

function cronDayOfWeek(days: ReadonlySet<number>): string {
  if (days.size === 7) return '*';
  // Offhours Monday (0) … Sunday (6) → cron Sunday (0) … Saturday (6).
  const cronDays = [...days].map((day) => (day + 1) % 7).sort((a, b) => a - b);
  const parts: string[] = [];
  let index = 0;
  while (index < cronDays.length) {
    let end = index;
    while (end + 1 < cronDays.length && cronDays[end + 1] === (cronDays[end] ?? 0) + 1) end++;
    const from = cronDays[index];
    const to = cronDays[end];
    if (end - index >= 2) parts.push(`${from}-${to}`);
    else parts.push(...cronDays.slice(index, end + 1).map(String));
    index = end + 1;
  }
  return parts.join(',');
}
