import { FinopsError } from '@finops-autopilot/core';

/**
 * A Cloud Custodian offhours tag that Custodian itself would reject (its `ScheduleParser`
 * returns `None`, or the time zone cannot be resolved). Code `INVALID_INPUT`.
 *
 * The message names the offending part of the tag and the problem, e.g.
 * `Invalid offhours tag: off=[(M-X,19)]: unknown day "x"`.
 */
export class OffhoursParseError extends FinopsError {
  /** The tag value as given. */
  readonly tag: string;
  /** The offending `key=value` part of the tag as written, or `''` when the whole tag is at fault. */
  readonly location: string;
  /** What is wrong, without the location. */
  readonly reason: string;

  constructor({
    tag,
    location,
    reason,
    cause,
  }: { tag: string; location: string; reason: string; cause?: unknown }) {
    super({
      message: `Invalid offhours tag: ${location === '' ? reason : `${location}: ${reason}`}`,
      code: 'INVALID_INPUT',
      cause,
    });
    this.name = 'OffhoursParseError';
    this.tag = tag;
    this.location = location;
    this.reason = reason;
  }
}
