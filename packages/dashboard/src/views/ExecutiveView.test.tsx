// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { CostHistory } from '../lib/types.js';
import { configStatus, costHistory, kpiSummary, recommendation } from '../test-support/fixtures.js';
import { fakeApi, renderWithApp } from '../test-support/render.js';
import { ExecutiveView } from './ExecutiveView.js';

afterEach(cleanup);

const top = [
  recommendation(),
  recommendation({
    id: 'rec_2',
    title: 'Rightsize web-1 from m5.xlarge to m5.large',
    kind: 'rightsize',
    executionMode: 'autonomous',
    status: 'open',
    estimatedMonthlySavings: 60.74,
    priority: 54.67,
  }),
];

/** The cost history the server answers for `months` and `groupBy` (one bar per month). */
function historyFor(months: number, groupBy: string): CostHistory {
  const groups: Record<string, number> =
    groupBy === 'resourceType' ? { instance: 3000, 'block-volume': 1710.05 } : { EC2: 3605.45, RDS: 1104.6 };
  return {
    ...costHistory,
    groupBy: groupBy === 'resourceType' ? 'resourceType' : 'service',
    months: Array.from({ length: months }, (_, index) => {
      const month = `2025-${String(index + 1).padStart(2, '0')}`;
      return {
        month,
        start: `${month}-01T00:00:00.000Z`,
        end: `${month}-28T00:00:00.000Z`,
        total: 4710.05,
        groups,
        records: 100,
        partial: index === months - 1,
      };
    }),
  };
}

function server(overrides: { top?: typeof top } = {}) {
  return fakeApi({
    'GET /api/kpis/summary': () => kpiSummary,
    'GET /api/config/status': () => configStatus,
    'GET /api/costs/history': (call) =>
      historyFor(Number(call.query.get('months')), call.query.get('groupBy') ?? 'service'),
    'GET /api/recommendations/top': (call) => {
      const mode = call.query.get('mode');
      const items = overrides.top ?? top;
      return {
        items:
          mode === 'hitl' || mode === 'autonomous' ? items.filter((i) => i.executionMode === mode) : items,
        formula: 'priority = estimatedMonthlySavings × confidence',
      };
    },
  });
}

const historyCalls = (calls: ReturnType<typeof server>['calls']) =>
  calls
    .filter((call) => call.path === '/api/costs/history')
    .map((call) => `${call.query.get('months')}:${call.query.get('groupBy')}`);

/** The section of the executive view under the heading `name`, once it is rendered. */
async function sectionOf(name: string): Promise<HTMLElement> {
  return (await screen.findByRole('heading', { name })).closest('section') as HTMLElement;
}

describe('ExecutiveView', () => {
  it('shows the configuration banner and says why the AI mode history is empty', async () => {
    const { api } = server();
    renderWithApp(<ExecutiveView />, { api });
    const banner = await screen.findByTestId('config-banner');
    expect(within(banner).getByText('AI engine off: no GEMINI_API_KEY.')).toBeTruthy();
    const ai = screen.getByRole('heading', { name: 'AI mode history' }).closest('section') as HTMLElement;
    expect(within(ai).getByText('The AI engine is not configured yet')).toBeTruthy();
    expect(ai.textContent).toMatch(/GEMINI_API_KEY/);
  });

  it('switches the cost history between 6 and 12 months and between service and resource type', async () => {
    const user = userEvent.setup();
    const { api, calls } = server();
    renderWithApp(<ExecutiveView />, { api });
    const section = await sectionOf('Cost history');
    const legend = () => within(section).getByRole('list', { name: 'Legend' });
    await waitFor(() => expect(legend().textContent).toBe('EC2RDS'));
    expect(within(section).getByRole('img').querySelector('title')?.textContent).toMatch(/last 6 months/);

    await user.click(within(section).getByRole('radio', { name: '12 months' }));
    await waitFor(() =>
      expect(within(section).getByRole('img').querySelector('title')?.textContent).toMatch(/last 12 months/),
    );
    await user.click(within(section).getByRole('radio', { name: 'Resource type' }));
    await waitFor(() => expect(legend().textContent).toBe('instanceblock-volume'));
    expect(historyCalls(calls)).toEqual(['6:service', '12:service', '12:resourceType']);
    // The month's breakdown follows the same grouping.
    expect(screen.getByRole('heading', { name: 'This month by resource type' })).toBeTruthy();
    expect(
      (screen.getByRole('heading', { name: 'This month by resource type' }).closest('section') as HTMLElement)
        .textContent,
    ).toMatch(/instance/);
  });

  it('filters the top recommendations by execution mode, with a mode badge on each', async () => {
    const user = userEvent.setup();
    const { api, calls } = server();
    renderWithApp(<ExecutiveView />, { api });
    const section = await sectionOf('Top recommendations');
    await within(section).findByText(top[0]!.title);
    const cards = () => within(section).getAllByRole('listitem');
    expect(cards().map((card) => card.querySelector('[class*="badge-mode-"]')?.textContent)).toEqual([
      'Mode: HITL',
      'Mode: Autonomous',
    ]);
    await user.click(within(section).getByRole('radio', { name: 'Autonomous' }));
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(cards()[0]?.textContent).toMatch(/Autonomous/);
    const topCalls = calls.filter((call) => call.path === '/api/recommendations/top');
    expect(topCalls.map((call) => call.query.get('mode'))).toEqual(['all', 'autonomous']);
    expect(topCalls.every((call) => call.query.get('n') === '6')).toBe(true);
  });

  it('says why the top list is empty', async () => {
    const user = userEvent.setup();
    const { api } = server({ top: [] });
    renderWithApp(<ExecutiveView />, { api });
    await screen.findByText('Nothing to show for this filter');
    await user.click(screen.getByRole('radio', { name: 'Pending' }));
    await screen.findByText('No recommendation is waiting for an approval.');
  });
});
