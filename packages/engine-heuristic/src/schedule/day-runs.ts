/** Custodian's day letters (`ScheduleParser.DAY_MAP`), indexed by day: 0 = Monday (`m`) … 6 = Sunday (`u`). */
export const OFFHOURS_DAY_LETTERS = ['m', 't', 'w', 'h', 'f', 's', 'u'] as const;

/** A run of consecutive days, possibly wrapping past Sunday: `start` 4, `end` 0 is Friday–Monday. */
export interface DayRun {
  start: number;
  end: number;
}

/** The days of a run, ascending: `{ start: 4, end: 0 }` → `[0, 4, 5, 6]`. */
export function expandDayRun({ start, end }: DayRun): number[] {
  const days: number[] = [];
  for (let day = start; ; day = (day + 1) % 7) {
    days.push(day);
    if (day === end) break;
  }
  return days.sort((a, b) => a - b);
}

/**
 * Splits a set of days (0 = Monday … 6 = Sunday) into maximal runs of consecutive days, where
 * Sunday is followed by Monday. The whole week is the single run Monday–Sunday. Runs are
 * ordered by their first day.
 */
export function dayRuns(days: readonly number[]): DayRun[] {
  const present = new Set(days);
  if (present.size === 0) return [];
  if (present.size === 7) return [{ start: 0, end: 6 }];
  const runs: DayRun[] = [];
  for (let start = 0; start < 7; start++) {
    if (!present.has(start) || present.has((start + 6) % 7)) continue;
    let end = start;
    while (present.has((end + 1) % 7)) end = (end + 1) % 7;
    runs.push({ start, end });
  }
  return runs;
}
