export { formatOffhours } from './format-offhours.js';
export { offhoursFromStoppedHours } from './offhours-from-stopped-hours.js';
export { OffhoursParseError } from './offhours-parse-error.js';
export type { OffhoursSchedule, OffhoursTransition } from './offhours-schedule.js';
export { type OffhoursCron, offhoursToCron } from './offhours-to-cron.js';
export {
  type ParseOffhoursOptions,
  parseOffhours,
  type TryParseOffhoursResult,
  tryParseOffhours,
} from './parse-offhours.js';
export {
  OFFHOURS_DEFAULT_TZ,
  OFFHOURS_TZ_ALIASES,
  resolveOffhoursTimezone,
} from './resolve-offhours-timezone.js';
