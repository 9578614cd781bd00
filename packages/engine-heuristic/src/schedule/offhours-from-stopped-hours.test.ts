import { describe, expect, it } from 'vitest';
import { formatOffhours } from './format-offhours.js';
import { offhoursFromStoppedHours } from './offhours-from-stopped-hours.js';
import type { OffhoursSchedule } from './offhours-schedule.js';
import { parseOffhours } from './parse-offhours.js';

/** Hours of the week 0..167 for which `running(day, hour)` is false. */
function stoppedWhere(running: (day: number, hour: number) => boolean): number[] {
  const stopped: number[] = [];
  for (let hourOfWeek = 0; hourOfWeek < 168; hourOfWeek++) {
    if (!running(Math.floor(hourOfWeek / 24), hourOfWeek % 24)) stopped.push(hourOfWeek);
  }
  return stopped;
}

/** Steady-state stopped hours of a schedule: replay two weeks of transitions, keep the second. */
function simulate(schedule: OffhoursSchedule): number[] {
  const acts = (list: OffhoursSchedule['off'], day: number, hour: number) =>
    list.some((transition) => transition.hour === hour && transition.days.includes(day));
  let stopped = false;
  const result: number[] = [];
  for (let hourOfFortnight = 0; hourOfFortnight < 336; hourOfFortnight++) {
    const hourOfWeek = hourOfFortnight % 168;
    const day = Math.floor(hourOfWeek / 24);
    const hour = hourOfWeek % 24;
    if (acts(schedule.off, day, hour)) stopped = true;
    if (acts(schedule.on, day, hour)) stopped = false;
    if (hourOfFortnight >= 168 && stopped) result.push(hourOfWeek);
  }
  return result;
}

describe('offhoursFromStoppedHours', () => {
  it('stops weeknights and weekends', () => {
    const stopped = stoppedWhere((day, hour) => day <= 4 && hour >= 7 && hour < 19);
    const schedule = offhoursFromStoppedHours(stopped, 'et');
    expect(schedule).toEqual({
      off: [{ days: [0, 1, 2, 3, 4], hour: 19 }],
      on: [{ days: [0, 1, 2, 3, 4], hour: 7 }],
      tz: 'et',
    });
    expect(formatOffhours(schedule!)).toBe('off=[(M-F,19)];on=[(M-F,7)];tz=et');
  });

  it('reproduces the documented pacific-time example', () => {
    // up mon-fri from 6am-9pm; up sun from 10am-6pm
    const stopped = stoppedWhere(
      (day, hour) => (day <= 4 && hour >= 6 && hour < 21) || (day === 6 && hour >= 10 && hour < 18),
    );
    const schedule = offhoursFromStoppedHours(stopped, 'pt');
    expect(formatOffhours(schedule!)).toBe('off=[(M-F,21),(U,18)];on=[(M-F,6),(U,10)];tz=pt');
  });

  it('stops the weekend only, from Friday 19:00 to Monday 07:00', () => {
    const stopped = stoppedWhere(
      (day, hour) => !((day === 4 && hour >= 19) || day === 5 || day === 6 || (day === 0 && hour < 7)),
    );
    expect(formatOffhours(offhoursFromStoppedHours(stopped, 'utc')!)).toBe('off=[(F,19)];on=[(M,7)];tz=utc');
  });

  it('stops every night across midnight', () => {
    const stopped = stoppedWhere((_day, hour) => hour >= 6 && hour < 22);
    expect(formatOffhours(offhoursFromStoppedHours(stopped, 'cet')!)).toBe(
      'off=[(M-U,22)];on=[(M-U,6)];tz=cet',
    );
  });

  it('groups transitions into ranges that wrap past Sunday', () => {
    const stopped = stoppedWhere((day, hour) => {
      const previous = (day + 6) % 7;
      const eveningOff = [4, 5, 6, 0].includes(day) && hour >= 20;
      const morningOff = [4, 5, 6, 0].includes(previous) && hour < 8;
      return !(eveningOff || morningOff);
    });
    const schedule = offhoursFromStoppedHours(stopped, 'utc')!;
    expect(schedule.off).toEqual([{ days: [0, 4, 5, 6], hour: 20 }]);
    expect(schedule.on).toEqual([{ days: [0, 1, 5, 6], hour: 8 }]);
    expect(formatOffhours(schedule)).toBe('off=[(F-M,20)];on=[(S-T,8)];tz=utc');
  });

  it('handles a stop that spans Sunday night into Monday', () => {
    expect(offhoursFromStoppedHours([167, 0], 'utc')).toEqual({
      off: [{ days: [6], hour: 23 }],
      on: [{ days: [0], hour: 1 }],
      tz: 'utc',
    });
  });

  it('ignores order and duplicates and lower-cases the time zone', () => {
    expect(offhoursFromStoppedHours([3, 2, 2], 'America/New_York')).toEqual({
      off: [{ days: [0], hour: 2 }],
      on: [{ days: [0], hour: 4 }],
      tz: 'america/new_york',
    });
  });

  it('returns undefined when there is no transition', () => {
    expect(offhoursFromStoppedHours([], 'et')).toBeUndefined();
    expect(
      offhoursFromStoppedHours(
        stoppedWhere(() => false),
        'et',
      ),
    ).toBeUndefined();
  });

  it('stops exactly the requested hours, for random sets', () => {
    let state = 12345;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let i = 0; i < 200; i++) {
      const density = next();
      const stopped = stoppedWhere(() => next() >= density);
      const schedule = offhoursFromStoppedHours(stopped, 'utc');
      if (stopped.length === 0 || stopped.length === 168) {
        expect(schedule).toBeUndefined();
        continue;
      }
      expect(simulate(schedule!)).toEqual(stopped);
      expect(simulate(parseOffhours(formatOffhours(schedule!)))).toEqual(stopped);
    }
  });

  it.each([
    [[168], 'expected an hour of the week from 0 to 167, got 168'],
    [[0, -1], '[1]: expected an hour of the week from 0 to 167, got -1'],
    [[1.5], 'got 1.5'],
  ])('rejects the hours %j', (hours, message) => {
    expect(() => offhoursFromStoppedHours(hours, 'et')).toThrow(message);
  });

  it('rejects an unknown time zone', () => {
    expect(() => offhoursFromStoppedHours([1], 'nowhere')).toThrow('"nowhere" is neither');
  });
});
