import { InvalidInputError } from '@finops-autopilot/core';
import { dayRuns, expandDayRun } from './day-runs.js';
import type { OffhoursSchedule, OffhoursTransition } from './offhours-schedule.js';
import { resolveOffhoursTimezone } from './resolve-offhours-timezone.js';

const HOURS_PER_WEEK = 168;

/**
 * The offhours schedule that keeps a resource stopped during exactly the given hours of the
 * week: an `off` transition at every stopped hour that follows a running one and an `on`
 * transition at every running hour that follows a stopped one (Sunday 23:00 is followed by
 * Monday 00:00). Transitions at the same hour are grouped into day ranges, e.g. stopping
 * 19:00–07:00 on weeknights plus the weekend gives `off=[(M-F,19)];on=[(M-F,7)]`.
 *
 * Custodian acts on transitions only, so the result describes the steady state: a resource
 * started by hand during off hours stays up until the next `off` transition.
 *
 * @param stoppedHours Hours of the week in the schedule's local time, 0 = Monday 00:00 …
 *   167 = Sunday 23:00. Order and duplicates do not matter.
 * @param tz Custodian alias or IANA name; kept lower-cased in the result.
 * @returns The schedule, with transitions ordered by first day and then hour; `undefined` when
 *   there is no transition to express: no hour stopped, or every hour stopped (an offhours
 *   tag cannot say "always off").
 * @throws {InvalidInputError} when an hour is not an integer 0–167 or the time zone is unknown.
 */
export function offhoursFromStoppedHours(
  stoppedHours: readonly number[],
  tz: string,
): OffhoursSchedule | undefined {
  const bad = stoppedHours.findIndex((hour) => !Number.isInteger(hour) || hour < 0 || hour >= HOURS_PER_WEEK);
  if (bad !== -1) {
    throw new InvalidInputError({
      subject: 'stopped hours',
      issues: [
        { path: `[${bad}]`, message: `expected an hour of the week from 0 to 167, got ${stoppedHours[bad]}` },
      ],
    });
  }
  resolveOffhoursTimezone(tz);
  const stopped = new Set(stoppedHours);
  if (stopped.size === 0 || stopped.size === HOURS_PER_WEEK) return undefined;

  const offDays = new Map<number, number[]>();
  const onDays = new Map<number, number[]>();
  for (let hourOfWeek = 0; hourOfWeek < HOURS_PER_WEEK; hourOfWeek++) {
    const isStopped = stopped.has(hourOfWeek);
    const wasStopped = stopped.has((hourOfWeek + HOURS_PER_WEEK - 1) % HOURS_PER_WEEK);
    if (isStopped === wasStopped) continue;
    const byHour = isStopped ? offDays : onDays;
    const hour = hourOfWeek % 24;
    byHour.set(hour, [...(byHour.get(hour) ?? []), Math.floor(hourOfWeek / 24)]);
  }
  return { off: toTransitions(offDays), on: toTransitions(onDays), tz: tz.toLowerCase() };
}

function toTransitions(daysByHour: ReadonlyMap<number, number[]>): OffhoursTransition[] {
  const ordered: { start: number; transition: OffhoursTransition }[] = [];
  for (const [hour, days] of daysByHour) {
    for (const run of dayRuns(days))
      ordered.push({ start: run.start, transition: { days: expandDayRun(run), hour } });
  }
  ordered.sort((a, b) => a.start - b.start || a.transition.hour - b.transition.hour);
  return ordered.map(({ transition }) => transition);
}
