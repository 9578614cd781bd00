/**
 * @module @finops-autopilot/analytics
 *
 * KPIs of FinOps Autopilot from FOCUS cost records and recommendations: spend
 * (this month, last month, year to date, monthly run-rate), identified and
 * realized savings, waste %, month over month, breakdowns by service and
 * resource type, and monthly cost history. Pure functions; every figure
 * carries the calculation behind it.
 */
export { computeKpis, requiredCostWindow } from './compute-kpis.js';
export { costHistory, MAX_HISTORY_MONTHS } from './cost-history.js';
export {
  IDENTIFIED_STATUSES,
  IN_FLIGHT_STATUSES,
  REALIZED_STATUSES,
} from './savings/scan-recommendations.js';
export { UNATTRIBUTED } from './shared/scan-costs.js';
export { RUN_RATE_DAYS } from './spend/spend-kpis.js';
export type {
  Breakdown,
  BreakdownRow,
  BreakdownWindow,
  BreakdownWindowName,
  ComputeKpisOptions,
  CostDimension,
  CostHistory,
  CostHistoryMonth,
  CostHistoryOptions,
  Kpi,
  KpiId,
  KpiSummary,
  KpiUnit,
} from './types.js';
