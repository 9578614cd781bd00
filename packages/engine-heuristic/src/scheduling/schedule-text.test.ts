import { describe, expect, it } from 'vitest';
import { formatOffhours } from '../schedule/format-offhours.js';
import { offhoursFromStoppedHours } from '../schedule/offhours-from-stopped-hours.js';
import { offhoursToCron } from '../schedule/offhours-to-cron.js';
import { describeSchedule } from './schedule-text.js';
import type { StoppedBlock, StoppedPlan } from './stopped-blocks.js';

function plan(blocks: StoppedBlock[]): StoppedPlan {
  const stoppedHours = blocks
    .flatMap((block) => Array.from({ length: block.hours }, (_, offset) => (block.start + offset) % 168))
    .sort((a, b) => a - b);
  return { blocks, stoppedHours, alwaysIdle: false, minWeeksObserved: 2, peakInStopped: 1, bridgedHours: [] };
}

describe('describeSchedule', () => {
  const plans = [
    plan([{ start: 115, hours: 60 }]),
    plan([19, 43, 67, 91].map((start) => ({ start, hours: 12 })).concat({ start: 115, hours: 60 })),
    plan([
      { start: 160, hours: 20 },
      { start: 40, hours: 5 },
    ]),
  ];
  for (const tz of ['UTC', 'utc', 'et', 'America/New_York', 'asia/kolkata', 'Europe/Berlin']) {
    it(`writes what the offhours functions write directly (${tz})`, () => {
      for (const stopped of plans) {
        const direct = offhoursFromStoppedHours(stopped.stoppedHours, tz)!;
        const cron = offhoursToCron(direct);
        const text = describeSchedule(stopped, tz)!;
        expect(text.offhours).toBe(formatOffhours(direct));
        expect(text.stopCron).toBe(cron.stopCron.join('; '));
        expect(text.startCron).toBe(cron.startCron.join('; '));
        expect(text.timezone).toBe(cron.timezone);
      }
    });
  }

  it('rejects an unknown time zone', () => {
    expect(() => describeSchedule(plans[0]!, 'Mars/Olympus_Mons')).toThrow(/neither a Cloud Custodian/);
  });
});
