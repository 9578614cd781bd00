import { describe, expect, it } from 'vitest';
import { createYielder } from './yield.js';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // work that never waits
  }
};

describe('createYielder', () => {
  it('lets a timer run during a long loop of work that never waits for I/O', async () => {
    const pause = createYielder(5);
    let fired = 0;
    const timer = setInterval(() => fired++, 1);
    for (let step = 0; step < 20; step++) {
      busy(3);
      await pause();
    }
    clearInterval(timer);
    expect(fired).toBeGreaterThan(3);
  });

  it('returns without a turn while the slice has not passed', async () => {
    const pause = createYielder(10_000);
    let fired = false;
    setImmediate(() => {
      fired = true;
    });
    for (let step = 0; step < 100; step++) await pause();
    expect(fired).toBe(false);
  });
});
