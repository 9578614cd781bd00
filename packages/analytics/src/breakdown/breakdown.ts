import type { Calculation } from '@finops-autopilot/core';
import {
  CalculationBuilder,
  formatNumber,
  roundAmount,
  roundTo,
  sumTerms,
} from '../shared/calculation-builder.js';
import { addWindowInputs } from '../shared/daily-step.js';
import type { Totals } from '../shared/scan-costs.js';
import type { BreakdownRow } from '../types.js';

/** Decimals of a share (0..1). */
const SHARE_DIGITS = 6;

/**
 * Rows of one breakdown, largest cost first (ties by key), and the calculation
 * that checks them: one step per share (`cost / total`), then the total as the
 * sum of the rows. The result is the total.
 */
export function breakdownRows(
  totals: Map<string, Totals>,
  column: 'ServiceName' | 'ResourceType',
  window: { startMs: number; endMs: number },
  currency: string,
): { rows: BreakdownRow[]; total: number; calculation: Calculation } {
  const rows: BreakdownRow[] = [];
  for (const [key, { cost, records }] of totals)
    rows.push({ key, cost: roundAmount(cost), share: 0, records });
  rows.sort(
    (left, right) => right.cost - left.cost || (left.key < right.key ? -1 : left.key > right.key ? 1 : 0),
  );
  const costs = rows.map((row) => row.cost);
  const total = sumTerms(costs);

  const builder = new CalculationBuilder(
    'analytics.breakdown@1',
    `share = cost ÷ total per ${column} (missing → Unattributed); cost = Σ EffectiveCost of the cost records whose ChargePeriodStart is in the window; total = Σ cost`,
  );
  addWindowInputs(builder, window.startMs, window.endMs);
  builder.input('groupedBy', column).input('rows', rows.length, { unit: 'rows' });
  if (total > 0) {
    for (const row of rows) {
      row.share = roundTo(row.cost / total, SHARE_DIGITS);
      builder.step(
        `share of ${row.key}`,
        `${formatNumber(row.cost)} / ${formatNumber(total)}`,
        row.share,
        'ratio',
      );
    }
  } else if (rows.length > 0) {
    builder.note(`the window total is ${formatNumber(total)}: shares are 0`);
  }
  if (rows.length === 0) builder.note('no cost records in the window');
  builder.sum(
    `window total: Σ cost of the ${rows.length} row${rows.length === 1 ? '' : 's'}`,
    costs,
    currency,
  );
  return { rows, total, calculation: builder.build(currency) };
}
