import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ApiClient } from '../lib/api.js';
import { currentLocation, parseRoute, type Route, subscribeLocation } from '../lib/router.js';
import type { StreamMessage } from '../lib/types.js';
import { type LiveSignal, useApp } from './context.js';

/** The current route, updated on navigation and Back/Forward. */
export function useRoute(): { route: Route; location: string } {
  const location = useSyncExternalStore(subscribeLocation, currentLocation, () => '/');
  const [path = '/', search = ''] = location.split('?');
  return { route: parseRoute({ pathname: path, search: search ? `?${search}` : '' }), location };
}

export interface ResourceOptions {
  /** Refetch this often (ms), live stream or not (the operations view's 3 s). */
  pollMs?: number;
  /** Refetch this often while the live stream is down. @default 10_000 */
  fallbackPollMs?: number;
  /** Which live events make the data stale (refetched, at most once per `throttleMs`). */
  refreshOn?: (message: StreamMessage) => boolean;
  /** @default 400 */
  throttleMs?: number;
  /** Keep showing the previous data while a new key loads (tables while filters change). */
  keepPrevious?: boolean;
}

export interface ResourceState<T> {
  data: T | undefined;
  error: unknown;
  /** True until the first answer for the current key (or while refetching after an error). */
  loading: boolean;
  /** The shown data belongs to a previous key (`keepPrevious`). */
  stale: boolean;
  reload(): void;
}

interface Held<T> {
  key: string | null;
  data: T | undefined;
  dataKey: string | null;
  error: unknown;
  loading: boolean;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Data from the API for `key` (null: nothing to load), with loading and error
 * states, live refetch on matching stream events, a resync after reconnects,
 * and polling: `pollMs` always, `fallbackPollMs` while the stream is down.
 * Calls never overlap: a refetch asked for during one runs right after it.
 */
export function useResource<T>(
  key: string | null,
  load: (api: ApiClient, signal: AbortSignal) => Promise<T>,
  options: ResourceOptions = {},
): ResourceState<T> {
  const { api, live, liveState } = useApp();
  const [held, setHeld] = useState<Held<T>>({
    key,
    data: undefined,
    dataKey: null,
    error: undefined,
    loading: key !== null,
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const refreshOnRef = useRef(options.refreshOn);
  refreshOnRef.current = options.refreshOn;
  const inflight = useRef<AbortController | null>(null);
  const again = useRef(false);
  const runRef = useRef<() => void>(() => {});

  const run = useCallback(() => {
    if (key === null) return;
    if (inflight.current) {
      again.current = true;
      return;
    }
    const controller = new AbortController();
    inflight.current = controller;
    loadRef
      .current(api, controller.signal)
      .then(
        (data) => {
          if (controller.signal.aborted) return;
          setHeld({ key, data, dataKey: key, error: undefined, loading: false });
        },
        (error: unknown) => {
          if (controller.signal.aborted || isAbort(error)) return;
          setHeld((previous) => ({ ...previous, key, error, loading: false }));
        },
      )
      .finally(() => {
        if (inflight.current === controller) inflight.current = null;
        if (again.current && !controller.signal.aborted) {
          again.current = false;
          runRef.current();
        }
      });
  }, [api, key]);
  runRef.current = run;

  const keepPrevious = options.keepPrevious === true;
  useEffect(() => {
    setHeld((previous) =>
      previous.key === key && previous.dataKey === key
        ? previous
        : {
            key,
            data: keepPrevious ? previous.data : undefined,
            dataKey: keepPrevious ? previous.dataKey : null,
            error: undefined,
            loading: key !== null,
          },
    );
    run();
    return () => {
      inflight.current?.abort();
      inflight.current = null;
      again.current = false;
    };
  }, [key, run, keepPrevious]);

  const throttleMs = options.throttleMs ?? 400;
  useEffect(() => {
    if (key === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = live.subscribe((signal: LiveSignal) => {
      const stale = signal === 'resync' || refreshOnRef.current?.(signal) === true;
      if (!stale || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        runRef.current();
      }, throttleMs);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [key, live, throttleMs]);

  const streamDown = liveState.status !== 'open';
  const interval = options.pollMs ?? (streamDown ? (options.fallbackPollMs ?? 10_000) : undefined);
  useEffect(() => {
    if (key === null || !interval) return;
    const timer = setInterval(() => runRef.current(), interval);
    return () => clearInterval(timer);
  }, [key, interval]);

  const reload = useCallback(() => {
    setHeld((previous) => (previous.error ? { ...previous, loading: true } : previous));
    runRef.current();
  }, []);

  const current = held.key === key;
  return {
    data: current || keepPrevious ? held.data : undefined,
    error: current ? held.error : undefined,
    loading: !current || held.loading,
    stale: held.dataKey !== key,
    reload,
  };
}

/** Sets the document title (`<view> · FinOps Autopilot`). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · FinOps Autopilot`;
  }, [title]);
}

/** A value that follows `value` after it stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Re-renders every `ms` (for "5 s ago" labels). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
