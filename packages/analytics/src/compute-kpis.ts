import { breakdownRows } from './breakdown/breakdown.js';
import { identifiedSavingsKpi, realizedSavingsKpi, wastePercentKpi } from './savings/savings-kpis.js';
import { scanRecommendations } from './savings/scan-recommendations.js';
import { Issues, isArrayInput, readCurrency } from './shared/issues.js';
import { scanCosts } from './shared/scan-costs.js';
import { DAY_MS, isoString, readInstant, utcDayStart, utcMonthStart, utcYearStart } from './shared/time.js';
import {
  lastMonthSpendKpi,
  monthlySpendKpi,
  monthOverMonthKpi,
  RUN_RATE_DAYS,
  runRateKpi,
  type SpendContext,
  ytdSpendKpi,
} from './spend/spend-kpis.js';
import type { Breakdown, BreakdownWindowName, ComputeKpisOptions, KpiSummary } from './types.js';

const SUBJECT = 'KPI input';

/**
 * Computes the KPIs of one tenant at `now`: spend (this month, last month, year
 * to date, monthly run-rate), identified and realized savings, waste %, month
 * over month, and the cost breakdowns by service and by resource type. Pure and
 * deterministic: the same input gives the same output, and nothing is mutated.
 *
 * One pass over the cost records and one over the recommendations; the rest
 * works on daily totals.
 *
 * @throws {InvalidInputError} naming each bad field: `now` not a date, `currency`
 *   not an ISO 4217 code, a cost record or recommendation in another currency
 *   (never summed), an unparsable `ChargePeriodStart`, a non-finite amount, an
 *   unknown status, a bad `breakdownWindow`.
 */
export function computeKpis(options: ComputeKpisOptions): KpiSummary {
  const issues = new Issues();
  const nowMs = readInstant(options.now, 'now', issues);
  const currency = readCurrency(options.currency, issues);
  isArrayInput(options.costs, 'costs', issues);
  isArrayInput(options.recommendations, 'recommendations', issues);
  const window = Number.isNaN(nowMs)
    ? undefined
    : resolveBreakdownWindow(options.breakdownWindow, nowMs, issues);
  issues.throwIfAny(SUBJECT);
  // Every failure above added an issue, so `window` is set here.
  const breakdownWindow = window!;

  const scan = scanCosts(
    options.costs,
    { currency, nowMs, fromMs: costFromMs(nowMs), breakdown: breakdownWindow },
    issues,
  );
  const savings = scanRecommendations(options.recommendations, currency, issues);
  issues.throwIfAny(SUBJECT);

  const context: SpendContext = { scan, nowMs, currency };
  const monthlyRunRate = runRateKpi(context);
  const identifiedSavings = identifiedSavingsKpi(savings, currency);
  const byService = breakdownRows(scan.byService, 'ServiceName', breakdownWindow, currency);
  const byResourceType = breakdownRows(scan.byResourceType, 'ResourceType', breakdownWindow, currency);
  const breakdown: Breakdown = {
    window: {
      name: breakdownWindow.name,
      start: isoString(breakdownWindow.startMs),
      end: isoString(breakdownWindow.endMs),
    },
    total: byService.total,
    byService: byService.rows,
    byResourceType: byResourceType.rows,
    calculations: { byService: byService.calculation, byResourceType: byResourceType.calculation },
  };
  return {
    asOf: isoString(nowMs),
    currency,
    kpis: {
      monthlySpend: monthlySpendKpi(context),
      lastMonthSpend: lastMonthSpendKpi(context),
      ytdSpend: ytdSpendKpi(context),
      monthlyRunRate,
      identifiedSavings,
      realizedSavings: realizedSavingsKpi(savings, currency),
      wastePercent: wastePercentKpi(identifiedSavings, monthlyRunRate),
      monthOverMonth: monthOverMonthKpi(context),
    },
    breakdown,
  };
}

/** First instant any KPI reads: January 1, the month before last, or 30 days before today (UTC). */
function costFromMs(nowMs: number): number {
  return Math.min(utcYearStart(nowMs), utcMonthStart(nowMs, -2), utcDayStart(nowMs) - RUN_RATE_DAYS * DAY_MS);
}

/**
 * The span of cost records {@link computeKpis} reads at `now`: from the
 * earliest of January 1, the first day of the month before last, and 30 days
 * before today (all UTC), up to `now`. Records outside it are validated but
 * not counted (except that the earliest record tells where history starts).
 * @throws {InvalidInputError} when `now` is not a date.
 */
export function requiredCostWindow(now: Date | string): { start: string; end: string } {
  const issues = new Issues();
  const nowMs = readInstant(now, 'now', issues);
  issues.throwIfAny(SUBJECT);
  return { start: isoString(costFromMs(nowMs)), end: isoString(nowMs) };
}

interface ResolvedWindow {
  name: BreakdownWindowName | 'custom';
  startMs: number;
  endMs: number;
}

function resolveBreakdownWindow(
  window: ComputeKpisOptions['breakdownWindow'],
  nowMs: number,
  issues: Issues,
): ResolvedWindow | undefined {
  if (window === undefined || window === 'month-to-date')
    return { name: 'month-to-date', startMs: utcMonthStart(nowMs), endMs: nowMs };
  if (window === 'last-month')
    return { name: 'last-month', startMs: utcMonthStart(nowMs, -1), endMs: utcMonthStart(nowMs) };
  if (window === 'trailing-30-days')
    return { name: 'trailing-30-days', startMs: nowMs - RUN_RATE_DAYS * DAY_MS, endMs: nowMs };
  if (typeof window === 'object' && window !== null) {
    const startMs = readInstant(window.start, 'breakdownWindow.start', issues);
    const endMs = readInstant(window.end, 'breakdownWindow.end', issues);
    if (Number.isNaN(startMs) || Number.isNaN(endMs)) return undefined;
    if (endMs <= startMs) {
      issues.add('breakdownWindow.end', 'must be after breakdownWindow.start');
      return undefined;
    }
    // Nothing after `now` is counted anywhere; the window says so.
    return { name: 'custom', startMs, endMs: Math.max(startMs, Math.min(endMs, nowMs)) };
  }
  issues.add(
    'breakdownWindow',
    `must be 'month-to-date', 'last-month', 'trailing-30-days' or { start, end }, got ${JSON.stringify(window)}`,
  );
  return undefined;
}
