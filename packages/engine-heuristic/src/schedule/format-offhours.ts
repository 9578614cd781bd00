import { assertOffhoursSchedule } from './assert-offhours-schedule.js';
import { dayRuns, OFFHOURS_DAY_LETTERS } from './day-runs.js';
import type { OffhoursSchedule, OffhoursTransition } from './offhours-schedule.js';

/**
 * Formats a schedule as a canonical Cloud Custodian offhours tag value, e.g.
 * `off=[(M-F,19),(U,18)];on=[(M-F,7)];tz=et`.
 *
 * - Keys in the order `off`, `on`, `tz`; tuples always in `[...]`, in schedule order.
 * - Day letters upper-case, consecutive days as a range (`M-F`, and wrapping ranges such as
 *   `F-M`); the whole week is `M-U`. Custodian cannot list days inside one tuple, so days
 *   that are not consecutive become one tuple each run: days `[0, 2, 4]` at 19 →
 *   `(M,19),(W,19),(F,19)`.
 * - An empty `off` or `on` list is written `off=disabled` / `on=disabled`, because leaving
 *   the key out makes Custodian's filter fall back to the policy's default hour. (Custodian
 *   releases that predate `disabled` reject such a tag.)
 * - The time zone is written lower-case, as Custodian reads it.
 *
 * `parseOffhours(formatOffhours(s))` deep-equals `s` for every schedule `parseOffhours`
 * returns; for other valid schedules it describes the same transitions, with days sorted and
 * split into runs as above and `tz` lower-cased.
 *
 * @throws {InvalidInputError} when the schedule is malformed or its time zone is unknown.
 */
export function formatOffhours(schedule: OffhoursSchedule): string {
  assertOffhoursSchedule(schedule);
  return [
    `off=${formatTransitions(schedule.off)}`,
    `on=${formatTransitions(schedule.on)}`,
    `tz=${schedule.tz.toLowerCase()}`,
  ].join(';');
}

function formatTransitions(transitions: readonly OffhoursTransition[]): string {
  if (transitions.length === 0) return 'disabled';
  const tuples = transitions.flatMap(({ days, hour }) =>
    dayRuns(days).map(({ start, end }) => `(${dayRange(start, end)},${hour})`),
  );
  return `[${tuples.join(',')}]`;
}

function dayRange(start: number, end: number): string {
  const first = (OFFHOURS_DAY_LETTERS[start] ?? '').toUpperCase();
  if (start === end) return first;
  return `${first}-${(OFFHOURS_DAY_LETTERS[end] ?? '').toUpperCase()}`;
}
