import { type ReactNode, useEffect, useRef } from 'react';
import { useApp } from '../app/context.js';
import { useNow } from '../app/hooks.js';
import { formatAgo, humanize } from '../lib/format.js';
import type { LiveStatus } from '../lib/live.js';
import type { Route } from '../lib/router.js';
import { Link } from './Link.js';

const NAV: { name: Route['name']; to: string; label: string }[] = [
  { name: 'executive', to: '/', label: 'Executive' },
  { name: 'operations', to: '/operations', label: 'Operations' },
  { name: 'recommendations', to: '/recommendations', label: 'Recommendations' },
  { name: 'approvals', to: '/approvals', label: 'Approvals' },
];

const LIVE_TEXT: Record<LiveStatus, string> = {
  open: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting (polling)',
  stopped: 'Offline (polling)',
};

/** The live-stream indicator: connected, reconnecting (views poll meanwhile) or offline. */
export function LiveIndicator() {
  const { liveState } = useApp();
  const now = useNow(5000);
  const { status, lastEventAt } = liveState;
  const title =
    status === 'open'
      ? `Live updates over WebSocket${lastEventAt ? `; last event ${formatAgo(lastEventAt, now)}` : ''}`
      : 'The live stream is down: views refresh every 10 seconds until it is back';
  return (
    <span className={`live live-${status}`} title={title} data-testid="live-status" data-status={status}>
      <span className="live-dot" aria-hidden="true" />
      <span className="visually-hidden">Live updates: </span>
      {LIVE_TEXT[status]}
    </span>
  );
}

/** Page frame: skip link, banner with navigation, the main landmark (focused on navigation), and a footer. */
export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const { session, signOut } = useApp();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const routeKey = route.name === 'recommendation' ? `${route.name}:${route.id}` : route.name;

  // Move focus to the new page's content on navigation (not on first load), so
  // keyboard and screen-reader users start at the top of what changed.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (routeKey) main.current?.focus({ preventScroll: false });
  }, [routeKey]);

  const active = route.name === 'recommendation' ? 'recommendations' : route.name;
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="#0f5132" />
            <path
              d="M8 22l6-7 4 4 6-9"
              fill="none"
              stroke="#fff"
              strokeWidth="3"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          <span>FinOps Autopilot</span>
        </div>
        <nav aria-label="Main">
          <ul className="nav-list">
            {NAV.map((item) => (
              <li key={item.name}>
                <Link to={item.to} {...(active === item.name ? { 'aria-current': 'page' as const } : {})}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-right">
          <LiveIndicator />
          {session ? (
            <span className="user" title={session.user.email}>
              <span className="user-name">{session.user.name || session.user.email}</span>
              <span className="badge badge-outline">{humanize(session.user.role)}</span>
            </span>
          ) : null}
          <button type="button" className="button button-small" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
      <footer className="footer muted">
        <span>FinOps Autopilot dashboard</span> · <a href="/docs">API docs</a> ·{' '}
        <a href="/openapi.json">OpenAPI</a>
      </footer>
    </div>
  );
}
