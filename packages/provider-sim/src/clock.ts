/**
 * The simulation's clock: starts at a given instant and runs `timeScale` times
 * faster than the wall clock; `advance` moves it forward by hand.
 */
export interface SimClock {
  /** Simulated now in epoch milliseconds. */
  now(): number;
  /** Moves the simulated clock forward by `ms` milliseconds. */
  advance(ms: number): void;
}

/**
 * Creates a clock starting at `startMs`.
 * @param wallClock source of real time (epoch ms); injectable for tests.
 */
export function createSimClock(options: {
  startMs: number;
  timeScale: number;
  wallClock?: () => number;
}): SimClock {
  const { startMs, timeScale, wallClock = Date.now } = options;
  if (!Number.isFinite(timeScale) || timeScale < 0) {
    throw new RangeError(`timeScale must be a finite number >= 0, got ${timeScale}`);
  }
  const realStart = wallClock();
  let advanced = 0;
  let last = startMs;
  return {
    now() {
      const value = startMs + advanced + Math.floor((wallClock() - realStart) * timeScale);
      // Never run backwards, even if the wall clock does.
      last = Math.max(last, value);
      return last;
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`advance(ms) needs a finite ms >= 0, got ${ms}`);
      advanced += ms;
    },
  };
}

/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;
/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Hour of the week (0 = Monday 00:00) of an instant in an IANA time zone.
 * @throws {RangeError} when the time zone is unknown.
 */
export function hourOfWeek(ms: number, timeZone = 'UTC'): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') {
    const date = new Date(ms);
    return ((date.getUTCDay() + 6) % 7) * 24 + date.getUTCHours();
  }
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  let weekday = 0;
  let hour = 0;
  for (const part of formatter.formatToParts(ms)) {
    if (part.type === 'weekday') weekday = WEEKDAYS.indexOf(part.value);
    if (part.type === 'hour') hour = Number(part.value) % 24;
  }
  return weekday * 24 + hour;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
