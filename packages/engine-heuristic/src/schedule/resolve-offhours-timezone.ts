import { InvalidInputError } from '@finops-autopilot/core';

/**
 * Cloud Custodian's time-zone aliases for offhours tags (`Time.TZ_ALIASES` in
 * `c7n/filters/offhours.py`), alias → IANA name.
 *
 * Surprises kept from Custodian: every alias names a locality, so `est` and `pst` follow
 * daylight saving time exactly like `et` and `pt`; `ist` is Ireland (Europe/Dublin) while `it`
 * is India (Asia/Kolkata); `bst` is Europe/London all year round; `at`/`ast` mean Arizona
 * (America/Phoenix), not Atlantic time.
 */
export const OFFHOURS_TZ_ALIASES: Readonly<Record<string, string>> = Object.freeze({
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

/** Custodian's default time zone for tags without `tz=` (`Time.DEFAULT_TZ`): `et`, i.e. America/New_York. */
export const OFFHOURS_DEFAULT_TZ = 'et';

let canonicalByLowerCase: Map<string, string> | undefined;

function canonicalZoneNames(): Map<string, string> {
  if (canonicalByLowerCase === undefined) {
    canonicalByLowerCase = new Map(
      Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]),
    );
  }
  return canonicalByLowerCase;
}

/**
 * Resolves an offhours `tz` value to an IANA time-zone name.
 *
 * - A Custodian alias (see {@link OFFHOURS_TZ_ALIASES}, matched case-insensitively) maps to its
 *   IANA name: `et` → `America/New_York`, `utc` → `Etc/UTC`.
 * - Any other value must be an IANA name the runtime knows (checked with
 *   `Intl.DateTimeFormat`). Custodian lower-cases tag values and still finds the zone, so
 *   matching is case-insensitive: `america/new_york` → `America/New_York`. A name typed with
 *   capitals is returned as given; a lower-cased link name the runtime does not list (e.g.
 *   `asia/kolkata` on runtimes that list `Asia/Calcutta`) resolves to the runtime's equivalent.
 *
 * Unlike Custodian (which falls back to dateutil), POSIX TZ strings such as `utc+5` and UTC
 * offsets such as `+05:00` are rejected.
 *
 * @throws {InvalidInputError} (code `INVALID_INPUT`) when the value is neither.
 */
export function resolveOffhoursTimezone(tz: string): string {
  const cached = typeof tz === 'string' ? resolvedZones.get(tz) : undefined;
  if (cached !== undefined) return cached;
  const resolved = resolveUncached(tz);
  if (resolvedZones.size < 1000) resolvedZones.set(tz, resolved);
  return resolved;
}

/** Zones already resolved: building an `Intl.DateTimeFormat` costs tens of microseconds. */
const resolvedZones = new Map<string, string>();

function resolveUncached(tz: string): string {
  const fail = (message: string): never => {
    throw new InvalidInputError({ subject: 'offhours time zone', issues: [{ path: '', message }] });
  };
  if (typeof tz !== 'string' || tz === '') return fail('the time zone is empty');
  const alias = OFFHOURS_TZ_ALIASES[tz.toLowerCase()];
  if (alias !== undefined) return alias;
  const unknown = `"${tz}" is neither a Cloud Custodian time-zone alias (et, pt, ct, mt, utc, …) nor an IANA time zone`;
  if (!/^[A-Za-z]/.test(tz)) return fail(unknown);
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat(undefined, { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return fail(unknown);
  }
  const canonical = canonicalZoneNames().get(tz.toLowerCase());
  if (canonical !== undefined) return canonical;
  return tz === tz.toLowerCase() ? resolved : tz;
}
