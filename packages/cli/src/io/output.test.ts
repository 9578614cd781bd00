import { type RecommendationDraft, recommendationDraftSchema } from '@finops-autopilot/core';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, formatMoney, formatRecommendations, summaryLine } from './output.js';

function draft(overrides: Partial<RecommendationDraft> = {}): RecommendationDraft {
  return recommendationDraftSchema.parse({
    resourceId: 'i-0abc',
    provider: 'aws',
    service: 'ec2',
    resourceKind: 'compute-instance',
    region: 'us-east-1',
    kind: 'rightsize',
    action: { type: 'resize', from: 'm5.2xlarge', to: 'm5.large' },
    title: 'Downsize i-0abc from m5.2xlarge to m5.large',
    estimatedMonthlySavings: 210.24,
    currency: 'USD',
    confidence: 0.876,
    risk: 'low',
    engine: 'heuristic',
    calculation: {
      method: 'rightsize.percentile-headroom@1',
      inputs: { priceFrom: { value: 0.384, unit: 'USD/hour' } },
      formula: 'savings = (priceFrom − priceTo) × 730',
      steps: [{ label: 'savings', expression: '(0.384 − 0.096) × 730', value: 210.24, unit: 'USD/month' }],
      result: { value: 210.24, unit: 'USD/month' },
    },
    ...overrides,
  });
}

const volume = draft({
  resourceId: 'vol-1',
  service: 'ebs',
  resourceKind: 'block-volume',
  kind: 'storage-tier',
  action: { type: 'modify-volume', from: 'gp2', to: 'gp3' },
  title: 'Move vol-1, "the big one", to gp3',
  estimatedMonthlySavings: 10,
  confidence: 0.95,
  calculation: {
    method: 'storage.gp2-to-gp3@1',
    inputs: {},
    formula: 'savings = cost(gp2)\n − cost(gp3)',
    steps: [{ label: 'savings', expression: '50 − 40', value: 10 }],
    result: { value: 10, unit: 'USD/month' },
  },
});

const stop = draft({
  resourceId: 'i-idle',
  kind: 'idle',
  action: { type: 'stop' },
  title: 'Stop idle i-idle',
  estimatedMonthlySavings: 1234.5,
  risk: 'medium',
});

describe('formatRecommendations', () => {
  it('json: core drafts with their key, largest saving first', () => {
    const out = JSON.parse(formatRecommendations([volume, draft(), stop], 'json')) as Array<
      Record<string, unknown>
    >;
    expect(out.map((item) => item['key'])).toEqual([
      'i-idle|idle|stop',
      'i-0abc|rightsize|resize:m5.large',
      'vol-1|storage-tier|modify-volume:gp3',
    ]);
    expect(out[1]).toMatchObject({
      resourceId: 'i-0abc',
      kind: 'rightsize',
      action: { type: 'resize', from: 'm5.2xlarge', to: 'm5.large' },
      estimatedMonthlySavings: 210.24,
      currency: 'USD',
      confidence: 0.876,
      risk: 'low',
      title: expect.any(String),
      engine: 'heuristic',
      calculation: { method: 'rightsize.percentile-headroom@1' },
    });
    for (const item of out) expect(recommendationDraftSchema.safeParse(item).success).toBe(true);
  });

  it('csv: flat columns, quoting commas, quotes and line breaks', () => {
    const text = formatRecommendations([draft(), volume, stop], 'csv');
    const [header, ...rows] = text.trimEnd().split('\n');
    expect(header).toBe(CSV_COLUMNS.join(','));
    expect(header).toBe(
      'resource_id,kind,action,from,to,estimated_monthly_savings,currency,confidence,risk,title,calculation_method,calculation_formula,key',
    );
    expect(rows[0]).toBe(
      'i-idle,idle,stop,,,1234.50,USD,0.88,medium,Stop idle i-idle,rightsize.percentile-headroom@1,savings = (priceFrom − priceTo) × 730,i-idle|idle|stop',
    );
    expect(rows[1]).toBe(
      'i-0abc,rightsize,resize,m5.2xlarge,m5.large,210.24,USD,0.88,low,Downsize i-0abc from m5.2xlarge to m5.large,rightsize.percentile-headroom@1,savings = (priceFrom − priceTo) × 730,i-0abc|rightsize|resize:m5.large',
    );
    expect(`${rows[2]}\n${rows[3]}`).toBe(
      'vol-1,storage-tier,modify-volume,gp2,gp3,10.00,USD,0.95,low,"Move vol-1, ""the big one"", to gp3",storage.gp2-to-gp3@1,"savings = cost(gp2)\n − cost(gp3)",vol-1|storage-tier|modify-volume:gp3',
    );
  });

  it('csv: a header only when there is nothing to recommend', () => {
    expect(formatRecommendations([], 'csv')).toBe(`${CSV_COLUMNS.join(',')}\n`);
  });

  it('table: aligned columns, money and a total line', () => {
    const lines = formatRecommendations([draft(), volume, stop], 'table').trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^RESOURCE\s+KIND\s+ACTION\s+CHANGE\s+SAVINGS\/MONTH\s+CONFIDENCE\s+RISK\s+TITLE$/,
    );
    expect(lines[1]).toMatch(/^i-idle\s+idle\s+stop\s+\$1,234\.50\s+0\.88\s+medium\s+Stop idle i-idle$/);
    expect(lines[2]).toMatch(
      /^i-0abc\s+rightsize\s+resize\s+m5\.2xlarge → m5\.large\s+\$210\.24\s+0\.88\s+low\s+Downsize/,
    );
    expect(lines[3]).toContain('gp2 → gp3');
    // Money is right-aligned: every amount ends in the same column.
    const ends = lines.slice(1, 4).map((line) => line.search(/\.\d\d\s/) + 3);
    expect(new Set(ends).size).toBe(1);
    expect(lines[4]).toBe('');
    expect(lines[5]).toBe('TOTAL $1,454.74/month (3 recommendations)');
  });

  it('table: says so when there is nothing to recommend', () => {
    expect(formatRecommendations([], 'table')).toBe('No recommendations.\n');
  });
});

describe('summaryLine and formatMoney', () => {
  it('counts resources and recommendations and totals savings per currency', () => {
    expect(summaryLine(12, [draft(), volume, stop])).toBe(
      '12 resources, 3 recommendations, total USD 1,454.74/month',
    );
    expect(summaryLine(1, [])).toBe('1 resource, 0 recommendations, total USD 0.00/month');
    expect(summaryLine(2, [draft(), draft({ currency: 'EUR', estimatedMonthlySavings: 5 })])).toBe(
      '2 resources, 2 recommendations, total USD 210.24/month + EUR 5.00/month',
    );
  });

  it('formats money with the currency symbol and two decimals', () => {
    expect(formatMoney(1234.5, 'USD')).toBe('$1,234.50');
    expect(formatMoney(-12, 'USD')).toBe('-$12.00');
  });
});
