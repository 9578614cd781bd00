// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useRoute } from '../app/hooks.js';
import { recommendation } from '../test-support/fixtures.js';
import { fakeApi, renderWithApp } from '../test-support/render.js';
import { RecommendationsView } from './RecommendationsView.js';

afterEach(cleanup);
beforeEach(() => {
  window.history.replaceState(null, '', '/recommendations');
});

/** The view as the router renders it: its filters come from the URL. */
function Routed() {
  const { route } = useRoute();
  return route.name === 'recommendations' ? <RecommendationsView search={route.search} /> : null;
}

const items = [
  recommendation(),
  recommendation({
    id: 'rec_2',
    title: 'Rightsize web-1 from m5.xlarge to m5.large',
    kind: 'rightsize',
    service: 'ec2',
    executionMode: 'autonomous',
    status: 'verified',
    estimatedMonthlySavings: 60.74,
    confidence: 0.9,
    priority: 54.67,
  }),
];

function server() {
  return fakeApi({
    'GET /api/recommendations': (call) => {
      const mode = call.query.get('mode');
      const list =
        mode === 'autonomous' ? items.filter((item) => item.executionMode === 'autonomous') : items;
      return { items: list, total: list.length, limit: 25, offset: 0 };
    },
  });
}

const lastQuery = (calls: ReturnType<typeof server>['calls']) =>
  Object.fromEntries(calls.filter((call) => call.path === '/api/recommendations').at(-1)?.query ?? []);

describe('RecommendationsView', () => {
  it('lists recommendations with a mode badge on each row', async () => {
    const { api } = server();
    renderWithApp(<Routed />, { api });
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0] as HTMLElement).getByText('HITL')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText('Autonomous')).toBeTruthy();
    expect(within(rows[0] as HTMLElement).getByText('$413/mo')).toBeTruthy();
    expect(screen.getByTestId('results-count').textContent).toBe('1–2 of 2 recommendations');
  });

  it('filters by mode and status through the URL and the API query', async () => {
    const user = userEvent.setup();
    const { api, calls } = server();
    renderWithApp(<Routed />, { api });
    await screen.findByRole('table');
    expect(lastQuery(calls)).toMatchObject({
      mode: 'all',
      sort: 'estimatedMonthlySavings',
      order: 'desc',
      offset: '0',
    });
    await user.click(screen.getByRole('radio', { name: 'Autonomous' }));
    await waitFor(() => expect(lastQuery(calls)).toMatchObject({ mode: 'autonomous' }));
    expect(window.location.search).toBe('?mode=autonomous');
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    await user.selectOptions(screen.getByLabelText('Status'), 'live');
    await waitFor(() => expect(lastQuery(calls)).toMatchObject({ status: 'open,pending-approval,approved' }));
    expect(window.location.search).toBe('?mode=autonomous&status=live');
  });

  it('searches after a pause, and validates the minimum savings', async () => {
    const user = userEvent.setup();
    const { api, calls } = server();
    renderWithApp(<Routed />, { api });
    await screen.findByRole('table');
    await user.type(screen.getByLabelText('Search'), 'vol-1');
    await waitFor(() => expect(lastQuery(calls)).toMatchObject({ search: 'vol-1' }));
    const min = screen.getByLabelText('Min. savings (USD/month)');
    await user.type(min, 'abc');
    expect(screen.getByText(/Enter an amount of 0 or more/)).toBeTruthy();
    expect(min.getAttribute('aria-invalid')).toBe('true');
    await user.clear(min);
    await user.type(min, '50');
    await waitFor(() => expect(lastQuery(calls)).toMatchObject({ minSavings: '50', search: 'vol-1' }));
  });

  it('sorts by a column header and announces the sort', async () => {
    const user = userEvent.setup();
    const { api, calls } = server();
    renderWithApp(<Routed />, { api });
    await screen.findByRole('table');
    const header = screen.getByRole('columnheader', { name: /Confidence/ });
    expect(header.getAttribute('aria-sort')).toBe('none');
    await user.click(within(header).getByRole('button'));
    await waitFor(() => expect(lastQuery(calls)).toMatchObject({ sort: 'confidence', order: 'desc' }));
    expect(screen.getByRole('columnheader', { name: /Confidence/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    await user.click(within(screen.getByRole('columnheader', { name: /Confidence/ })).getByRole('button'));
    await waitFor(() => expect(lastQuery(calls)).toMatchObject({ sort: 'confidence', order: 'asc' }));
  });

  it('shows an empty state and an error state', async () => {
    const empty = fakeApi({
      'GET /api/recommendations': () => ({ items: [], total: 0, limit: 25, offset: 0 }),
    });
    renderWithApp(<Routed />, { api: empty.api });
    expect(await screen.findByText('No recommendations match these filters')).toBeTruthy();
    cleanup();
    const failing = fakeApi({
      'GET /api/recommendations': () => {
        throw { status: 503, body: { error: { code: 'unavailable', message: 'Store is down' } } };
      },
    });
    renderWithApp(<Routed />, { api: failing.api });
    expect((await screen.findByRole('alert')).textContent).toMatch(/Store is down/);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
