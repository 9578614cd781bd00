import { FinopsError } from '@finops-autopilot/core';
import { describe, expect, it } from 'vitest';
import { OffhoursParseError } from './offhours-parse-error.js';
import { parseOffhours, tryParseOffhours } from './parse-offhours.js';
import { OFFHOURS_TZ_ALIASES } from './resolve-offhours-timezone.js';

const WEEKDAYS = [0, 1, 2, 3, 4];
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

function parseError(tag: string, options?: { defaultTz?: string }): OffhoursParseError {
  const result = tryParseOffhours(tag, options);
  if (result.ok) throw new Error(`expected ${JSON.stringify(tag)} to be rejected`);
  return result.error;
}

describe('parseOffhours: valid tags', () => {
  it('parses the README example', () => {
    expect(parseOffhours('off=[(M-F,19),(U,18)];on=[(M-F,7)];tz=et')).toEqual({
      off: [
        { days: WEEKDAYS, hour: 19 },
        { days: [6], hour: 18 },
      ],
      on: [{ days: WEEKDAYS, hour: 7 }],
      tz: 'et',
    });
  });

  it.each([
    [
      'off=(m-f,10);on=(m-f,7);tz=et',
      { off: [{ days: WEEKDAYS, hour: 10 }], on: [{ days: WEEKDAYS, hour: 7 }], tz: 'et' },
    ],
    [
      'off=[(m-f,9)];on=(m-s,10);tz=pt',
      { off: [{ days: WEEKDAYS, hour: 9 }], on: [{ days: [0, 1, 2, 3, 4, 5], hour: 10 }], tz: 'pt' },
    ],
    [
      'off=[(m-f,23)];on=(m-s,10);tz=pt',
      { off: [{ days: WEEKDAYS, hour: 23 }], on: [{ days: [0, 1, 2, 3, 4, 5], hour: 10 }], tz: 'pt' },
    ],
    [
      'off=(m-f,19);on=(m-f,7);tz=pst',
      { off: [{ days: WEEKDAYS, hour: 19 }], on: [{ days: WEEKDAYS, hour: 7 }], tz: 'pst' },
    ],
    [
      'on=[(s-m,10)];off=(s-m,19)',
      { off: [{ days: [0, 5, 6], hour: 19 }], on: [{ days: [0, 5, 6], hour: 10 }], tz: 'et' },
    ],
    [
      'on=[(m,9),(t,10),(w,7)];off=(m-u,19)',
      {
        off: [{ days: ALL_DAYS, hour: 19 }],
        on: [
          { days: [0], hour: 9 },
          { days: [1], hour: 10 },
          { days: [2], hour: 7 },
        ],
        tz: 'et',
      },
    ],
    [
      'off=[m-f,20];on=[m-f,5];tz=est',
      { off: [{ days: WEEKDAYS, hour: 20 }], on: [{ days: WEEKDAYS, hour: 5 }], tz: 'est' },
    ],
  ])('parses Custodian test-table tag %s', (tag, expected) => {
    expect(parseOffhours(tag)).toEqual(expected);
  });

  it('accepts a single tuple without brackets, and even without parentheses', () => {
    const expected = { off: [{ days: WEEKDAYS, hour: 19 }], on: [], tz: 'et' };
    expect(parseOffhours('off=(M-F,19)')).toEqual(expected);
    expect(parseOffhours('off=[(M-F,19)]')).toEqual(expected);
    expect(parseOffhours('off=M-F,19')).toEqual(expected);
  });

  it('accepts a list of tuples without brackets', () => {
    expect(parseOffhours('off=(M-F,19),(U,18)').off).toEqual([
      { days: WEEKDAYS, hour: 19 },
      { days: [6], hour: 18 },
    ]);
  });

  it('is case-insensitive and keeps the time zone lower-cased', () => {
    const upper = parseOffhours('OFF=[(M-F,19)];ON=[(M-F,7)];TZ=PT');
    const lower = parseOffhours('off=[(m-f,19)];on=[(m-f,7)];tz=pt');
    const mixed = parseOffhours('Off=[(m-F,19)];oN=[(M-f,7)];Tz=Pt');
    expect(upper).toEqual(lower);
    expect(mixed).toEqual(lower);
    expect(upper.tz).toBe('pt');
    expect(parseOffhours('off=(M,1);tz=America/New_York').tz).toBe('america/new_york');
  });

  it.each([
    ['F-M', [0, 4, 5, 6]],
    ['S-M', [0, 5, 6]],
    ['U-M', [0, 6]],
    ['S-T', [0, 1, 5, 6]],
    ['T-M', ALL_DAYS],
    ['M-U', ALL_DAYS],
    ['M-M', [0]],
    ['H', [3]],
  ])('expands the day range %s, wrapping past Sunday', (days, expected) => {
    expect(parseOffhours(`off=(${days},19)`).off).toEqual([{ days: expected, hour: 19 }]);
  });

  it('parses lists of single days as one tuple each', () => {
    expect(parseOffhours('off=[(M,19),(W,19),(F,19)]').off).toEqual([
      { days: [0], hour: 19 },
      { days: [2], hour: 19 },
      { days: [4], hour: 19 },
    ]);
  });

  it('ignores parts of a range that are not day letters when exactly two are (Custodian quirk)', () => {
    expect(parseOffhours('off=(M-X-F,19)').off).toEqual([{ days: WEEKDAYS, hour: 19 }]);
    expect(parseOffhours('off=(M-F-,19)').off).toEqual([{ days: WEEKDAYS, hour: 19 }]);
  });

  it('accepts hours 0 and 23, leading zeros and non-ASCII decimal digits, like int()', () => {
    expect(parseOffhours('off=(M,0)').off[0]?.hour).toBe(0);
    expect(parseOffhours('off=(M,23)').off[0]?.hour).toBe(23);
    expect(parseOffhours('off=(M,007)').off[0]?.hour).toBe(7);
    expect(parseOffhours('off=(M,١٩)').off[0]?.hour).toBe(19);
  });

  it('treats off=disabled / on=disabled as no transitions', () => {
    expect(parseOffhours('off=disabled;on=(M-F,7)')).toEqual({
      off: [],
      on: [{ days: WEEKDAYS, hour: 7 }],
      tz: 'et',
    });
    expect(parseOffhours('off=DISABLED;on=disabled;tz=pt')).toEqual({ off: [], on: [], tz: 'pt' });
  });

  it('lets the last duplicate key win, except that disabled does not clear an earlier value', () => {
    expect(parseOffhours('off=(M,1);off=(U,2)').off).toEqual([{ days: [6], hour: 2 }]);
    expect(parseOffhours('off=(M,1);off=disabled').off).toEqual([{ days: [0], hour: 1 }]);
    expect(parseOffhours('tz=pt;tz=ct').tz).toBe('ct');
  });

  it('accepts a tag with only a time zone', () => {
    expect(parseOffhours('tz=pt')).toEqual({ off: [], on: [], tz: 'pt' });
  });

  it('drops empty ";" parts, strips surrounding quotes and decodes tag-restriction escapes', () => {
    const expected = { off: [{ days: WEEKDAYS, hour: 19 }], on: [{ days: WEEKDAYS, hour: 7 }], tz: 'pt' };
    expect(parseOffhours(';off=(M-F,19);;on=(M-F,7);tz=pt;')).toEqual(expected);
    expect(parseOffhours("'off=(M-F,19);on=(M-F,7);tz=pt'")).toEqual(expected);
    expect(parseOffhours('"off=(M-F,19);on=(M-F,7);tz=pt"')).toEqual(expected);
    expect(parseOffhours('offu3du28mu2df,19u29u3bonU3DU28MU2DF,7U29u3btzu3dpt')).toEqual(expected);
  });

  it('ignores a key with a leading space, as Custodian reads it as " on" (Custodian quirk)', () => {
    expect(parseOffhours('off=(M-F,19); on=(M-F,7)')).toEqual({
      off: [{ days: WEEKDAYS, hour: 19 }],
      on: [],
      tz: 'et',
    });
  });

  it.each(Object.keys(OFFHOURS_TZ_ALIASES))('accepts the time-zone alias %s in either case', (alias) => {
    expect(parseOffhours(`off=(M-F,19);tz=${alias}`).tz).toBe(alias);
    expect(parseOffhours(`off=(M-F,19);tz=${alias.toUpperCase()}`).tz).toBe(alias);
  });
});

describe('parseOffhours: default time zone', () => {
  it('defaults to et, like Custodian', () => {
    expect(parseOffhours('off=(M-F,19)').tz).toBe('et');
  });

  it('uses options.defaultTz when the tag has no tz or an empty one', () => {
    expect(parseOffhours('off=(M-F,19)', { defaultTz: 'pt' }).tz).toBe('pt');
    expect(parseOffhours('off=(M-F,19);tz=', { defaultTz: 'cet' }).tz).toBe('cet');
    expect(parseOffhours('off=(M-F,19)', { defaultTz: 'Europe/Paris' }).tz).toBe('europe/paris');
  });

  it('prefers the tag time zone over options.defaultTz', () => {
    expect(parseOffhours('off=(M-F,19);tz=ct', { defaultTz: 'pt' }).tz).toBe('ct');
  });

  it('rejects an unknown options.defaultTz', () => {
    const error = parseError('off=(M-F,19)', { defaultTz: 'nowhere' });
    expect(error.location).toBe('options.defaultTz');
    expect(error.message).toContain('unknown time zone "nowhere"');
  });
});

describe('parseOffhours: invalid tags', () => {
  it.each([
    ['', 'the tag is empty'],
    [';;', 'the tag is empty'],
    ["''", 'the tag is empty'],
    ['on', '"on" is not a schedule'],
    ['OFF', '"off" is not a schedule'],
    ['off=[(M-X,19)];on=[(M-F,7)]', 'off=[(M-X,19)]: unknown day "x"'],
    ['off=(1-2,12);on=(m-f,10);tz=est', 'off=(1-2,12): unknown day "1"'],
    ['off=(x-f,10);on=(m-f,10);tz=est', 'off=(x-f,10): unknown day "x"'],
    ['off=(mon-fri,19)', 'unknown day "mon"'],
    ['off=(M-T-F,12)', 'off=(M-T-F,12): day range "m-t-f" has more than two days'],
    ['off=(M-,19)', 'day range "m-" needs a first and a last day'],
    ['off=(,19)', 'off=(,19): missing days'],
    ['off=(m-f,a);on=(m-f,10);tz=est', 'off=(m-f,a): hour "a" is not a whole number'],
    ['off=(M-F,24)', 'off=(M-F,24): hour 24 is out of range 0-23'],
    ['off=(m-f,99);on=(m-f,7);tz=pst', 'hour 99 is out of range 0-23'],
    ['off=(M-F,-1)', 'off=(M-F,-1): hour "-1" is not a whole number'],
    ['off=(M-F,1.5)', 'hour "1.5" is not a whole number'],
    ['off=(M-F, 19)', 'hour " 19" is not a whole number'],
    ['off=(M-F,19) ', 'hour "19 " is not a whole number'],
    ['off=(M-F,²)', 'hour "²" is not a whole number'],
    ['off=(m-f);on=(m-f,10);tz=est', 'off=(m-f): expected (days,hour) but found "(m-f)"'],
    ['off=(M,W,F,19)', 'list several days as separate tuples'],
    ['off=(M-F,19)(U,18)', 'separate tuples joined by ","'],
    ['off=', 'off=: missing schedule'],
    ['off=()', 'off=(): expected (days,hour) but found "()"'],
    ['on=[(M-F,7)];off', 'off: expected key=value'],
    ['bar;off=(m-f,5)', 'bar: expected key=value'],
    ['off=(M-F,19)=x', 'more than one "="'],
    ['=(M-F,19)', 'missing key before "="'],
    ['off=(m-f,5);zebra=blue,on=(t-w,5)', 'zebra=blue,on=(t-w,5): more than one "="'],
    ['off=(m-f,5);zebra=blue;on=(t-w,5)', 'unknown key "zebra"'],
    ['off=(m-f,5);zebrablue,on=(t-w,5)', 'unknown key "zebrablue,on"'],
    ['bar;off=(m-f,5);zebrablue,on=(t-w,5)', 'unknown key "zebrablue,on"'],
    ['off=(M-F,19) foo=bar', 'unknown key "foo"'],
    ['hello world', 'hello world: expected key=value'],
    ['Offhours tz=PT', 'the key is read as "offhours tz"'],
    ['off=(M-F,19);tz=abc', 'tz=abc: unknown time zone "abc"'],
    ['off=(M-F,19);tz=evt', 'unknown time zone "evt"'],
    ['off=(M-F,19);tz=+05:00', 'unknown time zone "+05:00"'],
    ['off=(M-F,19);tz=America/New York', 'unknown time zone "america/new york"'],
    ['off=(M-F,19);tz=disabled', 'unknown time zone "disabled"'],
  ])('rejects %j', (tag, message) => {
    const error = parseError(tag);
    expect(error.message).toContain(message);
    expect(() => parseOffhours(tag)).toThrow(OffhoursParseError);
  });

  it('reports an INVALID_INPUT FinopsError with the location and reason', () => {
    const error = parseError('off=[(M-X,19)];on=[(M-F,7)];tz=et');
    expect(error).toBeInstanceOf(FinopsError);
    expect(FinopsError.isInstance(error)).toBe(true);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.name).toBe('OffhoursParseError');
    expect(error.message).toBe(
      'Invalid offhours tag: off=[(M-X,19)]: unknown day "x" (days are M, T, W, H, F, S, U)',
    );
    expect(error.tag).toBe('off=[(M-X,19)];on=[(M-F,7)];tz=et');
    expect(error.location).toBe('off=[(M-X,19)]');
    expect(error.reason).toBe('unknown day "x" (days are M, T, W, H, F, S, U)');
  });

  it('rejects a non-string tag', () => {
    expect(() => parseOffhours(42 as unknown as string)).toThrow('the tag value must be a string');
  });
});

describe('tryParseOffhours', () => {
  it('returns the schedule on success', () => {
    expect(tryParseOffhours('off=(M-F,19);tz=utc')).toEqual({
      ok: true,
      schedule: { off: [{ days: WEEKDAYS, hour: 19 }], on: [], tz: 'utc' },
    });
  });

  it('returns the error on failure', () => {
    const result = tryParseOffhours('off=(M-F,24)');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(OffhoursParseError);
      expect(result.error.reason).toBe('hour 24 is out of range 0-23');
    }
  });
});
