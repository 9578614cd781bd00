import { describe, expect, it } from 'vitest';
import type { HourOfWeekProfile } from './hour-of-week-profile.js';
import { blockLabel, hourOfWeekLabel, planStoppedBlocks } from './stopped-blocks.js';

const OPTIONS = { idleCpuPercent: 5, minWeeks: 2, minBlockHours: 4 };

/** A profile where `idle(hourOfWeek)` hours peaked at 1% and the others at 50%, each seen `weeks` times. */
function profile(idle: (hourOfWeek: number) => boolean, weeks = 2): HourOfWeekProfile {
  const slotMax = new Float64Array(168);
  const slotCount = new Int32Array(168).fill(weeks);
  for (let slot = 0; slot < 168; slot++) slotMax[slot] = idle(slot) ? 1 : 50;
  return { slotMax, slotCount, hoursObserved: 168 * weeks };
}

describe('planStoppedBlocks', () => {
  it('merges a block across Sunday → Monday and starts one hour early', () => {
    // Idle Saturday 00:00 (120) through Monday 06:00 (174 = 6 + 168), i.e. slots 120–167 and 0–6.
    const plan = planStoppedBlocks(
      profile((slot) => slot >= 120 || slot <= 6),
      OPTIONS,
    );
    // 55 idle hours, the last (Mon 06:00) kept running: 54 stopped, one block.
    expect(plan.blocks).toEqual([{ start: 120, hours: 54 }]);
    expect(plan.stoppedHours).toHaveLength(54);
    expect(plan.stoppedHours.slice(0, 7)).toEqual([0, 1, 2, 3, 4, 5, 120]);
    expect(blockLabel(plan.blocks[0]!)).toBe('Sat 00:00–Mon 06:00 (54 h)');
  });

  it('drops blocks shorter than minBlockHours after the early start', () => {
    // Idle 4 h (3 stopped) on Monday and 5 h (4 stopped) on Tuesday.
    const plan = planStoppedBlocks(
      profile((slot) => (slot >= 1 && slot < 5) || (slot >= 25 && slot < 30)),
      OPTIONS,
    );
    expect(plan.blocks).toEqual([{ start: 25, hours: 4 }]);
  });

  it('requires minWeeks observations and bridges a single unobserved hour only', () => {
    const idle = (slot: number) => slot >= 120;
    const once = profile(idle);
    once.slotCount[130] = 1; // one week only, between idle hours
    expect(planStoppedBlocks(once, OPTIONS)).toMatchObject({
      blocks: [{ start: 120, hours: 47 }],
      bridgedHours: [130],
      minWeeksObserved: 2,
    });

    const twice = profile(idle);
    twice.slotCount[130] = 1;
    twice.slotCount[131] = 0; // two unknown hours in a row split the block
    expect(planStoppedBlocks(twice, OPTIONS).blocks).toEqual([
      { start: 120, hours: 9 },
      { start: 132, hours: 35 },
    ]);
  });

  it('never counts an hour busy in any week as idle, however few weeks', () => {
    const busyOnce = profile((slot) => slot >= 120);
    busyOnce.slotMax[140] = 5.01;
    busyOnce.slotCount[140] = 1;
    expect(planStoppedBlocks(busyOnce, OPTIONS).stoppedHours).not.toContain(140);
  });

  it('says when the whole week is idle', () => {
    expect(
      planStoppedBlocks(
        profile(() => true),
        OPTIONS,
      ),
    ).toMatchObject({ alwaysIdle: true, blocks: [] });
  });

  it('labels hours of the week', () => {
    expect(hourOfWeekLabel(0)).toBe('Mon 00:00');
    expect(hourOfWeekLabel(115)).toBe('Fri 19:00');
    expect(hourOfWeekLabel(175)).toBe('Mon 07:00');
  });
});
