import { OFFHOURS_DAY_LETTERS } from './day-runs.js';
import { OffhoursParseError } from './offhours-parse-error.js';
import type { OffhoursSchedule, OffhoursTransition } from './offhours-schedule.js';
import { OFFHOURS_DEFAULT_TZ, resolveOffhoursTimezone } from './resolve-offhours-timezone.js';

/** Options of {@link parseOffhours}. */
export interface ParseOffhoursOptions {
  /**
   * Time zone for tags without `tz=` (or with an empty one), like the policy's `default_tz`.
   * An alias or IANA name; it is validated and lower-cased. @default 'et'
   */
  defaultTz?: string;
}

/** Result of {@link tryParseOffhours}. */
export type TryParseOffhoursResult =
  | { ok: true; schedule: OffhoursSchedule }
  | { ok: false; error: OffhoursParseError };

/**
 * Escapes Custodian accepts for characters some services forbid in tag values
 * (`Time.TAG_RESTRICTIONS_ESCAPE`), replaced one after another in this order.
 */
const TAG_ESCAPES: readonly (readonly [RegExp, string])[] = (
  [
    ['(', '28'],
    [')', '29'],
    ['[', '5b'],
    [']', '5d'],
    [',', '2c'],
    [';', '3b'],
    ['=', '3d'],
    ['/', '2f'],
    ['-', '2d'],
  ] as const
).map(([char, hex]) => [new RegExp(`u${hex}`, 'gi'), char] as const);

const DAY_INDEX = new Map<string, number>(OFFHOURS_DAY_LETTERS.map((letter, index) => [letter, index]));
const DAYS_HINT = 'days are M, T, W, H, F, S, U';

class PieceError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Parses a Cloud Custodian offhours tag value (the `maid_offhours` tag), accepting exactly
 * what Custodian accepts: its tag-value clean-up (`Time.get_tag_value`,
 * `Time.process_resource_schedule`), `ScheduleParser.parse`, and the time-zone check the
 * filter makes before use.
 *
 * ```ts
 * parseOffhours('off=[(M-F,19),(U,18)];on=[(M-F,7)];tz=et');
 * // { off: [{ days: [0,1,2,3,4], hour: 19 }, { days: [6], hour: 18 }],
 * //   on: [{ days: [0,1,2,3,4], hour: 7 }], tz: 'et' }
 * ```
 *
 * Grammar: `key=value` parts separated by `;`, keys `off`, `on`, `tz`. `off`/`on` values are
 * `(days,hour)` tuples, several separated by `,` and optionally wrapped in `[...]`; days are
 * one letter (`M T W H F S U`, H = Thursday, U = Sunday) or a range `M-F`; hours 0–23.
 * Case-insensitive. Days come back ascending, 0 = Monday.
 *
 * Surprising Custodian behaviour reproduced here:
 * - Ranges wrap around the week: `F-M` is Friday–Monday, `T-M` is every day.
 * - Days cannot be listed inside one tuple: `(M,W,F,19)` is rejected; write `[(M,19),(W,19),(F,19)]`.
 * - Brackets and parentheses are simply deleted, so `off=M-F,19`, `off=[M-F,19]` and
 *   `off=(M-F,19),(U,18)` are all valid.
 * - Inside a range, parts that are not day letters are ignored as long as exactly two are:
 *   `M-X-F` means `M-F`, while `M-X` and `M-T-F` are rejected.
 * - Whitespace is not trimmed. `off=(M-F, 19)` is rejected; `off=(M-F,19); on=(M-F,7)` is
 *   accepted but Custodian reads the second key as `" on"` and ignores it, so `on` comes back
 *   empty.
 * - `off=disabled` / `on=disabled` mean no transitions (an empty list). A later
 *   `off=disabled` does not undo an earlier `off=(...)`; otherwise the last duplicate key wins.
 * - `tz=pt` alone is a valid tag with empty `off` and `on` (the filter would then use the
 *   policy's default hours). The bare values `""`, `on` and `off` are not schedules and are
 *   rejected here (the filter reads them as "policy defaults" and "opted out").
 * - Quotes around the whole value are stripped; the escapes `u28 u29 u5b u5d u2c u3b u3d u2f u2d`
 *   stand for `( ) [ ] , ; = / -`; empty `;` parts are dropped.
 *
 * @throws {OffhoursParseError} when Custodian would reject the tag or its time zone.
 */
export function parseOffhours(tag: string, options: ParseOffhoursOptions = {}): OffhoursSchedule {
  if (typeof tag !== 'string') {
    throw new OffhoursParseError({
      tag: String(tag),
      location: '',
      reason: 'the tag value must be a string',
    });
  }
  const fail = (location: string, reason: string, cause?: unknown): never => {
    throw new OffhoursParseError({ tag, location, reason, cause });
  };

  const defaultTzOption = options.defaultTz ?? OFFHOURS_DEFAULT_TZ;
  try {
    resolveOffhoursTimezone(defaultTzOption);
  } catch (error) {
    fail('options.defaultTz', `unknown time zone "${defaultTzOption}"`, error);
  }

  let value = tag;
  for (const [pattern, char] of TAG_ESCAPES) value = value.replace(pattern, char);
  value = stripChar(stripChar(value, "'"), '"');
  const pieces = value.split(';').filter((piece) => piece !== '');

  if (pieces.length === 0) {
    fail('', 'the tag is empty; an offhours schedule needs off=, on= or tz= parts');
  }
  if (pieces.length === 1) {
    const only = (pieces[0] ?? '').toLowerCase();
    if (only === 'on') fail('', '"on" is not a schedule (Custodian reads it as "use the policy defaults")');
    if (only === 'off') fail('', '"off" is not a schedule (Custodian reads it as "opted out")');
  }

  // Custodian first checks every key, splitting on spaces as well as on ";".
  for (const piece of pieces) {
    for (const word of piece.split(' ')) {
      const parts = word.split('=');
      if (parts.length !== 2) continue;
      const key = parts[0] ?? '';
      if (!['off', 'on', 'tz'].includes(key.toLowerCase())) {
        fail(piece, key === '' ? 'missing key before "="' : `unknown key "${key}" (expected off, on or tz)`);
      }
    }
  }

  const schedule: OffhoursSchedule = { off: [], on: [], tz: '' };
  let tzPiece = '';
  for (const piece of pieces) {
    const parts = piece.split('=');
    if (parts.length !== 2) {
      fail(piece, parts.length === 1 ? 'expected key=value' : 'more than one "=" (expected key=value)');
    }
    const key = (parts[0] ?? '').toLowerCase();
    const rawValue = parts[1] ?? '';
    if (key === 'tz') {
      schedule.tz = rawValue.toLowerCase();
      tzPiece = piece;
      continue;
    }
    if (rawValue.toLowerCase() === 'disabled') continue;
    let transitions: OffhoursTransition[];
    try {
      transitions = parseTransitions(rawValue);
    } catch (error) {
      if (!(error instanceof PieceError)) throw error;
      const keyNote = key === 'off' || key === 'on' ? '' : ` (the key is read as ${JSON.stringify(key)})`;
      return fail(piece, error.reason + keyNote);
    }
    if (key === 'off') schedule.off = transitions;
    else if (key === 'on') schedule.on = transitions;
    // Any other key contains a space (e.g. " on"); Custodian parses its value and then ignores it.
  }

  if (schedule.tz === '') {
    schedule.tz = defaultTzOption.toLowerCase();
  } else {
    try {
      resolveOffhoursTimezone(schedule.tz);
    } catch (error) {
      fail(
        tzPiece,
        `unknown time zone "${schedule.tz}" (use an alias such as et, pt, utc, or an IANA name)`,
        error,
      );
    }
  }
  return schedule;
}

/**
 * Like {@link parseOffhours}, but returns the {@link OffhoursParseError} instead of throwing it.
 */
export function tryParseOffhours(tag: string, options?: ParseOffhoursOptions): TryParseOffhoursResult {
  try {
    return { ok: true, schedule: parseOffhours(tag, options) };
  } catch (error) {
    if (error instanceof OffhoursParseError) return { ok: false, error };
    throw error;
  }
}

function parseTransitions(value: string): OffhoursTransition[] {
  if (value === '') throw new PieceError('missing schedule (expected (days,hour), e.g. (M-F,19))');
  const transitions: OffhoursTransition[] = [];
  for (const expression of value.replace(/[[\]]/g, '').split(',(')) {
    const tokens = expression.replace(/[()]/g, '').split(',');
    if (tokens.length !== 2) {
      const found = JSON.stringify(expression);
      throw new PieceError(
        tokens.length < 2
          ? `expected (days,hour) but found ${found}`
          : `expected (days,hour) but found ${found}; a tuple holds one day or day range and one hour, ` +
              'so list several days as separate tuples joined by ",", e.g. [(M,19),(W,19)]',
      );
    }
    const [daysText = '', hourText = ''] = tokens;
    const hour = parseDigits(hourText);
    if (hour === undefined) {
      throw new PieceError(`hour ${JSON.stringify(hourText)} is not a whole number from 0 to 23`);
    }
    if (hour > 23) throw new PieceError(`hour ${hour} is out of range 0-23`);
    transitions.push({ days: expandDays(daysText.toLowerCase()), hour });
  }
  return transitions;
}

function expandDays(text: string): number[] {
  const single = DAY_INDEX.get(text);
  if (single !== undefined) return [single];
  const parts = text.split('-');
  const known: number[] = [];
  const unknown: string[] = [];
  for (const part of parts) {
    const day = DAY_INDEX.get(part);
    if (day === undefined) {
      if (part !== '') unknown.push(part);
    } else {
      known.push(day);
    }
  }
  const [start, end] = known;
  if (known.length === 2 && start !== undefined && end !== undefined) {
    const days: number[] = [];
    if (start > end) {
      for (let day = start; day < 7; day++) days.push(day);
      for (let day = 0; day <= end; day++) days.push(day);
    } else {
      for (let day = start; day <= end; day++) days.push(day);
    }
    return days.sort((a, b) => a - b);
  }
  if (known.length > 2) throw new PieceError(`day range "${text}" has more than two days`);
  if (unknown[0] !== undefined) throw new PieceError(`unknown day "${unknown[0]}" (${DAYS_HINT})`);
  if (text === '') throw new PieceError(`missing days (${DAYS_HINT})`);
  throw new PieceError(`day range "${text}" needs a first and a last day, e.g. M-F`);
}

/**
 * Python's `str.isdigit()` followed by `int()`: decimal digits of any script. Characters
 * `isdigit()` also accepts but `int()` refuses (superscripts, circled digits) make Custodian
 * fail too.
 */
function parseDigits(text: string): number | undefined {
  if (text === '') return undefined;
  let value = 0;
  for (const char of text) {
    const digit = decimalDigitValue(char);
    if (digit === undefined) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;

function decimalDigitValue(char: string): number | undefined {
  if (char >= '0' && char <= '9') return char.charCodeAt(0) - 48;
  if (!DECIMAL_DIGIT.test(char)) return undefined;
  // Unicode assigns decimal digits in contiguous blocks of ten, zero first, so the value is
  // the distance from the start of the run of decimal digits, modulo ten.
  const codePoint = char.codePointAt(0) ?? 0;
  let start = codePoint;
  while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (codePoint - start) % 10;
}

/** Python's `str.strip(char)`: removes every leading and trailing `char`. */
function stripChar(text: string, char: string): string {
  let from = 0;
  let to = text.length;
  while (from < to && text[from] === char) from++;
  while (to > from && text[to - 1] === char) to--;
  return text.slice(from, to);
}
