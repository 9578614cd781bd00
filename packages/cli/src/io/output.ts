import { type RecommendationDraft, recommendationKey } from '@finops-autopilot/core';
import { csvRow } from './csv.js';

/** Output formats of `analyze`. */
export const OUTPUT_FORMATS = ['json', 'csv', 'table'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A recommendation as the CLI writes it: the engine's draft plus its identity key (`resourceId|kind|target`). */
export type OutputRecommendation = { key: string } & RecommendationDraft;

/** Columns of the CSV output, in order. */
export const CSV_COLUMNS = [
  'resource_id',
  'kind',
  'action',
  'from',
  'to',
  'estimated_monthly_savings',
  'currency',
  'confidence',
  'risk',
  'title',
  'calculation_method',
  'calculation_formula',
  'key',
] as const;

/**
 * Adds each draft's core `recommendationKey` and orders them by estimated
 * monthly savings (largest first), then key, so output is stable across runs.
 */
export function toOutputRecommendations(drafts: readonly RecommendationDraft[]): OutputRecommendation[] {
  return drafts
    .map((draft) => ({ key: recommendationKey(draft), ...draft }))
    .sort((a, b) => b.estimatedMonthlySavings - a.estimatedMonthlySavings || compare(a.key, b.key));
}

/**
 * Formats recommendations (drafts or already keyed) as text ending in a newline:
 * - `json`: an array of core recommendation drafts, each with its `key`;
 * - `csv`: one row per recommendation, columns {@link CSV_COLUMNS}, RFC 4180 quoting;
 * - `table`: aligned columns, money formatted, and a total line.
 */
export function formatRecommendations(drafts: readonly RecommendationDraft[], format: OutputFormat): string {
  const recommendations = toOutputRecommendations(drafts);
  switch (format) {
    case 'json':
      return `${JSON.stringify(recommendations, null, 2)}\n`;
    case 'csv':
      return formatCsv(recommendations);
    case 'table':
      return formatTable(recommendations);
  }
}

function actionEnds(recommendation: RecommendationDraft): {
  from: string | undefined;
  to: string | undefined;
} {
  const action = recommendation.action as { from?: unknown; to?: unknown };
  return {
    from: typeof action.from === 'string' ? action.from : undefined,
    to: typeof action.to === 'string' ? action.to : undefined,
  };
}

function formatCsv(recommendations: readonly OutputRecommendation[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const recommendation of recommendations) {
    const { from, to } = actionEnds(recommendation);
    lines.push(
      csvRow([
        recommendation.resourceId,
        recommendation.kind,
        recommendation.action.type,
        from,
        to,
        recommendation.estimatedMonthlySavings.toFixed(2),
        recommendation.currency,
        round(recommendation.confidence, 2),
        recommendation.risk,
        recommendation.title,
        recommendation.calculation.method,
        recommendation.calculation.formula,
        recommendation.key,
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

const TITLE_WIDTH = 70;

function formatTable(recommendations: readonly OutputRecommendation[]): string {
  if (recommendations.length === 0) return 'No recommendations.\n';
  const header = ['RESOURCE', 'KIND', 'ACTION', 'CHANGE', 'SAVINGS/MONTH', 'CONFIDENCE', 'RISK', 'TITLE'];
  const rightAligned = new Set([4, 5]);
  const rows = recommendations.map((recommendation) => {
    const { from, to } = actionEnds(recommendation);
    const change = from && to ? `${from} → ${to}` : (to ?? from ?? '');
    return [
      recommendation.resourceId,
      recommendation.kind,
      recommendation.action.type,
      change,
      formatMoney(recommendation.estimatedMonthlySavings, recommendation.currency),
      recommendation.confidence.toFixed(2),
      recommendation.risk,
      truncate(recommendation.title, TITLE_WIDTH),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => [...row[column]!].length)),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const padding = ' '.repeat(widths[column]! - [...cell].length);
        return rightAligned.has(column) ? padding + cell : cell + padding;
      })
      .join('  ')
      .trimEnd();
  const count = `${recommendations.length} recommendation${recommendations.length === 1 ? '' : 's'}`;
  const total = `TOTAL ${formatTotals(recommendations, formatMoney)} (${count})`;
  return `${[render(header), ...rows.map(render), '', total].join('\n')}\n`;
}

/** `$1,234.56` (en-US, the currency's own symbol). */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
}

/** `USD 1,234.56` */
function formatCode(amount: number, currency: string): string {
  const number = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${currency} ${number.format(amount)}`;
}

function formatTotals(
  recommendations: readonly RecommendationDraft[],
  format: (amount: number, currency: string) => string,
): string {
  const totals = new Map<string, number>();
  for (const { currency, estimatedMonthlySavings } of recommendations) {
    totals.set(currency, (totals.get(currency) ?? 0) + estimatedMonthlySavings);
  }
  if (totals.size === 0) totals.set('USD', 0);
  return [...totals].map(([currency, amount]) => `${format(amount, currency)}/month`).join(' + ');
}

/**
 * The summary written to stderr after an analysis:
 * `12 resources, 3 recommendations, total USD 1,234.56/month`.
 */
export function summaryLine(resourceCount: number, recommendations: readonly RecommendationDraft[]): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return (
    `${plural(resourceCount, 'resource')}, ${plural(recommendations.length, 'recommendation')}, ` +
    `total ${formatTotals(recommendations, formatCode)}`
  );
}

function truncate(text: string, width: number): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length <= width ? chars.join('') : `${chars.slice(0, width - 1).join('')}…`;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
