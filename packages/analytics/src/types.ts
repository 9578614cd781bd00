import type { Calculation, CostRecord, Recommendation } from '@finops-autopilot/core';

/** Unit of a KPI: a 3-letter currency code (amounts) or `percent`. */
export type KpiUnit = 'percent' | 'USD' | (string & {});

/** Identifiers of the KPIs {@link computeKpis} returns. */
export type KpiId =
  | 'monthly-spend'
  | 'last-month-spend'
  | 'ytd-spend'
  | 'monthly-run-rate'
  | 'identified-savings'
  | 'realized-savings'
  | 'waste-percent'
  | 'month-over-month';

/**
 * One figure with the calculation behind it.
 *
 * `value` is null when the figure is undefined for the input (a ratio over a
 * zero or missing base); then `calculation` is null too and `notes` says why.
 * Otherwise `calculation.result.value === value` and every step of the
 * calculation re-evaluates with core's `evaluateArithmetic`.
 */
export interface Kpi {
  id: KpiId;
  /** Short English label for a dashboard tile. */
  label: string;
  /** Amounts: currency units with 6 decimals; percentages: 2 decimals. */
  value: number | null;
  unit: KpiUnit;
  calculation: Calculation | null;
  /** Caveats a reader needs (partial month, shortened history, excluded items); may be empty. */
  notes: string[];
}

/** One row of a cost breakdown. */
export interface BreakdownRow {
  /** `ServiceName` or `ResourceType`; `Unattributed` when the column is missing or empty. */
  key: string;
  /** EffectiveCost over the breakdown window, 6 decimals. */
  cost: number;
  /** `cost / total` (0..1 when no key is negative), 6 decimals; 0 when the total is not positive. */
  share: number;
  /** Cost records counted in the row. */
  records: number;
}

/** Named breakdown windows; see {@link ComputeKpisOptions.breakdownWindow}. */
export type BreakdownWindowName = 'month-to-date' | 'last-month' | 'trailing-30-days';

/** A breakdown window: a named one, or explicit `[start, end)` bounds. */
export type BreakdownWindow = BreakdownWindowName | { start: Date | string; end: Date | string };

/** Where the money went over one window, by `ServiceName` and by `ResourceType`. */
export interface Breakdown {
  /** The window actually used (`end` is clipped to `asOf`). */
  window: { name: BreakdownWindowName | 'custom'; start: string; end: string };
  /** Sum of the rows' costs (the same in both breakdowns up to rounding of the rows). */
  total: number;
  /** Sorted by cost, largest first; ties by key. */
  byService: BreakdownRow[];
  byResourceType: BreakdownRow[];
  calculations: { byService: Calculation; byResourceType: Calculation };
}

/** What {@link computeKpis} returns. */
export interface KpiSummary {
  /** `now`, as an ISO-8601 UTC timestamp. */
  asOf: string;
  currency: string;
  kpis: {
    /** Spend of the current UTC calendar month, up to `asOf`. */
    monthlySpend: Kpi;
    /** Spend of the last complete UTC calendar month. */
    lastMonthSpend: Kpi;
    /** Spend from January 1 (UTC) of `asOf`'s year up to `asOf`. */
    ytdSpend: Kpi;
    /** Trailing spend scaled to a 730-hour month: the base of the waste percentage. */
    monthlyRunRate: Kpi;
    /** Monthly savings of live recommendations (positive savings only). */
    identifiedSavings: Kpi;
    /** Measured monthly savings of verified recommendations. */
    realizedSavings: Kpi;
    /** identifiedSavings ÷ monthlyRunRate × 100. */
    wastePercent: Kpi;
    /** Change of the last complete month against the month before it, in percent. */
    monthOverMonth: Kpi;
  };
  breakdown: Breakdown;
}

/** Options of {@link computeKpis}. */
export interface ComputeKpisOptions {
  /** FOCUS cost records. Every one must be in `currency`; see {@link requiredCostWindow} for the span needed. */
  costs: readonly CostRecord[];
  /** Recommendations in any status; every one must be in `currency`. */
  recommendations: readonly Recommendation[];
  /** The instant the figures are computed for (a `Date` or an ISO-8601 string). */
  now: Date | string;
  /**
   * Currency of every amount. Cost records and recommendations in another
   * currency are refused, never summed. @default 'USD'
   */
  currency?: string;
  /** Window of the breakdowns. @default 'month-to-date' */
  breakdownWindow?: BreakdownWindow;
}

/** Grouping of {@link costHistory}. */
export type CostDimension = 'service' | 'resourceType';

/** Options of {@link costHistory}. */
export interface CostHistoryOptions {
  costs: readonly CostRecord[];
  now: Date | string;
  /** Calendar months, the current (partial) one included: an integer from 1 to 36. */
  months: number;
  /** Split each month by `ServiceName` or `ResourceType`. @default none (`groups` stays empty) */
  groupBy?: CostDimension;
  /** @default 'USD' */
  currency?: string;
}

/** One calendar month of {@link CostHistory}. */
export interface CostHistoryMonth {
  /** `YYYY-MM` (UTC). */
  month: string;
  /** First instant of the month, ISO-8601 UTC. */
  start: string;
  /** End of what is counted: the next month's start, or `asOf` for the current month. */
  end: string;
  /** EffectiveCost, 6 decimals; 0 for a month without records. */
  total: number;
  /** Cost per group when `groupBy` is set, largest first; `{}` otherwise. */
  groups: Record<string, number>;
  /** Cost records counted: 0 tells "no data" apart from a month that cost nothing. */
  records: number;
  /** True for the current month, which runs only to `asOf`. */
  partial: boolean;
}

/** What {@link costHistory} returns. */
export interface CostHistory {
  asOf: string;
  currency: string;
  groupBy: CostDimension | null;
  /** Oldest first, one entry per calendar month, the current month last. */
  months: CostHistoryMonth[];
  /** Month totals (each from its days, or from its groups with `groupBy`), then their sum. */
  calculation: Calculation;
}
