/**
 * UTC offsets of an IANA time zone over a window, looked up per UTC hour so that
 * mapping hundreds of thousands of series to local time costs one array read per
 * point instead of one `Intl` call.
 */

const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Local wall-clock time minus UTC, in milliseconds, at `epochMs` in `timeZone`
 * (e.g. −18,000,000 for New York in winter). Uses `Intl`, so daylight-saving
 * rules are the runtime's.
 */
export function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const local = Date.UTC(
    fields['year'] ?? 1970,
    (fields['month'] ?? 1) - 1,
    fields['day'] ?? 1,
    fields['hour'] ?? 0,
    fields['minute'] ?? 0,
    fields['second'] ?? 0,
  );
  const wholeSeconds = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return local - wholeSeconds;
}

/** Offsets of one zone for every UTC hour of a window. */
export interface ZoneOffsetTable {
  timeZone: string;
  /** `floor(epochMs / 1 h)` of the first hour covered. */
  firstHour: number;
  /** Offset in ms at the start of each covered UTC hour. */
  offsets: Int32Array;
  /** The offset when it is the same over the whole window (no daylight-saving change), else `undefined`. */
  constantOffset: number | undefined;
}

/** The last few tables built; every resource of one analysis shares one window. */
const recent: ZoneOffsetTable[] = [];
const RECENT_TABLES = 4;

/**
 * The offset table of `timeZone` covering `[fromMs, toMs)`. Cached: an analysis
 * calls this once per resource with the same window, and only the first call
 * pays for the `Intl` look-ups (one per hour of the window).
 *
 * An offset is taken at the start of each UTC hour. Zones whose transitions fall
 * inside a UTC hour (a few half-hour-offset zones) are off by up to that partial
 * hour for points inside it; hourly data is unaffected.
 */
export function zoneOffsetTable(timeZone: string, fromMs: number, toMs: number): ZoneOffsetTable {
  const firstHour = Math.floor(fromMs / HOUR_MS);
  const hours = Math.max(1, Math.ceil(toMs / HOUR_MS) - firstHour);
  for (const table of recent) {
    if (table.timeZone === timeZone && table.firstHour <= firstHour) {
      if (table.firstHour + table.offsets.length >= firstHour + hours) return table;
    }
  }
  const offsets = new Int32Array(hours);
  // Offsets change a few times a year: sample every 6 hours and fill in between
  // when both ends agree; look at every hour only around a change.
  const STRIDE = 6;
  let previous = zoneOffsetMs(timeZone, firstHour * HOUR_MS);
  offsets[0] = previous;
  for (let start = 0; start < hours - 1; start += STRIDE) {
    const end = Math.min(hours - 1, start + STRIDE);
    const atEnd = zoneOffsetMs(timeZone, (firstHour + end) * HOUR_MS);
    if (atEnd === previous) {
      offsets.fill(previous, start + 1, end + 1);
    } else {
      for (let hour = start + 1; hour <= end; hour++) {
        offsets[hour] = hour === end ? atEnd : zoneOffsetMs(timeZone, (firstHour + hour) * HOUR_MS);
      }
    }
    previous = atEnd;
  }
  let constantOffset: number | undefined = offsets[0];
  for (let hour = 1; hour < hours; hour++) {
    if (offsets[hour] !== constantOffset) {
      constantOffset = undefined;
      break;
    }
  }
  const table: ZoneOffsetTable = { timeZone, firstHour, offsets, constantOffset };
  recent.unshift(table);
  if (recent.length > RECENT_TABLES) recent.pop();
  return table;
}
