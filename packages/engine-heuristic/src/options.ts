import { FinopsError, type InputIssue, InvalidInputError } from '@finops-autopilot/core';
import { resolveOffhoursTimezone } from './schedule/resolve-offhours-timezone.js';

/** Which statistic of the lookback window is taken as a resource's peak. */
export type PercentileName = 'p90' | 'p95' | 'p99' | 'p99.5' | 'max';

export const PERCENTILES: Readonly<Record<PercentileName, number>> = {
  p90: 90,
  p95: 95,
  p99: 99,
  'p99.5': 99.5,
  max: 100,
};

/**
 * Options of the heuristic engine. Every threshold has a default chosen to be
 * safe rather than greedy; the reasoning is next to each.
 */
export interface HeuristicEngineOptions {
  /** Days of metrics analyzed (ending at the analysis time). Two weeks see two of every weekday. @default 14 */
  lookbackDays?: number;
  /** Hours of data needed before anything is proposed; less gives a diagnostic instead. @default 30 */
  minHours?: number;
  /**
   * Statistic taken as the peak. p99.5 of hourly data ignores about 1.7 of 336 hours:
   * a single spike does not block a saving, a daily peak does. @default 'p99.5'
   */
  percentile?: PercentileName;
  /** Spare capacity kept above the projected peak (0.2 = the peak may use at most 1/1.2 ≈ 83%). @default 0.2 */
  headroom?: number;
  /** Tag values that mark production (case-insensitive). @default { env: ['prod', 'production'], environment: ['prod', 'production'] } */
  productionTags?: Record<string, readonly string[]>;
  rightsizing?: {
    /** @default true */
    enabled?: boolean;
    /** Consider newer generations of the same category (m5 → m6i, m7i). @default true */
    allowGenerationChange?: boolean;
    /** Consider ARM (Graviton) types for x86 resources; flagged as a compatibility risk. @default true */
    allowArchitectureChange?: boolean;
    /** Peak CPU at or above this (%) means saturated: an upsize is proposed (a cost, not a saving). @default 90 */
    saturationPercent?: number;
    /** Savings below this (USD/month) are not worth a change window. @default 5 */
    minMonthlySavings?: number;
  };
  scheduling?: {
    /** @default true */
    enabled?: boolean;
    /** An hour of the week is idle when CPU stayed under this (%) in that hour of every week observed. @default 5 */
    idleCpuPercent?: number;
    /** Weeks of data needed: a pattern must repeat to be a pattern, a quiet day is not one. @default 2 */
    minWeeks?: number;
    /** Stopped blocks shorter than this are not worth a stop/start. @default 4 */
    minBlockHours?: number;
    /** Less than this many stopped hours per week is not proposed. @default 24 */
    minStoppedHoursPerWeek?: number;
    /** Schedule production resources too (as high risk). @default false */
    includeProduction?: boolean;
    /** Time zone the schedule is written in (IANA or a Cloud Custodian alias). @default 'UTC' */
    timezone?: string;
  };
  storage?: {
    /** @default true */
    enabled?: boolean;
    /** Volumes unattached for at least this many days are proposed for snapshot-and-delete. @default 7 */
    unattachedMinDays?: number;
    /** io1/io2 whose peak IOPS × (1 + headroom) is under this share of provisioned IOPS are over-provisioned. @default 0.5 */
    iopsUsedShare?: number;
  };
  idle?: {
    /** @default true */
    enabled?: boolean;
    /** CPU never above this (%) in the whole window. @default 2 */
    cpuPercent?: number;
    /** Network in + out never above this many bytes per hour. @default 5_000_000 (5 MB) */
    networkBytesPerHour?: number;
  };
}

/** Options with every default filled in. */
export interface ResolvedHeuristicOptions {
  lookbackDays: number;
  minHours: number;
  percentile: PercentileName;
  headroom: number;
  productionTags: Record<string, readonly string[]>;
  rightsizing: Required<NonNullable<HeuristicEngineOptions['rightsizing']>>;
  scheduling: Required<NonNullable<HeuristicEngineOptions['scheduling']>>;
  storage: Required<NonNullable<HeuristicEngineOptions['storage']>>;
  idle: Required<NonNullable<HeuristicEngineOptions['idle']>>;
}

/**
 * Fills defaults and checks ranges.
 * @throws {InvalidInputError} naming each bad option, e.g. `headroom: must be between 0 and 5`.
 */
export function resolveOptions(options: HeuristicEngineOptions = {}): ResolvedHeuristicOptions {
  const resolved: ResolvedHeuristicOptions = {
    lookbackDays: options.lookbackDays ?? 14,
    minHours: options.minHours ?? 30,
    percentile: options.percentile ?? 'p99.5',
    headroom: options.headroom ?? 0.2,
    productionTags: options.productionTags ?? {
      env: ['prod', 'production'],
      environment: ['prod', 'production'],
    },
    rightsizing: {
      enabled: true,
      allowGenerationChange: true,
      allowArchitectureChange: true,
      saturationPercent: 90,
      minMonthlySavings: 5,
      ...options.rightsizing,
    },
    scheduling: {
      enabled: true,
      idleCpuPercent: 5,
      minWeeks: 2,
      minBlockHours: 4,
      minStoppedHoursPerWeek: 24,
      includeProduction: false,
      timezone: 'UTC',
      ...options.scheduling,
    },
    storage: { enabled: true, unattachedMinDays: 7, iopsUsedShare: 0.5, ...options.storage },
    idle: { enabled: true, cpuPercent: 2, networkBytesPerHour: 5_000_000, ...options.idle },
  };
  const issues: InputIssue[] = [];
  const range = (path: string, value: number, min: number, max: number) => {
    if (!Number.isFinite(value) || value < min || value > max) {
      issues.push({ path, message: `must be between ${min} and ${max}, got ${value}` });
    }
  };
  range('lookbackDays', resolved.lookbackDays, 1, 400);
  range('minHours', resolved.minHours, 1, resolved.lookbackDays * 24);
  range('headroom', resolved.headroom, 0, 5);
  if (!(resolved.percentile in PERCENTILES)) {
    issues.push({
      path: 'percentile',
      message: `must be one of ${Object.keys(PERCENTILES).join(', ')}, got "${resolved.percentile}"`,
    });
  }
  range('rightsizing.saturationPercent', resolved.rightsizing.saturationPercent, 1, 100);
  range('rightsizing.minMonthlySavings', resolved.rightsizing.minMonthlySavings, 0, 1e9);
  range('scheduling.idleCpuPercent', resolved.scheduling.idleCpuPercent, 0, 100);
  range('scheduling.minWeeks', resolved.scheduling.minWeeks, 1, 52);
  range('scheduling.minBlockHours', resolved.scheduling.minBlockHours, 1, 167);
  range('scheduling.minStoppedHoursPerWeek', resolved.scheduling.minStoppedHoursPerWeek, 1, 167);
  range('storage.unattachedMinDays', resolved.storage.unattachedMinDays, 0, 3650);
  range('storage.iopsUsedShare', resolved.storage.iopsUsedShare, 0.01, 1);
  range('idle.cpuPercent', resolved.idle.cpuPercent, 0, 100);
  range('idle.networkBytesPerHour', resolved.idle.networkBytesPerHour, 0, 1e15);
  try {
    resolveOffhoursTimezone(resolved.scheduling.timezone);
  } catch (error) {
    if (!FinopsError.isInstance(error)) throw error;
    issues.push({ path: 'scheduling.timezone', message: error.message });
  }
  if (issues.length > 0) throw new InvalidInputError({ subject: 'heuristic engine options', issues });
  return resolved;
}
