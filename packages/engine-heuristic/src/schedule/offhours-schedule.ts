/**
 * One `(days,hour)` tuple of a Cloud Custodian offhours tag: at `hour` (local wall-clock
 * time in the schedule's time zone) on each of `days`, the resource is stopped (`off`) or
 * started (`on`).
 */
export interface OffhoursTransition {
  /** Days of the week, 0 = Monday … 6 = Sunday, ascending and without duplicates. */
  days: number[];
  /** Hour of the day, 0–23. Custodian acts at any time during this hour. */
  hour: number;
}

/**
 * A parsed Cloud Custodian offhours tag such as `off=[(M-F,19),(U,18)];on=[(M-F,7)];tz=et`.
 *
 * An empty `off` or `on` list means the tag has no such transitions (the key was absent or
 * set to `disabled`). Note that Custodian's `offhour`/`onhour` filters treat an absent key
 * differently from `disabled`: when the key is absent they fall back to the policy's default
 * hour, whereas `disabled` means "never". This type cannot tell the two apart.
 */
export interface OffhoursSchedule {
  /** When to stop, in tag order. */
  off: OffhoursTransition[];
  /** When to start, in tag order. */
  on: OffhoursTransition[];
  /**
   * The time zone exactly as Custodian keeps it: lower-cased, either one of its aliases
   * (`et`, `pt`, …) or an IANA name (`america/new_york`). Resolve it with
   * `resolveOffhoursTimezone`.
   */
  tz: string;
}
