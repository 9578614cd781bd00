import { FinopsError } from '@finops-autopilot/core';
import { describe, expect, it } from 'vitest';
import { formatOffhours } from './format-offhours.js';
import type { OffhoursSchedule } from './offhours-schedule.js';
import { parseOffhours } from './parse-offhours.js';

const WEEKDAYS = [0, 1, 2, 3, 4];

/** Deterministic PRNG (mulberry32) so the property checks are reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every (day, hour) an off/on list acts at, as a sorted list of `day:hour`. */
function moments(transitions: OffhoursSchedule['off']): string[] {
  return [...new Set(transitions.flatMap(({ days, hour }) => days.map((day) => `${day}:${hour}`)))].sort();
}

describe('formatOffhours', () => {
  it('formats the README example', () => {
    const schedule: OffhoursSchedule = {
      off: [
        { days: WEEKDAYS, hour: 19 },
        { days: [6], hour: 18 },
      ],
      on: [{ days: WEEKDAYS, hour: 7 }],
      tz: 'et',
    };
    expect(formatOffhours(schedule)).toBe('off=[(M-F,19),(U,18)];on=[(M-F,7)];tz=et');
  });

  it.each([
    [[0, 4, 5, 6], '(F-M,19)'],
    [[0, 5, 6], '(S-M,19)'],
    [[0, 1, 5, 6], '(S-T,19)'],
    [[0, 1, 2, 3, 4, 5, 6], '(M-U,19)'],
    [[3], '(H,19)'],
    [[6, 5], '(S-U,19)'],
    [[0, 2, 4], '(M,19),(W,19),(F,19)'],
    [[0, 2, 3, 6], '(W-H,19),(U-M,19)'],
    [[1, 1, 2], '(T-W,19)'],
  ])('writes days %j as %s', (days, tuples) => {
    expect(formatOffhours({ off: [{ days, hour: 19 }], on: [], tz: 'utc' })).toBe(
      `off=[${tuples}];on=disabled;tz=utc`,
    );
  });

  it('writes empty lists as disabled and the time zone lower-cased', () => {
    expect(formatOffhours({ off: [], on: [], tz: 'America/New_York' })).toBe(
      'off=disabled;on=disabled;tz=america/new_york',
    );
  });

  it.each([
    'off=[(M-F,19),(U,18)];on=[(M-F,7)];tz=et',
    'off=(m-f,10);on=(m-f,7);tz=et',
    'off=[(m-f,9)];on=(m-s,10);tz=pt',
    'on=[(s-m,10)];off=(s-m,19)',
    'on=[(m,9),(t,10),(w,7)];off=(m-u,19)',
    'off=[m-f,20];on=[m-f,5];tz=est',
    'off=(T-M,0);tz=Europe/Paris',
    'off=(M-X-F,23),(H,0);on=disabled',
    'tz=pt',
  ])('round-trips the parsed tag %s', (tag) => {
    const schedule = parseOffhours(tag);
    const formatted = formatOffhours(schedule);
    expect(parseOffhours(formatted)).toEqual(schedule);
    expect(formatOffhours(parseOffhours(formatted))).toBe(formatted);
  });

  it('round-trips random schedules made of day ranges', () => {
    const next = random(20240601);
    const tzs = ['et', 'pt', 'utc', 'america/new_york', 'europe/berlin'];
    for (let i = 0; i < 500; i++) {
      const transitions = () =>
        Array.from({ length: Math.floor(next() * 4) }, () => {
          const start = Math.floor(next() * 7);
          const length = 1 + Math.floor(next() * 7);
          const days = Array.from({ length }, (_, k) => (start + k) % 7).sort((a, b) => a - b);
          return { days, hour: Math.floor(next() * 24) };
        });
      const schedule: OffhoursSchedule = {
        off: transitions(),
        on: transitions(),
        tz: tzs[Math.floor(next() * tzs.length)] ?? 'et',
      };
      expect(parseOffhours(formatOffhours(schedule))).toEqual(schedule);
    }
  });

  it('keeps the same transitions for random schedules with arbitrary day sets', () => {
    const next = random(7);
    for (let i = 0; i < 500; i++) {
      const transitions = () =>
        Array.from({ length: Math.floor(next() * 4) }, () => {
          const days = [0, 1, 2, 3, 4, 5, 6].filter(() => next() < 0.5);
          return { days: days.length === 0 ? [Math.floor(next() * 7)] : days, hour: Math.floor(next() * 24) };
        });
      const schedule: OffhoursSchedule = { off: transitions(), on: transitions(), tz: 'utc' };
      const formatted = formatOffhours(schedule);
      const reparsed = parseOffhours(formatted);
      expect(moments(reparsed.off)).toEqual(moments(schedule.off));
      expect(moments(reparsed.on)).toEqual(moments(schedule.on));
      expect(formatOffhours(reparsed)).toBe(formatted);
    }
  });

  it.each([
    [{ off: [{ days: [0], hour: 24 }], on: [], tz: 'et' }, 'off[0].hour: expected an integer from 0 to 23'],
    [{ off: [], on: [{ days: [0], hour: -1 }], tz: 'et' }, 'on[0].hour: expected an integer from 0 to 23'],
    [{ off: [{ days: [], hour: 1 }], on: [], tz: 'et' }, 'off[0].days: expected a non-empty array'],
    [{ off: [{ days: [7], hour: 1 }], on: [], tz: 'et' }, 'off[0].days: days must be integers from 0'],
    [{ off: [], on: [], tz: 'nowhere' }, 'tz: Invalid offhours time zone'],
    [{ off: [], on: [], tz: '' }, 'the time zone is empty'],
  ])('rejects the malformed schedule %j', (schedule, message) => {
    let caught: unknown;
    try {
      formatOffhours(schedule as OffhoursSchedule);
    } catch (error) {
      caught = error;
    }
    expect(FinopsError.isInstance(caught)).toBe(true);
    expect((caught as FinopsError).code).toBe('INVALID_INPUT');
    expect((caught as FinopsError).message).toContain(message);
  });
});
