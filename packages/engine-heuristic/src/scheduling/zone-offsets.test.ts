import { describe, expect, it } from 'vitest';
import { zoneOffsetMs, zoneOffsetTable } from './zone-offsets.js';

const HOUR_MS = 3_600_000;

describe('zone offsets', () => {
  it('reads offsets with daylight saving', () => {
    expect(zoneOffsetMs('America/New_York', Date.parse('2026-01-15T12:00:00Z'))).toBe(-5 * HOUR_MS);
    expect(zoneOffsetMs('America/New_York', Date.parse('2026-07-15T12:00:00Z'))).toBe(-4 * HOUR_MS);
    expect(zoneOffsetMs('Asia/Kolkata', Date.parse('2026-01-15T12:34:56.789Z'))).toBe(5.5 * HOUR_MS);
    expect(zoneOffsetMs('Etc/UTC', Date.parse('2026-01-15T12:00:00Z'))).toBe(0);
  });

  it('tabulates every hour of a window exactly, across both changes of a year', () => {
    // New York: 2026-03-08 07:00 UTC (spring forward) and 2026-11-01 06:00 UTC (fall back).
    const from = Date.parse('2026-03-01T00:00:00Z');
    const to = Date.parse('2026-11-10T00:00:00Z');
    const table = zoneOffsetTable('America/New_York', from, to);
    for (let hour = 0; hour < table.offsets.length; hour++) {
      const at = (table.firstHour + hour) * HOUR_MS;
      if (table.offsets[hour] !== zoneOffsetMs('America/New_York', at)) {
        throw new Error(`offset differs at ${new Date(at).toISOString()}`);
      }
    }
    const index = (iso: string) => Date.parse(iso) / HOUR_MS - table.firstHour;
    expect(table.offsets[index('2026-03-08T06:00:00Z')]).toBe(-5 * HOUR_MS);
    expect(table.offsets[index('2026-03-08T07:00:00Z')]).toBe(-4 * HOUR_MS);
    expect(table.offsets[index('2026-11-01T05:00:00Z')]).toBe(-4 * HOUR_MS);
    expect(table.offsets[index('2026-11-01T06:00:00Z')]).toBe(-5 * HOUR_MS);
  });

  it('reuses the table of a window it already covers', () => {
    const from = Date.parse('2026-01-01T12:00:00Z');
    const to = Date.parse('2026-01-15T12:00:01Z');
    expect(zoneOffsetTable('Europe/Berlin', from, to)).toBe(zoneOffsetTable('Europe/Berlin', from, to));
  });
});
