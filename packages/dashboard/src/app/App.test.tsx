// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../lib/api.js';
import type { LiveClient } from '../lib/live.js';
import { SessionStore } from '../lib/session.js';
import {
  configStatus,
  costHistory,
  kpiSummary,
  recommendation,
  sessionAnswer,
} from '../test-support/fixtures.js';
import { fakeServer, MemoryStorage, type Route } from '../test-support/render.js';
import { App } from './App.js';

afterEach(cleanup);
beforeEach(() => {
  window.history.replaceState(null, '', '/');
});

function dashboardRoutes(overrides: Record<string, Route> = {}): Record<string, Route> {
  return {
    'POST /api/auth/login': (call) => {
      const body = call.body as { email: string; password: string };
      if (body.password !== 'right-password')
        throw { status: 401, body: { error: { code: 'unauthorized', message: 'Wrong email or password.' } } };
      return sessionAnswer(1);
    },
    'POST /api/auth/logout': () => undefined,
    'GET /api/kpis/summary': () => kpiSummary,
    'GET /api/config/status': () => configStatus,
    'GET /api/costs/history': () => costHistory,
    'GET /api/recommendations/top': () => ({ items: [recommendation()], formula: 'priority = …' }),
    ...overrides,
  };
}

function app(routes: Record<string, Route>) {
  const server = fakeServer(routes);
  const api = new ApiClient({ fetch: server.fetch, store: new SessionStore(new MemoryStorage()) });
  render(<App api={api} createLive={null} />);
  return { api, ...server };
}

describe('App: sign-in, sign-out, session expiry', () => {
  it('asks to sign in, refuses a wrong password, then shows the executive view', async () => {
    const user = userEvent.setup();
    const { calls } = app(dashboardRoutes());
    await waitFor(() => expect(window.location.pathname).toBe('/login'));
    expect(screen.getByRole('heading', { name: 'FinOps Autopilot' })).toBeTruthy();
    await user.type(screen.getByLabelText('Email'), 'admin@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong email or password.');
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'right-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Executive overview' })).toBeTruthy();
    expect(window.location.pathname).toBe('/');
    expect((await screen.findByTestId('kpi-value-monthlySpend')).textContent).toBe('$4,710');
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByTestId('config-banner').textContent).toMatch(/AI engine off/);
    expect(await screen.findByText('The AI engine is not configured yet')).toBeTruthy();
    expect(calls.find((call) => call.path === '/api/kpis/summary')?.headers.authorization).toBe(
      'Bearer access-1',
    );

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByText('You are signed out.')).toBeTruthy();
    expect(calls.some((call) => call.path === '/api/auth/logout')).toBe(true);
    expect(window.location.pathname).toBe('/login');
  });

  it('goes back to sign-in with a notice when the session expires, and returns to the same page after', async () => {
    const user = userEvent.setup();
    let expired = false;
    const routes = dashboardRoutes({
      'POST /api/auth/refresh': () => {
        throw { status: 401, body: { error: { code: 'unauthorized', message: 'Session revoked' } } };
      },
      'GET /api/telemetry': () => {
        if (expired) throw { status: 401, body: { error: { code: 'unauthorized', message: 'expired' } } };
        throw { status: 500, body: { error: { code: 'internal', message: 'not in this test' } } };
      },
    });
    const server = fakeServer(routes);
    const api = new ApiClient({
      fetch: server.fetch,
      store: new SessionStore(new MemoryStorage()),
    });
    await api.login('admin@example.com', 'right-password');
    window.history.replaceState(null, '', '/operations');
    render(<App api={api} createLive={null} />);
    expect(await screen.findByRole('heading', { name: 'Operations' })).toBeTruthy();
    expired = true;
    await act(async () => {
      await api.get('/api/telemetry').catch(() => undefined);
    });
    await waitFor(() => expect(window.location.pathname).toBe('/login'));
    expect(window.location.search).toBe('?next=%2Foperations');
    expect(screen.getByRole('status').textContent).toBe(
      'Your session has expired. Sign in again to continue.',
    );
    expired = false;
    await user.type(screen.getByLabelText('Email'), 'admin@example.com');
    await user.type(screen.getByLabelText('Password'), 'right-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(window.location.pathname).toBe('/operations'));
  });
});

describe('App: live updates', () => {
  it('refetches the KPI cards after a kpi-changed event, while more events keep arriving', async () => {
    let handlers: ConstructorParameters<typeof LiveClient>[0] | undefined;
    let version = 0;
    const server = fakeServer(
      dashboardRoutes({
        'GET /api/kpis/summary': () => {
          const summary = structuredClone(kpiSummary);
          summary.kpis.monthlySpend.value = version === 0 ? 4710 : 5230;
          return summary;
        },
      }),
    );
    const api = new ApiClient({ fetch: server.fetch, store: new SessionStore(new MemoryStorage()) });
    await api.login('admin@example.com', 'right-password');
    render(
      <App
        api={api}
        createLive={(options) => {
          handlers = options;
          return { start: () => options.onStatus?.('open'), stop: () => {} };
        }}
      />,
    );
    expect((await screen.findByTestId('kpi-value-monthlySpend')).textContent).toBe('$4,710');
    version = 1;
    // A kpi-changed event, then other events before the view's refetch is due: each one
    // re-renders the app, and the refetch must still happen.
    let seq = 1;
    const send = (message: Record<string, unknown>) =>
      act(() => {
        handlers?.onEvent({ seq: seq++, at: new Date().toISOString(), ...message } as never);
      });
    await send({ type: 'kpi-changed', payload: { etag: 'W/"2"' } });
    for (let index = 0; index < 3; index++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await send({ type: 'cycle-telemetry', payload: {} });
    }
    await waitFor(() => expect(screen.getByTestId('kpi-value-monthlySpend').textContent).toBe('$5,230'), {
      timeout: 4000,
    });
  });
});
