import type { MetricWindow } from '../shared/metrics-view.js';
import { type ZoneOffsetTable, zoneOffsetMs } from './zone-offsets.js';

/** Hours in a week; slot 0 is Monday 00:00–01:00 local time, slot 167 Sunday 23:00–24:00. */
export const HOURS_PER_WEEK = 168;

const HOUR_MS = 3_600_000;
/** 1970-01-01 00:00 was a Thursday: hour 0 of the epoch is hour 72 of a Monday-first week. */
const EPOCH_SLOT = 3 * 24;

/**
 * A metric folded onto the 168 hours of the week, in local time. Valid until the
 * next call of {@link buildHourOfWeekProfile}: the arrays are reused buffers.
 */
export interface HourOfWeekProfile {
  /** Per slot, the highest hourly value seen in any week; `-Infinity` when the slot was never observed. */
  slotMax: Float64Array;
  /** Per slot, the number of distinct local hours observed (one per week for a complete series). */
  slotCount: Int32Array;
  /** Distinct local hours with data. */
  hoursObserved: number;
}

const slotMax = new Float64Array(HOURS_PER_WEEK);
const slotCount = new Int32Array(HOURS_PER_WEEK);
const profile: HourOfWeekProfile = { slotMax, slotCount, hoursObserved: 0 };

/** Slot of a local hour counted from the epoch. */
function slotOf(localHour: number): number {
  return (((localHour + EPOCH_SLOT) % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK;
}

/**
 * Folds a metric window onto the hours of the week in one pass.
 *
 * Points are grouped into local clock hours and each hour is summarized by its
 * maximum, so 1- or 5-minute data behaves like hourly data, and a short spike
 * marks the whole hour busy (a stopped instance cannot serve a spike). Each
 * local hour counts once in its slot: with the clock set back in autumn the
 * repeated hour is one observation; the skipped spring hour simply has one fewer.
 * Non-finite values are ignored.
 *
 * Requires ascending timestamps (as `MetricSeries` guarantees) and a period of at most one hour.
 */
export function buildHourOfWeekProfile(window: MetricWindow, zone: ZoneOffsetTable): HourOfWeekProfile {
  slotMax.fill(Number.NEGATIVE_INFINITY);
  slotCount.fill(0);
  const { timestamps, values } = window.series;
  const { offsets, firstHour, timeZone, constantOffset } = zone;
  let hoursObserved = 0;
  // The current local hour (since the epoch) and its slot, advanced together so that
  // the usual step of one hour costs an increment instead of a modulo.
  let currentHour = 0;
  let slot = -1;
  let hourMax = Number.NEGATIVE_INFINITY;
  for (let index = window.start; index < window.end; index++) {
    const value = values[index]!;
    if (!Number.isFinite(value)) continue;
    const at = timestamps[index]!;
    let offset = constantOffset;
    if (offset === undefined) {
      const utcHour = Math.floor(at / HOUR_MS) - firstHour;
      offset = utcHour >= 0 && utcHour < offsets.length ? offsets[utcHour]! : zoneOffsetMs(timeZone, at);
    }
    const localHour = Math.floor((at + offset) / HOUR_MS);
    if (localHour === currentHour && slot >= 0) {
      if (value > hourMax) hourMax = value;
      continue;
    }
    if (slot >= 0) {
      slotCount[slot]! += 1;
      if (hourMax > slotMax[slot]!) slotMax[slot] = hourMax;
      hoursObserved += 1;
      const step = localHour - currentHour;
      slot += step;
      if (slot >= HOURS_PER_WEEK || step < 0) slot = slotOf(localHour);
    } else {
      slot = slotOf(localHour);
    }
    currentHour = localHour;
    hourMax = value;
  }
  if (slot >= 0) {
    slotCount[slot]! += 1;
    if (hourMax > slotMax[slot]!) slotMax[slot] = hourMax;
    hoursObserved += 1;
  }
  profile.hoursObserved = hoursObserved;
  return profile;
}

/**
 * Whether at least `needed` values of the window are at most `threshold`; stops
 * scanning as soon as they are found. A cheap screen before the profile: a
 * resource that is never quiet cannot be scheduled, and most are never quiet.
 */
export function hasQuietPoints(window: MetricWindow, threshold: number, needed: number): boolean {
  if (needed <= 0) return true;
  const { values } = window.series;
  let found = 0;
  for (let index = window.start; index < window.end; index++) {
    if (values[index]! <= threshold && ++found >= needed) return true;
  }
  return false;
}
