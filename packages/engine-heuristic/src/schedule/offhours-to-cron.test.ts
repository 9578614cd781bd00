import { describe, expect, it } from 'vitest';
import { offhoursToCron } from './offhours-to-cron.js';
import { parseOffhours } from './parse-offhours.js';

const cron = (tag: string) => offhoursToCron(parseOffhours(tag));

describe('offhoursToCron', () => {
  it('converts the README example', () => {
    expect(cron('off=[(M-F,19),(U,18)];on=[(M-F,7)];tz=et')).toEqual({
      stopCron: ['0 18 * * 0', '0 19 * * 1-5'],
      startCron: ['0 7 * * 1-5'],
      timezone: 'America/New_York',
    });
  });

  it.each([
    ['M', '1'],
    ['U', '0'],
    ['S', '6'],
    ['M-T', '1,2'],
    ['M-W', '1-3'],
    ['M-S', '1-6'],
    ['S-U', '0,6'],
    ['U-T', '0-2'],
    ['F-M', '0,1,5,6'],
    ['H-T', '0-2,4-6'],
    ['M-U', '*'],
    ['T-M', '*'],
  ])('maps the days %s to cron day-of-week %s', (days, dayOfWeek) => {
    expect(cron(`off=(${days},22)`).stopCron).toEqual([`0 22 * * ${dayOfWeek}`]);
  });

  it('merges tuples with the same hour and orders by hour', () => {
    expect(cron('off=[(F,23),(M,9),(W,9)];on=[(U,0)]')).toEqual({
      stopCron: ['0 9 * * 1,3', '0 23 * * 5'],
      startCron: ['0 0 * * 0'],
      timezone: 'America/New_York',
    });
  });

  it('returns no expressions for disabled or absent transitions', () => {
    expect(cron('off=disabled;tz=utc')).toEqual({ stopCron: [], startCron: [], timezone: 'Etc/UTC' });
  });

  it('resolves the time zone to an IANA name', () => {
    expect(cron('off=(M,1);tz=pt').timezone).toBe('America/Los_Angeles');
    expect(cron('off=(M,1);tz=europe/paris').timezone).toBe('Europe/Paris');
    expect(cron('off=(M,1)').timezone).toBe('America/New_York');
  });

  it('rejects a malformed schedule', () => {
    expect(() => offhoursToCron({ off: [{ days: [0], hour: 25 }], on: [], tz: 'et' })).toThrow(
      'off[0].hour: expected an integer from 0 to 23',
    );
  });
});
