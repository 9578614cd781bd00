import { FinopsError } from '@finops-autopilot/core';
import { describe, expect, it } from 'vitest';
import {
  OFFHOURS_DEFAULT_TZ,
  OFFHOURS_TZ_ALIASES,
  resolveOffhoursTimezone,
} from './resolve-offhours-timezone.js';

describe('resolveOffhoursTimezone', () => {
  it("has exactly Custodian's alias table", () => {
    expect(OFFHOURS_TZ_ALIASES).toEqual({
      pdt: 'America/Los_Angeles',
      pt: 'America/Los_Angeles',
      pst: 'America/Los_Angeles',
      ast: 'America/Phoenix',
      at: 'America/Phoenix',
      est: 'America/New_York',
      edt: 'America/New_York',
      et: 'America/New_York',
      cst: 'America/Chicago',
      cdt: 'America/Chicago',
      ct: 'America/Chicago',
      mst: 'America/Denver',
      mdt: 'America/Denver',
      mt: 'America/Denver',
      gmt: 'Etc/GMT',
      gt: 'Etc/GMT',
      bst: 'Europe/London',
      ist: 'Europe/Dublin',
      cet: 'Europe/Berlin',
      it: 'Asia/Kolkata',
      jst: 'Asia/Tokyo',
      kst: 'Asia/Seoul',
      sgt: 'Asia/Singapore',
      aet: 'Australia/Sydney',
      brt: 'America/Sao_Paulo',
      nzst: 'Pacific/Auckland',
      utc: 'Etc/UTC',
    });
    expect(OFFHOURS_DEFAULT_TZ).toBe('et');
  });

  it.each(Object.entries(OFFHOURS_TZ_ALIASES))('maps the alias %s to %s, in either case', (alias, zone) => {
    expect(resolveOffhoursTimezone(alias)).toBe(zone);
    expect(resolveOffhoursTimezone(alias.toUpperCase())).toBe(zone);
    expect(() => new Intl.DateTimeFormat(undefined, { timeZone: zone })).not.toThrow();
  });

  it('passes IANA names through', () => {
    expect(resolveOffhoursTimezone('Europe/Paris')).toBe('Europe/Paris');
    expect(resolveOffhoursTimezone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    expect(resolveOffhoursTimezone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(resolveOffhoursTimezone('Etc/GMT+5')).toBe('Etc/GMT+5');
  });

  it('restores the case of lower-cased IANA names, as Custodian tags are lower-cased', () => {
    expect(resolveOffhoursTimezone('america/new_york')).toBe('America/New_York');
    expect(resolveOffhoursTimezone('america/port-au-prince')).toBe('America/Port-au-Prince');
    expect(resolveOffhoursTimezone('pacific/auckland')).toBe('Pacific/Auckland');
  });

  it.each([
    ['abc', '"abc" is neither a Cloud Custodian time-zone alias'],
    ['evt', '"evt" is neither'],
    ['', 'the time zone is empty'],
    ['+05:00', '"+05:00" is neither'],
    [' pt', '" pt" is neither'],
    ['utc ', '"utc " is neither'],
    ['America/Nowhere', '"America/Nowhere" is neither'],
  ])('rejects %j', (tz, message) => {
    let caught: unknown;
    try {
      resolveOffhoursTimezone(tz);
    } catch (error) {
      caught = error;
    }
    expect(FinopsError.isInstance(caught)).toBe(true);
    expect((caught as FinopsError).code).toBe('INVALID_INPUT');
    expect((caught as FinopsError).message).toContain(message);
  });
});
