import { type InputIssue, InvalidInputError } from '@finops-autopilot/core';
import type { OffhoursSchedule } from './offhours-schedule.js';
import { resolveOffhoursTimezone } from './resolve-offhours-timezone.js';

/**
 * Checks a hand-built {@link OffhoursSchedule}: integer hours 0–23, non-empty day lists of
 * integers 0–6, and a resolvable time zone. Returns the IANA name of the time zone.
 * @throws {InvalidInputError} listing every problem.
 */
export function assertOffhoursSchedule(schedule: OffhoursSchedule): string {
  const issues: InputIssue[] = [];
  if (typeof schedule !== 'object' || schedule === null) {
    throw new InvalidInputError({
      subject: 'offhours schedule',
      issues: [{ path: '', message: 'expected an object' }],
    });
  }
  for (const key of ['off', 'on'] as const) {
    const transitions = schedule[key];
    if (!Array.isArray(transitions)) {
      issues.push({ path: key, message: 'expected an array' });
      continue;
    }
    transitions.forEach((transition, index) => {
      const path = `${key}[${index}]`;
      if (!Number.isInteger(transition?.hour) || transition.hour < 0 || transition.hour > 23) {
        issues.push({ path: `${path}.hour`, message: 'expected an integer from 0 to 23' });
      }
      if (!Array.isArray(transition?.days) || transition.days.length === 0) {
        issues.push({ path: `${path}.days`, message: 'expected a non-empty array of days 0-6' });
      } else if (!transition.days.every((day) => Number.isInteger(day) && day >= 0 && day <= 6)) {
        issues.push({ path: `${path}.days`, message: 'days must be integers from 0 (Monday) to 6 (Sunday)' });
      }
    });
  }
  let timezone = '';
  try {
    timezone = resolveOffhoursTimezone(schedule.tz);
  } catch (error) {
    issues.push({
      path: 'tz',
      message: InvalidInputError.isInstance(error) ? error.message : 'unknown time zone',
    });
  }
  if (issues.length > 0) throw new InvalidInputError({ subject: 'offhours schedule', issues });
  return timezone;
}
