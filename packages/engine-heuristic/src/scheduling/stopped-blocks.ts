import { HOURS_PER_WEEK, type HourOfWeekProfile } from './hour-of-week-profile.js';

/**
 * Hours at the end of every idle block that stay running, so the resource is
 * started one hour before work resumes. Cloud Custodian acts at any time within
 * its `on` hour and a resource needs minutes to boot and warm up; without this
 * hour the first busy hour would start on a machine that is not there yet.
 */
export const START_LEAD_HOURS = 1;

/**
 * Longest run of hours without enough observations that is still bridged when
 * idle hours surround it. One hour covers the hour skipped when clocks go
 * forward and a window that starts mid-hour, without inventing long patterns
 * from missing data.
 */
export const MAX_BRIDGED_HOURS = 1;

/** One contiguous stretch of stopped hours; may wrap from Sunday into Monday. */
export interface StoppedBlock {
  /** First stopped hour of the week (0 = Monday 00:00 local). */
  start: number;
  /** Number of stopped hours. */
  hours: number;
}

export interface StoppedBlockOptions {
  idleCpuPercent: number;
  minWeeks: number;
  minBlockHours: number;
  /** When given, a profile that cannot reach this many stopped hours returns at once with no blocks. */
  minStoppedHoursPerWeek?: number;
}

/** What {@link planStoppedBlocks} found. */
export interface StoppedPlan {
  /** Blocks kept, ordered by start hour. */
  blocks: StoppedBlock[];
  /** Every stopped hour of the week, ascending. */
  stoppedHours: number[];
  /** True when every hour of the week is idle: a schedule cannot say "always off". */
  alwaysIdle: boolean;
  /** Fewest weeks any stopped hour was observed in (bridged hours excluded). */
  minWeeksObserved: number;
  /** Highest hourly value seen in any stopped hour. */
  peakInStopped: number;
  /** Hours stopped only because idle hours surround them (too few observations of their own). */
  bridgedHours: number[];
}

const NOTHING: StoppedPlan = Object.freeze({
  blocks: [],
  stoppedHours: [],
  alwaysIdle: false,
  minWeeksObserved: 0,
  peakInStopped: Number.NEGATIVE_INFINITY,
  bridgedHours: [],
});
const ALWAYS_IDLE: StoppedPlan = Object.freeze({ ...NOTHING, alwaysIdle: true });

const IDLE = 1;
const BUSY = 2;
const UNKNOWN = 0;
const states = new Uint8Array(HOURS_PER_WEEK);
/** Per-slot marks of bridged and of stopped hours, reused between calls. */
const bridgedMark = new Uint8Array(HOURS_PER_WEEK);
const stoppedMark = new Uint8Array(HOURS_PER_WEEK);

/**
 * Turns an hour-of-week profile into stopped blocks:
 *
 * 1. an hour is idle when its highest value in every observed week is at most
 *    `idleCpuPercent` and it was observed in at least `minWeeks` weeks; busy when
 *    any week exceeded the threshold; unknown otherwise;
 * 2. unknown runs of at most {@link MAX_BRIDGED_HOURS} between idle hours count as idle;
 * 3. idle hours merge into blocks (Sunday 23:00 is followed by Monday 00:00);
 * 4. each block gives up its last {@link START_LEAD_HOURS} hour(s) to start early;
 * 5. blocks shorter than `minBlockHours` are dropped.
 *
 * The result may be a shared frozen object; treat it as read-only.
 */
export function planStoppedBlocks(profile: HourOfWeekProfile, options: StoppedBlockOptions): StoppedPlan {
  const { slotMax, slotCount } = profile;
  let notBusy = 0;
  let idle = 0;
  for (let slot = 0; slot < HOURS_PER_WEEK; slot++) {
    const state =
      slotMax[slot]! > options.idleCpuPercent ? BUSY : slotCount[slot]! >= options.minWeeks ? IDLE : UNKNOWN;
    states[slot] = state;
    if (state !== BUSY) notBusy += 1;
    if (state === IDLE) idle += 1;
  }
  // Most resources are busy most of the week: stop before allocating anything.
  if (idle === 0 || notBusy < (options.minStoppedHoursPerWeek ?? 0)) return NOTHING;
  bridgedMark.fill(0);
  let anyBridged = false;
  for (let slot = 0; slot < HOURS_PER_WEEK; slot++) {
    if (states[slot] !== UNKNOWN || states[(slot + HOURS_PER_WEEK - 1) % HOURS_PER_WEEK] !== IDLE) continue;
    let length = 1;
    while (length <= MAX_BRIDGED_HOURS && states[(slot + length) % HOURS_PER_WEEK] === UNKNOWN) length++;
    if (length > MAX_BRIDGED_HOURS || states[(slot + length) % HOURS_PER_WEEK] !== IDLE) continue;
    for (let offset = 0; offset < length; offset++) bridgedMark[(slot + offset) % HOURS_PER_WEEK] = 1;
    anyBridged = true;
  }
  if (anyBridged)
    for (let slot = 0; slot < HOURS_PER_WEEK; slot++) if (bridgedMark[slot]) states[slot] = IDLE;

  let firstNotIdle = -1;
  for (let slot = 0; slot < HOURS_PER_WEEK && firstNotIdle === -1; slot++)
    if (states[slot] !== IDLE) firstNotIdle = slot;
  if (firstNotIdle === -1) return ALWAYS_IDLE;

  const blocks: StoppedBlock[] = [];
  let runStart = -1;
  for (let step = 1; step <= HOURS_PER_WEEK; step++) {
    const slot = (firstNotIdle + step) % HOURS_PER_WEEK;
    if (states[slot] === IDLE) {
      if (runStart === -1) runStart = slot;
      continue;
    }
    if (runStart !== -1) {
      const length = (slot - runStart + HOURS_PER_WEEK) % HOURS_PER_WEEK;
      const hours = length - START_LEAD_HOURS;
      if (hours >= options.minBlockHours) blocks.push({ start: runStart, hours });
      runStart = -1;
    }
  }
  if (blocks.length > 1) blocks.sort((a, b) => a.start - b.start);

  if (blocks.length === 0) return NOTHING;
  stoppedMark.fill(0);
  for (const block of blocks) {
    for (let offset = 0; offset < block.hours; offset++)
      stoppedMark[(block.start + offset) % HOURS_PER_WEEK] = 1;
  }
  const stoppedHours: number[] = [];
  const bridgedHours: number[] = [];
  let minWeeksObserved = Number.POSITIVE_INFINITY;
  let peakInStopped = Number.NEGATIVE_INFINITY;
  for (let slot = 0; slot < HOURS_PER_WEEK; slot++) {
    if (!stoppedMark[slot]) continue;
    stoppedHours.push(slot);
    if (bridgedMark[slot]) {
      bridgedHours.push(slot);
      continue;
    }
    if (slotCount[slot]! < minWeeksObserved) minWeeksObserved = slotCount[slot]!;
    if (slotMax[slot]! > peakInStopped) peakInStopped = slotMax[slot]!;
  }
  return {
    blocks,
    stoppedHours,
    alwaysIdle: false,
    minWeeksObserved: Number.isFinite(minWeeksObserved) ? minWeeksObserved : 0,
    peakInStopped,
    bridgedHours,
  };
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** `Fri 19:00` for hour-of-week 115. */
export function hourOfWeekLabel(hourOfWeek: number): string {
  const slot = ((hourOfWeek % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK;
  return `${DAY_NAMES[Math.floor(slot / 24)]} ${String(slot % 24).padStart(2, '0')}:00`;
}

/** `Fri 19:00–Mon 07:00 (60 h)`: from the stop to the start. */
export function blockLabel(block: StoppedBlock): string {
  return `${hourOfWeekLabel(block.start)}–${hourOfWeekLabel(block.start + block.hours)} (${block.hours} h)`;
}
