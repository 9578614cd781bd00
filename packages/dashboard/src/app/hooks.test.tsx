// @vitest-environment happy-dom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderWithApp } from '../test-support/render.js';
import { useResource } from './hooks.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

let served = 0;
beforeEach(() => {
  served = 0;
});

function Probe({ pollMs }: { pollMs?: number }) {
  const state = useResource<{ n: number }>(
    'probe',
    (api, signal) => api.get('/api/probe', undefined, signal),
    {
      refreshOn: (message) => message.type === 'kpi-changed',
      throttleMs: 100,
      ...(pollMs ? { pollMs } : {}),
    },
  );
  if (state.error) return <p>error</p>;
  return <p data-testid="n">{state.data ? String(state.data.n) : 'loading'}</p>;
}

const routes = {
  'GET /api/probe': () => {
    served += 1;
    return { n: served };
  },
};

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('useResource: live refresh and polling fallback', () => {
  it('polls every 10 s while the live stream is down, and stops polling when it is back', async () => {
    vi.useFakeTimers();
    const { api } = fakeApi(routes);
    const view = renderWithApp(<Probe />, { api, liveState: { status: 'reconnecting' } });
    await advance(0);
    expect(screen.getByTestId('n').textContent).toBe('1');
    await advance(9_900);
    expect(served).toBe(1);
    await advance(200);
    expect(served).toBe(2);
    await advance(10_000);
    expect(served).toBe(3);
    view.rerenderWith({ status: 'open' });
    await advance(30_000);
    expect(served).toBe(3);
    expect(screen.getByTestId('n').textContent).toBe('3');
  });

  it('refetches on matching live events (throttled) and on resync, not on others', async () => {
    vi.useFakeTimers();
    const { api } = fakeApi(routes);
    const view = renderWithApp(<Probe />, { api, liveState: { status: 'open' } });
    await advance(0);
    expect(served).toBe(1);
    act(() => {
      view.live.emit({ type: 'cycle-start', seq: 1, at: 'x', payload: {} });
    });
    await advance(500);
    expect(served).toBe(1);
    act(() => {
      for (let seq = 2; seq < 12; seq++) view.live.emit({ type: 'kpi-changed', seq, at: 'x', payload: {} });
    });
    await advance(150);
    expect(served).toBe(2);
    act(() => view.live.emit('resync'));
    await advance(150);
    expect(served).toBe(3);
    expect(screen.getByTestId('n').textContent).toBe('3');
  });

  it('polls at its own pace when asked (the operations view), live or not', async () => {
    vi.useFakeTimers();
    const { api } = fakeApi(routes);
    renderWithApp(<Probe pollMs={3000} />, { api, liveState: { status: 'open' } });
    await advance(0);
    await advance(9_100);
    expect(served).toBe(4);
  });

  it('shows the error state when the first load fails', async () => {
    const { api } = fakeApi({
      'GET /api/probe': () => {
        throw { status: 500, body: { error: { code: 'internal', message: 'boom' } } };
      },
    });
    renderWithApp(<Probe />, { api });
    expect(await screen.findByText('error')).toBeTruthy();
  });
});
