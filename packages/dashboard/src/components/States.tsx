import type { ReactNode } from 'react';
import { describeError } from '../lib/api.js';

/** A loading placeholder that screen readers announce politely. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** An error with what went wrong and a way to try again. */
export function ErrorState({
  error,
  onRetry,
  title = 'Could not load this',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <div className="state state-error" role="alert">
      <strong>{title}</strong>
      <span>{describeError(error)}</span>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Nothing to show, and why. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children ? <div>{children}</div> : null}
    </div>
  );
}

/** A small note that a refresh failed while older data stays on screen. */
export function StaleNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <p className="stale-notice" role="status">
      Showing the last figures: the refresh failed ({describeError(error)}).{' '}
      {onRetry ? (
        <button type="button" className="link-button" onClick={onRetry}>
          Retry now
        </button>
      ) : null}
    </p>
  );
}

/**
 * The standard wrapper: loading first, then the error (with retry), then
 * `children(data)`; a failed refresh over shown data becomes a small notice.
 */
export function Async<T>({
  state,
  children,
  loadingLabel,
  errorTitle,
}: {
  state: { data: T | undefined; error: unknown; loading: boolean; reload(): void };
  children: (data: T) => ReactNode;
  loadingLabel?: string;
  errorTitle?: string;
}) {
  if (state.data === undefined) {
    if (state.error !== undefined && !state.loading)
      return (
        <ErrorState
          error={state.error}
          onRetry={state.reload}
          {...(errorTitle ? { title: errorTitle } : {})}
        />
      );
    return <Loading {...(loadingLabel ? { label: loadingLabel } : {})} />;
  }
  return (
    <>
      {state.error !== undefined ? <StaleNotice error={state.error} onRetry={state.reload} /> : null}
      {children(state.data)}
    </>
  );
}
